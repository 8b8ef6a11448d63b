// Framework data loader: the poverty study of one gemeente (values, editions, breaks, map paths, join report).
import {buildStudy} from "../../../../loaders/kwb/study.js";
import {gemeenteParam} from "../../../../loaders/kwb/route.js";
import {emit} from "../../../../loaders/snapshot/loader-args.js";
import {workspace} from "../../../../loaders/snapshot/paths.js";

await emit(JSON.stringify(await buildStudy(workspace(), gemeenteParam())));
