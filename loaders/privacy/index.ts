/** Disclosure control: from true counts to a publishable table and its audit. */
import {tableToCsv, type TableData} from "../snapshot/table.js";
import {auditJson, buildAudit, type Audit} from "./audit.js";
import {buildHypercube, type Leaf} from "./hypercube.js";
import type {DisclosureOptions} from "./options.js";
import {protect, type Protection} from "./protect.js";
import {publishedTable} from "./table.js";

export {DEFAULT_DISCLOSURE, disclosureOptions, roundCount, type DisclosureOptions} from "./options.js";
export {publishRate} from "./rate.js";
export {TOTAL, buildHypercube, type Leaf, type Hypercube} from "./hypercube.js";
export {protect, type Protection} from "./protect.js";
export {parseAudit, type Audit} from "./audit.js";

/** A protected, publishable table with its audit. */
export interface SafeTable {
  table: TableData;
  csv: string;
  audit: Audit;
  auditText: string;
  protection: Protection;
}

/** Protects leaf counts and renders the published table (CSV exactly as the snapshot writes it) and its audit. */
export function safeTable(
  dataset: string,
  leaves: Leaf[],
  by: string[],
  count: string,
  options: DisclosureOptions,
  {areas, unmapped}: {areas?: string[]; unmapped?: Record<string, number>} = {}
): SafeTable {
  const cube = buildHypercube(leaves, by, {areas});
  const protection = protect(cube, options);
  const table = publishedTable(cube, protection, count);
  const csv = tableToCsv(table, dataset);
  const audit = buildAudit(dataset, cube, protection, options, count, csv, unmapped);
  return {table, csv, audit, auditText: auditJson(audit), protection};
}
