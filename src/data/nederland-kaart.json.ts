// Framework data loader: the workspace's gemeenten as SVG paths (PDOK collection gemeenten of the geometry year), for the overview map.
// The build makes it in its pre-step (loaders/site/prepare.ts); this loader makes the same bytes for the preview.
import {emit} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {siteAsset} from "../../loaders/site/assets.js";

await emit(await siteAsset(workspace(), "nederland-kaart.json"));
