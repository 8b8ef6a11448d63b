/** Writers for the wide table (CSV, JSON, Arrow IPC) and the provenance file beside it (`<file>.meta.json`). */
import {createHash} from "node:crypto";
import {mkdir, rename, writeFile} from "node:fs/promises";
import {basename, dirname} from "node:path";
import {stringify} from "csv-stringify/sync";
import {rowsToArrow} from "../arrow.js";
import type {FetchResult} from "./fetch.js";

/** Output formats of `buurtboek cbs fetch`. */
export type OutputFormat = "csv" | "json" | "arrow";

/** The table serialised in a format: CSV leaves missing values empty, JSON and Arrow use null. */
export function serialise(result: Pick<FetchResult, "columns" | "rows" | "table">, format: OutputFormat): Uint8Array {
  const names = result.columns.map((c) => c.name);
  if (format === "csv") {
    // cast: csv-stringify writes null as "" already; numbers are printed with JS's shortest round-trip form.
    return Buffer.from(stringify(result.rows, {header: true, columns: names, cast: {number: (n) => String(n)}}), "utf8");
  }
  if (format === "json") {
    const ordered = result.rows.map((r) => Object.fromEntries(names.map((n) => [n, r[n] ?? null])));
    return Buffer.from(JSON.stringify(ordered) + "\n", "utf8");
  }
  return rowsToArrow(result.rows, Object.fromEntries(result.columns.map((c) => [c.name, c.type])), result.table.id);
}

/** The provenance record written next to the output. */
export interface OutputMeta {
  table: {id: string; title: string; modified: string};
  api: "v3" | "v4";
  source: string;
  license: string;
  file: string;
  format: OutputFormat;
  fetched_at: string;
  rows: number;
  sha256: string;
  columns: {name: string; type: string}[];
  measures: Record<string, {title: string; unit: string | null; decimals: number | null}>;
  requests: string[];
}

/**
 * Writes the table and `<file>.meta.json` (table id, title and CBS Modified, every request URL, fetched_at,
 * row count, sha256 of the written bytes, and per measure its title, unit and decimals). Both files are written
 * to a temporary name first, so an interrupted run never leaves a table without its provenance.
 */
export async function writeOutput(result: FetchResult, format: OutputFormat, file: string): Promise<{sha256: string; rows: number}> {
  const bytes = serialise(result, format);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const meta: OutputMeta = {
    table: result.table,
    api: result.api ?? "v3",
    source: "Bron: CBS",
    license: "CC BY 4.0",
    file: basename(file),
    format,
    fetched_at: result.fetchedAt,
    rows: result.rows.length,
    sha256,
    columns: result.columns,
    measures: Object.fromEntries(result.measures.map((m) => [m.key, {title: m.title, unit: m.unit, decimals: m.decimals}])),
    requests: result.requests
  };
  await mkdir(dirname(file), {recursive: true});
  await atomicWrite(file, bytes);
  await atomicWrite(`${file}.meta.json`, Buffer.from(JSON.stringify(meta, null, 2) + "\n", "utf8"));
  return {sha256, rows: result.rows.length};
}

async function atomicWrite(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}
