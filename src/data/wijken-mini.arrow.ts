// Framework data loader: the wijken of the KWB 2019 snapshot with plain column names, for the technique page.
// Columns are found by their CBS title, not their key, because keys drift between yearly editions.
import {rowsToArrow} from "../../loaders/arrow.js";
import {emit, missingSnapshot} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {readTableSnapshot} from "../../loaders/snapshot/snapshot.js";

const types = {
  region_code: "string",
  region_name: "string",
  inwoners: "number",
  laag_inkomen_pct: "number",
  sociaal_minimum_pct: "number",
  bijstand: "number"
} as const;
if (await missingSnapshot("kwb-2019.schema.json")) {
  await emit(rowsToArrow([], types));
  process.exit(0);
}
const {schema, table} = await readTableSnapshot(workspace().snapshotsDir, "kwb-2019");
const byTitle = (title: string) => {
  const column = schema.columns.find((c) => c.title === title);
  if (!column) throw new Error(`kwb-2019: no column titled "${title}"`);
  return column.name;
};
const columns = {
  inwoners: byTitle("Aantal inwoners"),
  laag_inkomen_pct: byTitle("Huishoudens met een laag inkomen"),
  sociaal_minimum_pct: byTitle("Huishoudens onder of rond sociaal minimum"),
  bijstand: byTitle("Personen per soort uitkering; Bijstand")
};
const rows = table.rows
  .filter((r) => r.region_level === "wijk")
  .map((r) => ({
    region_code: r.region_code,
    region_name: r.region_name,
    ...Object.fromEntries(Object.entries(columns).map(([name, key]) => [name, r[key]]))
  }));
await emit(rowsToArrow(rows, types));
