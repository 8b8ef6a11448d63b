// Framework data loader: provenance of the datasets the gemeente's pages cite (its kwb, boundaries and municipal tables), from the lock.
// The build makes this asset for every gemeente in one process (loaders/site/prepare.ts); this loader makes the same
// bytes on its own, for the preview.
import {gemeenteParam} from "../../../../loaders/kwb/route.js";
import {emit} from "../../../../loaders/snapshot/loader-args.js";
import {workspace} from "../../../../loaders/snapshot/paths.js";
import {gemeenteAsset} from "../../../../loaders/site/gemeente.js";

await emit(await gemeenteAsset(workspace(), gemeenteParam(), "bronnen.json"));
