// Framework data loader: the gemeenten with a poverty study in this workspace, for the home page.
import {listStudies} from "../../loaders/kwb/study.js";
import {emit} from "../../loaders/snapshot/loader-args.js";
import {workspace} from "../../loaders/snapshot/paths.js";

await emit(JSON.stringify(await listStudies(workspace())));
