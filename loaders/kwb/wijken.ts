/**
 * One gemeente's wijken in one table: the latest KWB edition that has income figures, a row per wijk and the
 * indicators as columns. It is what the notebook-technique page (`/gemeente/<code>/techniek`) queries with
 * DuckDB, so it comes from the gemeente's tidy `kwb` dataset, whatever the workspace calls it.
 */
import type {Cell, ColumnType} from "../arrow.js";
import type {Workspace} from "../snapshot/paths.js";
import {directReader, type SnapshotReader} from "../snapshot/reader.js";
import {readKwbRecord, studiesOf} from "./study.js";

/** The columns of the table, in order. */
export const WIJK_COLUMNS = {
  region_code: "string",
  region_name: "string",
  inwoners: "number",
  laag_inkomen_pct: "number",
  sociaal_minimum_pct: "number",
  bijstand: "number"
} as const satisfies Record<string, ColumnType>;

const INDICATOR_COLUMNS = ["inwoners", "laag_inkomen_pct", "sociaal_minimum_pct", "bijstand"] as const;

/** The table and where it comes from. */
export interface WijkTable {
  gemeente: {code: string; name: string};
  /** The workspace's kwb dataset the rows come from. */
  dataset: string;
  /** The edition shown; null when no edition has income figures for any wijk yet. */
  edition: number | null;
  rows: Record<keyof typeof WIJK_COLUMNS, Cell>[];
}

/** Builds the wijk table of gemeente `code` from its kwb snapshot. */
export async function wijkTable(ws: Workspace, code: string, read: SnapshotReader = directReader): Promise<WijkTable> {
  const ref = studiesOf(await read.manifest(ws)).find((s) => s.code === code);
  if (!ref) throw new Error(`no kwb dataset for ${code} in ${ws.manifestPath}; run \`buurtboek init ${code}\``);
  const record = await readKwbRecord(ws, ref.kwb, read);
  const {table} = await read.table(ws, ref.kwb);
  const wijken = table.rows.filter((r) => r.region_level === "wijk");
  // A first release has no income figures yet; the page shows the latest edition that has them.
  const withIncome = wijken.filter((r) => r.indicator === "laag_inkomen_pct" && r.value != null).map((r) => Number(r.edition));
  const edition = withIncome.length ? Math.max(...withIncome) : null;
  const byRegion = new Map<string, WijkTable["rows"][number]>();
  for (const r of wijken) {
    if (Number(r.edition) !== edition || !(INDICATOR_COLUMNS as readonly string[]).includes(String(r.indicator))) continue;
    const code = String(r.region_code);
    const row = byRegion.get(code) ?? {region_code: code, region_name: String(r.region_name), inwoners: null, laag_inkomen_pct: null, sociaal_minimum_pct: null, bijstand: null};
    row[String(r.indicator) as (typeof INDICATOR_COLUMNS)[number]] = r.value == null ? null : Number(r.value);
    byRegion.set(code, row);
  }
  const rows = [...byRegion.values()].sort((a, b) => String(a.region_code).localeCompare(String(b.region_code)));
  return {gemeente: record.gemeente, dataset: ref.kwb, edition, rows};
}
