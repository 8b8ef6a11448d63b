/**
 * The audit report of a published table: every suppressed or rounded cell with the rule that applied, and counts
 * per rule. It is published beside the snapshot (`<name>.audit.json`), so it never holds a true value: only
 * which cells were touched and why. `snapshot_sha256` ties it to the exact CSV it describes.
 */
import {z} from "zod";
import {sha256} from "../snapshot/hash.js";
import {stableJson} from "../snapshot/json.js";
import type {Hypercube} from "./hypercube.js";
import type {DisclosureOptions} from "./options.js";
import type {CellRule, Protection} from "./protect.js";

export const AUDIT_VERSION = 1;

const ruleSchema = z.enum(["zero", "rounded", "primary", "secondary-single", "secondary-sum", "secondary-linked"]);

export const auditSchema = z.strictObject({
  auditVersion: z.literal(AUDIT_VERSION),
  dataset: z.string(),
  snapshot: z.string(),
  snapshot_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  count_column: z.string(),
  by: z.array(z.string()),
  parameters: z.strictObject({threshold: z.int().positive(), round: z.int().positive(), minDenominator: z.int().positive()}),
  method: z.string(),
  cells: z.int().nonnegative(),
  published: z.int().nonnegative(),
  suppressed: z.int().nonnegative(),
  counts: z.record(ruleSchema, z.int().nonnegative()),
  /** Extract rows that could not be mapped to a CBS area, per reason (counts only). */
  unmapped: z.record(z.string(), z.int().nonnegative()).default({}),
  /** Every suppressed or rounded cell (zeros are published exactly and not listed). */
  entries: z.array(z.strictObject({region_code: z.string(), region_level: z.string(), by: z.array(z.string()), rule: ruleSchema}))
});

export type Audit = z.infer<typeof auditSchema>;

export const METHOD =
  "Primair: aantallen van 1 tot de drempel afgeschermd. Secundair: per optelling (wijk = som van buurten, " +
  "gemeente = som van wijken, totaal = som van de categorieën) nooit precies één afgeschermd deel en samen minstens " +
  "de drempel, kleinste aantallen eerst; daarna een controle over gekoppelde optellingen. Gepubliceerde aantallen afgerond " +
  "vanaf de echte waarde.";

/** Builds the audit of a protected cube whose published CSV text is `csv`. */
export function buildAudit(dataset: string, cube: Hypercube, protection: Protection, options: DisclosureOptions, count: string, csv: string, unmapped: Record<string, number> = {}): Audit {
  const counts = {} as Record<CellRule, number>;
  for (const r of ["zero", "rounded", "primary", "secondary-single", "secondary-sum", "secondary-linked"] as CellRule[]) counts[r] = 0;
  const entries: Audit["entries"] = [];
  cube.cells.forEach((cell) => {
    const rule = protection.rule[cell.id];
    counts[rule]++;
    if (rule !== "zero") entries.push({region_code: cell.area, region_level: cell.level, by: cell.by, rule});
  });
  const suppressed = protection.published.filter((v) => v == null).length;
  return {
    auditVersion: AUDIT_VERSION,
    dataset,
    snapshot: `${dataset}.csv`,
    snapshot_sha256: sha256(csv),
    count_column: count,
    by: cube.byColumns,
    parameters: options,
    method: METHOD,
    cells: cube.cells.length,
    published: cube.cells.length - suppressed,
    suppressed,
    counts,
    unmapped,
    entries
  };
}

/** The audit file text (stable JSON). */
export function auditJson(audit: Audit): string {
  return stableJson(audit);
}

/** Parses audit text, naming the file on error. */
export function parseAudit(text: string, file: string): Audit {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const result = auditSchema.safeParse(json);
  if (!result.success) throw new Error(`${file}: not a disclosure-control audit: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return result.data;
}
