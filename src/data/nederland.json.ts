// Framework data loader: every gemeente at gemeente level (indicators per edition, provincie, peer sets), for /nederland and each study's comparable gemeenten.
// The build makes it in its pre-step (loaders/site/prepare.ts); this loader makes the same bytes for the preview.
import {emit} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {siteAsset} from "../../loaders/site/assets.js";

await emit(await siteAsset(workspace(), "nederland.json"));
