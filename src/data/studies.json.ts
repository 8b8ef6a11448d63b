// Framework data loader: the gemeenten with a poverty study in this workspace (name, editions, provincie), for the home page.
import {emit} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {siteAsset} from "../../loaders/site/assets.js";

await emit(await siteAsset(workspace(), "studies.json"));
