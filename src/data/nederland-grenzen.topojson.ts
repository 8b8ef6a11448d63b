// Framework data loader: every gemeente's boundary of the geometry year (PDOK collection gemeenten), byte for byte,
// the download beside the national overview map. An empty topology when the workspace has none.
import {emit} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {siteAsset} from "../../loaders/site/assets.js";

await emit(await siteAsset(workspace(), "nederland-grenzen.topojson"));
