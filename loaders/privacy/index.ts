/** Disclosure control: from true counts to a publishable table, its published audit and its private audit. */
import {tableToCsv, type TableData} from "../snapshot/table.js";
import {auditJson, buildAudits, type Audit, type PrivateAudit} from "./audit.js";
import {buildHypercube, type Leaf} from "./hypercube.js";
import {loadSolver} from "./intervals.js";
import type {DisclosureOptions} from "./options.js";
import {protect, type Protection} from "./protect.js";
import {publishedTable} from "./table.js";

export {DEFAULT_DISCLOSURE, disclosureOptions, roundCount, type DisclosureOptions, type IntervalLevel} from "./options.js";
export {publishRate} from "./rate.js";
export {TOTAL, buildHypercube, type Leaf, type Hypercube} from "./hypercube.js";
export {protect, type Protection} from "./protect.js";
export {loadSolver} from "./intervals.js";
export {parseAudit, type Audit, type PrivateAudit} from "./audit.js";

/** A protected, publishable table with its audits. */
export interface SafeTable {
  table: TableData;
  csv: string;
  /** The published audit (totals only). */
  audit: Audit;
  auditText: string;
  /** The private audit (a rule per cell): it belongs next to the private data, never in snapshots/. */
  privateAudit: PrivateAudit;
  privateAuditText: string;
  protection: Protection;
}

/** Protects leaf counts and renders the published table (CSV exactly as the snapshot writes it) and its audits. */
export async function safeTable(
  dataset: string,
  leaves: Leaf[],
  by: string[],
  count: string,
  options: DisclosureOptions,
  {areas, unmapped}: {areas?: string[]; unmapped?: Record<string, number>} = {}
): Promise<SafeTable> {
  const cube = buildHypercube(leaves, by, {areas});
  const protection = protect(cube, options, {solver: await loadSolver()});
  const table = publishedTable(cube, protection, count);
  const csv = tableToCsv(table, dataset);
  const {audit, privateAudit} = buildAudits(dataset, cube, protection, options, count, csv, unmapped);
  return {table, csv, audit, auditText: auditJson(audit), privateAudit, privateAuditText: auditJson(privateAudit), protection};
}
