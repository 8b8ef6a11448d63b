// Framework data loader: a table snapshot (data/snapshots/<name>.csv + schema) as Arrow IPC. Reads no network.
import {rowsToArrow} from "../../../loaders/arrow.js";
import {emit, missingSnapshot, routeParam} from "../../../loaders/snapshot/loader-args.js";
import {workspace} from "../../../loaders/snapshot/paths.js";
import {readTableSnapshot} from "../../../loaders/snapshot/snapshot.js";
import {columnTypes} from "../../../loaders/snapshot/table.js";

if (await missingSnapshot(`${routeParam("name")}.schema.json`)) await emit(rowsToArrow([], {}));
else {
  const {schema, table} = await readTableSnapshot(workspace().snapshotsDir, routeParam("name"));
  await emit(rowsToArrow(table.rows, columnTypes(schema)));
}
