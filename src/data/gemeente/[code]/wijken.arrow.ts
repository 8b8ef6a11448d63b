// Framework data loader: the gemeente's wijken, one row each with the indicators as columns (loaders/kwb/wijken.ts),
// as Arrow IPC for DuckDB on the notebook-technique page.
import {rowsToArrow} from "../../../../loaders/arrow.js";
import {gemeenteParam} from "../../../../loaders/kwb/route.js";
import {WIJK_COLUMNS, wijkTable} from "../../../../loaders/kwb/wijken.js";
import {emit} from "../../../../loaders/snapshot/loader-args.js";
import {workspace} from "../../../../loaders/snapshot/paths.js";

const table = await wijkTable(workspace(), gemeenteParam());
await emit(rowsToArrow(table.rows, WIJK_COLUMNS, `wijken (${table.dataset})`));
