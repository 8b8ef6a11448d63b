// Framework data loader: provenance of every dataset (from the data lock) plus column metadata, for pages.
import {emit} from "../../loaders/snapshot/loader-args.js";
import {stableJson} from "../../loaders/snapshot/json.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {buildProvenance} from "../../loaders/snapshot/provenance.js";

await emit(stableJson(await buildProvenance(workspace())));
