/**
 * The audits of a published table. Two documents, because a rule per cell narrows a suppressed count: a cell
 * suppressed as "primary" is known to be 1 … threshold − 1, one suppressed as "secondary" to be at least the
 * threshold, and with rounding that pins cells down (a wijk of 10 with buurten of 10 and a primary cell leaves the
 * small count at 1 or 2).
 *
 * - The **published audit** (`snapshots/<name>.audit.json`, hashed in the lock, readable by pages) says only what is
 *   safe: the parameters, the method, how many cells there are and how many were suppressed in total, and how many
 *   extract rows could not be mapped. `snapshot_sha256` ties it to the exact CSV it describes.
 * - The **private audit** (`private/audits/<name>.audit.json`, next to the private data, never in snapshots/) adds
 *   the rule of every suppressed or rounded cell, the counts per rule and the interval check. It never holds a true
 *   count either.
 */
import {z} from "zod";
import {sha256} from "../snapshot/hash.js";
import {stableJson} from "../snapshot/json.js";
import type {Hypercube} from "./hypercube.js";
import type {DisclosureOptions} from "./options.js";
import {CELL_RULES, type CellRule, type Protection} from "./protect.js";

/** Version 2: the published audit no longer names a rule per cell (version 1 did, and is refused by the gate). */
export const AUDIT_VERSION = 2;

const parametersSchema = z.strictObject({
  threshold: z.int().positive(),
  round: z.int().positive(),
  minDenominator: z.int().positive(),
  intervals: z.enum(["minimum", "protection"])
});

/** The published audit: counts in total only. */
export const auditSchema = z.strictObject({
  auditVersion: z.literal(AUDIT_VERSION),
  dataset: z.string(),
  snapshot: z.string(),
  snapshot_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  count_column: z.string(),
  by: z.array(z.string()),
  parameters: parametersSchema,
  method: z.string(),
  cells: z.int().nonnegative(),
  published: z.int().nonnegative(),
  suppressed: z.int().nonnegative(),
  /** Extract rows that could not be mapped to a CBS area, per reason (counts only). */
  unmapped: z.record(z.string(), z.int().nonnegative()).default({})
});

export type Audit = z.infer<typeof auditSchema>;

const ruleSchema = z.enum(CELL_RULES as [CellRule, ...CellRule[]]);

/** The private audit: the published one plus every cell's rule and the interval check. */
export const privateAuditSchema = auditSchema.extend({
  private: z.literal(true),
  counts: z.record(ruleSchema, z.int().nonnegative()),
  intervals: z.strictObject({
    /** Small cells (true count 1 … threshold − 1), all suppressed. */
    smallCells: z.int().nonnegative(),
    /** Small cells whose attainable upper bound stays below their true count plus the threshold. */
    protectionMisses: z.int().nonnegative(),
    /** Linear programs the interval check solved. */
    solves: z.int().nonnegative()
  }),
  /** Every suppressed or rounded cell (zeros are published exactly and not listed). */
  entries: z.array(z.strictObject({region_code: z.string(), region_level: z.string(), by: z.array(z.string()), rule: ruleSchema}))
});

export type PrivateAudit = z.infer<typeof privateAuditSchema>;

export const METHOD =
  "Primair: aantallen van 1 tot de drempel afgeschermd. Secundair: per optelling (wijk = som van buurten, " +
  "gemeente = som van wijken, totaal = som van de categorieën) nooit precies één afgeschermd deel en samen minstens " +
  "de drempel, kleinste aantallen eerst; daarna een controle over gekoppelde optellingen, en een controle met lineaire " +
  "programmering van de marges die een lezer uit alle gepubliceerde getallen samen kan afleiden. Gepubliceerde " +
  "aantallen afgerond vanaf de echte waarde.";

/** Builds both audits of a protected cube whose published CSV text is `csv`. */
export function buildAudits(dataset: string, cube: Hypercube, protection: Protection, options: DisclosureOptions, count: string, csv: string, unmapped: Record<string, number> = {}): {audit: Audit; privateAudit: PrivateAudit} {
  const suppressed = protection.published.filter((v) => v == null).length;
  const audit: Audit = {
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
    unmapped
  };
  const counts = Object.fromEntries(CELL_RULES.map((r) => [r, 0])) as Record<CellRule, number>;
  const entries: PrivateAudit["entries"] = [];
  cube.cells.forEach((cell) => {
    const rule = protection.rule[cell.id];
    counts[rule]++;
    if (rule !== "zero") entries.push({region_code: cell.area, region_level: cell.level, by: cell.by, rule});
  });
  const intervals = {smallCells: protection.smallCells, protectionMisses: protection.protectionMisses, solves: protection.solves};
  return {audit, privateAudit: {...audit, private: true, counts, intervals, entries}};
}

/** The audit file text (stable JSON). */
export function auditJson(audit: Audit | PrivateAudit): string {
  return stableJson(audit);
}

/** Parses published-audit text, naming the file on error; an audit that names rules per cell is refused. */
export function parseAudit(text: string, file: string): Audit {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const raw = json as {auditVersion?: unknown; entries?: unknown; counts?: unknown; private?: unknown};
  if (raw && typeof raw === "object" && ("entries" in raw || "counts" in raw || "private" in raw)) {
    throw new Error(`${file}: this audit names a rule per cell (or counts per rule), which narrows suppressed counts; it may not be published. Pull the dataset again: the rules now go to private/audits/`);
  }
  const result = auditSchema.safeParse(json);
  if (!result.success) throw new Error(`${file}: not a disclosure-control audit: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return result.data;
}

/** Parses a private audit. */
export function parsePrivateAudit(text: string, file: string): PrivateAudit {
  const result = privateAuditSchema.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`${file}: not a private disclosure-control audit: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return result.data;
}
