// Framework data loader: provenance of every dataset (from the data lock) plus column metadata, for pages.
import {emit} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {siteAsset} from "../../loaders/site/assets.js";

await emit(await siteAsset(workspace(), "bronnen.json"));
