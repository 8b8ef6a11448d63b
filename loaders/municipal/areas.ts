/**
 * Maps extract rows to CBS area codes: a buurt or wijk code as given, or a PC6 postcode through the user's
 * postcode → buurt table. Rows that cannot be mapped are reported by reason with counts and line numbers,
 * never with their values.
 */
import {areaLevel} from "../privacy/hierarchy.js";
import type {Leaf} from "../privacy/hypercube.js";
import {describeRead, readExtract} from "./read.js";
import {ExtractError, type ExtractRow} from "./validate.js";

/** Why a row could not be mapped to a CBS code. */
export type UnmappedReason = "empty" | "unknown-postcode" | "unknown-code";

/** Unmapped rows per reason: how many, and the first line numbers. */
export type UnmappedReport = Partial<Record<UnmappedReason, {count: number; lines: number[]}>>;

const MAX_LINES = 50;

/** `1234 ab` → `1234AB`, or null when it is not a PC6 postcode. */
export function normalisePostcode(value: string): string | null {
  const s = value.replace(/\s+/g, "").toUpperCase();
  return /^[1-9]\d{3}[A-Z]{2}$/.test(s) ? s : null;
}

/** Reads a postcode → buurt table (columns `postcode` and `buurtcode`); errors name the row. `log` hears how it was read. */
export async function readPostcodes(path: string, label: string, log?: (line: string) => void): Promise<Map<string, string>> {
  const raw = await readExtract(path, label);
  log?.(`${label}: read as ${describeRead(raw)}`);
  const missing = ["postcode", "buurtcode"].filter((c) => !raw.columns.includes(c));
  if (missing.length) throw new ExtractError(raw.file, [`missing column(s) ${missing.join(", ")}; a postcode table has columns postcode and buurtcode`]);
  const map = new Map<string, string>();
  const issues: string[] = [];
  for (const {line, values} of raw.rows) {
    const pc = normalisePostcode(String(values.postcode));
    const bu = String(values.buurtcode).trim().toUpperCase();
    if (!pc) issues.push(`row ${line}, column "postcode": not a PC6 postcode such as 1234AB`);
    else if (areaLevel(bu) !== "buurt") issues.push(`row ${line}, column "buurtcode": not a CBS buurt code such as BU03630001`);
    else if (map.has(pc) && map.get(pc) !== bu) issues.push(`row ${line}, column "postcode": the postcode is mapped to two buurten`);
    else map.set(pc, bu);
  }
  if (issues.length) throw new ExtractError(raw.file, issues);
  return map;
}

export interface MappedExtract {
  leaves: Leaf[];
  /** Every leaf area the output should have a row for (including areas without records). */
  areas: string[];
  unmapped: UnmappedReport;
  mappedRows: number;
}

/**
 * Maps rows to leaf counts. With `postcodes` the area column holds PC6 postcodes; otherwise buurt or wijk codes.
 * `gemeente` (e.g. GM0363) limits the codes to one municipality.
 */
export function mapToAreas(rows: ExtractRow[], {postcodes, gemeente}: {postcodes?: Map<string, string>; gemeente?: string}): MappedExtract {
  const unmapped: UnmappedReport = {};
  const skip = (reason: UnmappedReason, line: number) => {
    const r = (unmapped[reason] ??= {count: 0, lines: []});
    r.count++;
    if (r.lines.length < MAX_LINES) r.lines.push(line);
  };
  const inGemeente = (code: string) => !gemeente || code.slice(2, 6) === gemeente.slice(2);
  const known = postcodes ? new Set([...postcodes.values()].filter(inGemeente)) : null;
  const sums = new Map<string, Leaf>();
  let mappedRows = 0;
  for (const row of rows) {
    if (row.area === "") {
      skip("empty", row.line);
      continue;
    }
    let code: string | undefined;
    if (postcodes) {
      const pc = normalisePostcode(row.area);
      code = pc ? postcodes.get(pc) : undefined;
      if (!code) {
        // A buurt code in a postcode column is accepted; anything else is an unknown postcode.
        const asCode = row.area.toUpperCase();
        if (areaLevel(asCode) === "buurt" && known!.has(asCode)) code = asCode;
        else {
          skip("unknown-postcode", row.line);
          continue;
        }
      }
    } else {
      code = row.area.toUpperCase();
    }
    const level = areaLevel(code);
    if ((level !== "buurt" && level !== "wijk") || !inGemeente(code) || (known && !known.has(code))) {
      skip("unknown-code", row.line);
      continue;
    }
    mappedRows++;
    const key = `${code}\u0001${row.by.join("\u0001")}`;
    const leaf = sums.get(key);
    if (leaf) leaf.value += row.count;
    else sums.set(key, {area: code, by: row.by, value: row.count});
  }
  const leaves = [...sums.values()];
  const areas = known ? [...known].sort() : [...new Set(leaves.map((l) => l.area))].sort();
  return {leaves, areas, unmapped, mappedRows};
}

/** One line per reason, for the pull log: `unknown-postcode: 3 rows (lines 14, 92, 310)`. */
export function describeUnmapped(report: UnmappedReport): string[] {
  return Object.entries(report).map(([reason, r]) => `${reason}: ${r.count} row(s) (line${r.lines.length > 1 ? "s" : ""} ${r.lines.join(", ")}${r.count > r.lines.length ? ", …" : ""})`);
}
