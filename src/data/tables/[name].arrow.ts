// Framework data loader: a table snapshot (data/snapshots/<name>.csv + schema) as Arrow IPC. Reads no network.
import {rowsToArrow} from "../../../loaders/arrow.js";
import {emit, missingSnapshot, routeParam} from "../../../loaders/snapshot/loader-args.js";
import {workspace} from "../../../loaders/snapshot/paths.js";
import {readTableSnapshot} from "../../../loaders/snapshot/snapshot.js";
import {columnTypes} from "../../../loaders/snapshot/table.js";

const name = routeParam("name");
if (await missingSnapshot(`${name}.schema.json`)) await emit(rowsToArrow([], {}, name));
else {
  const {schema, table} = await readTableSnapshot(workspace().snapshotsDir, name);
  await emit(rowsToArrow(table.rows, columnTypes(schema), name));
}
