// Framework data loader: the same numbers as a tidy table (gemeente and Nederland rows), the download behind the national overview and the peer comparison.
// The build makes it in its pre-step (loaders/site/prepare.ts); this loader makes the same bytes for the preview.
import {emit} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {siteAsset} from "../../loaders/site/assets.js";

await emit(await siteAsset(workspace(), "nederland.csv"));
