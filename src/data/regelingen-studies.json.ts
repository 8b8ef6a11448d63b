// Framework data loader: the gemeenten with a take-up study (a municipal table that covers them), for the home page.
import {emit} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {siteAsset} from "../../loaders/site/assets.js";

await emit(await siteAsset(workspace(), "regelingen-studies.json"));
