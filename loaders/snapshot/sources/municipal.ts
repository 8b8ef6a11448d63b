/**
 * Municipal extracts → a disclosure-controlled snapshot. The only way municipal records become a snapshot:
 * read (CSV/XLSX) → validate → map to CBS areas → PII gate → disclosure control → table + audit.
 * Person-level rows are held in memory only; what is returned is the safe aggregate and its audit.
 */
import {readFile} from "node:fs/promises";
import {resolve, sep} from "node:path";
import {describeUnmapped, mapToAreas, readPostcodes} from "../../municipal/areas.js";
import {describeRead, readExtract} from "../../municipal/read.js";
import {validateExtract} from "../../municipal/validate.js";
import {disclosureOptions, safeTable, TOTAL} from "../../privacy/index.js";
import {inspectTable, piiRefusal} from "../../privacy/pii.js";
import {sha256} from "../hash.js";
import type {Manifest, MunicipalDataset} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";

/** The count column of microdata tables. */
export const MICRODATA_COUNT = "aantal";

/** Where the private audit (a rule per cell) of a dataset goes, inside the workspace's `private/` folder. */
export const privateAuditPath = (name: string) => `audits/${name}.audit.json`;

/** Resolves the extract path; refuses one outside `<dataDir>/private/` unless the manifest marks it public. */
export function extractPath(dataset: MunicipalDataset, dataDir: string): string {
  const path = resolve(dataDir, dataset.path);
  if (!path.startsWith(resolve(dataDir, "private") + sep) && !dataset.public) {
    throw new Error(
      `path "${dataset.path}" is outside data/private/: municipal inputs may hold personal records and belong in the git-ignored private/ folder. ` +
        `Move the file there, or set "public": true if the extract is already public.`
    );
  }
  return path;
}

/** Reads, checks and protects a municipal extract. */
export async function pullMunicipal(dataset: MunicipalDataset, dataDir: string, now: () => string, manifest?: Manifest, log?: (line: string) => void): Promise<Snapshot> {
  const path = extractPath(dataset, dataDir);
  const raw = await readExtract(path, dataset.path, {sheet: dataset.sheet}).catch((error: Error) => {
    // private/ is git-ignored, so a fresh clone has the snapshots but not the extract behind them.
    if (/file not found/.test(error.message)) throw new Error(`${error.message}; private extracts are not in git: put it in data/private/${manifest?.demo ? " (for the demo workspace: run `buurtboek demo`)" : ""}`);
    throw error;
  });
  log?.(`${dataset.name}: read ${dataset.path} as ${describeRead(raw)}`);
  const rows = validateExtract(raw, dataset);
  const postcodes = dataset.postcodes ? await readPostcodes(resolve(dataDir, dataset.postcodes), dataset.postcodes, (line) => log?.(`${dataset.name}: ${line}`)) : undefined;
  if (dataset.shape === "aggregated" && postcodes) throw new Error(`postcodes only apply to microdata`);
  const mapped = mapToAreas(rows, {postcodes, gemeente: dataset.gemeente ?? manifest?.municipality?.code});
  for (const line of describeUnmapped(mapped.unmapped)) log?.(`${dataset.name}: not mapped to a CBS area, ${line}`);
  if (!mapped.mappedRows) throw new Error(`${raw.file}: no row could be mapped to a CBS buurt or wijk (${describeUnmapped(mapped.unmapped).join("; ") || "the file has no rows"})`);
  const count = dataset.count ?? MICRODATA_COUNT;
  // The PII gate runs before anything is computed for output: it sees exactly the columns that would be published.
  const findings = inspectTable([
    ...dataset.by.map((name, j) => ({name, role: "category" as const, values: [...new Set(mapped.leaves.map((l) => l.by[j]))]})),
    {name: count, role: "count" as const, values: []}
  ]);
  if (findings.length) throw new Error(piiRefusal(findings));
  const reserved = mapped.leaves.find((l) => l.by.includes(TOTAL));
  if (reserved) throw new Error(`${raw.file}: the value "${TOTAL}" is reserved for the totals the table adds; column "${dataset.by[reserved.by.indexOf(TOTAL)]}" uses it`);
  const options = disclosureOptions(dataset.disclosure);
  const unmapped = Object.fromEntries(Object.entries(mapped.unmapped).map(([reason, r]) => [reason, r.count]));
  let safe;
  try {
    safe = await safeTable(dataset.name, mapped.leaves, dataset.by, count, options, {areas: mapped.areas, unmapped});
  } catch (error) {
    throw new Error(`${raw.file}: ${(error as Error).message}`);
  }
  // The pull log is the analyst's own terminal: the rule counts are shown there and kept in the private audit only.
  const a = safe.privateAudit;
  log?.(`${dataset.name}: ${a.cells} cells, ${a.suppressed} suppressed (primary ${a.counts.primary}, secondary ${a.suppressed - a.counts.primary}), ${a.counts.rounded} rounded`);
  log?.(`${dataset.name}: intervals (${options.intervals}): ${a.intervals.smallCells} small counts, ${a.intervals.protectionMisses} below the protection level (true count + ${options.threshold}); ${a.intervals.solves} linear programs`);
  log?.(`${dataset.name}: rules per cell in private/${privateAuditPath(dataset.name)} (not published)`);
  return {
    name: dataset.name,
    title: dataset.title,
    kind: "table",
    table: safe.table,
    attachments: {audit: safe.audit},
    privateFiles: {[privateAuditPath(dataset.name)]: safe.privateAuditText},
    source: {
      type: "municipal",
      title: dataset.title,
      publisher: dataset.publisher,
      // The extract's hash proves which file was used without publishing a byte of it.
      requests: [`file:${dataset.path}#sha256=${sha256(await readFile(path))}`],
      modified: null,
      shape: dataset.shape,
      disclosure: options,
      audit: `${dataset.name}.audit.json`
    },
    fetchedAt: now()
  };
}
