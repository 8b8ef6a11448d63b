// Framework data loader: where the gemeente's wijk table comes from (gemeente, kwb dataset, edition, number of wijken).
import {gemeenteParam} from "../../../../loaders/kwb/route.js";
import {wijkTable} from "../../../../loaders/kwb/wijken.js";
import {emit} from "../../../../loaders/snapshot/loader-args.js";
import {workspace} from "../../../../loaders/snapshot/paths.js";

const {gemeente, dataset, edition, rows} = await wijkTable(workspace(), gemeenteParam());
await emit(JSON.stringify({gemeente, dataset, edition, wijken: rows.length}));
