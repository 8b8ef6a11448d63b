// Framework data loader: the take-up study of one gemeente (disclosure-controlled counts, target group, map, audit).
import {gemeenteParam} from "../../../../loaders/kwb/route.js";
import {buildTakeUpStudy} from "../../../../loaders/municipal/study.js";
import {emit} from "../../../../loaders/snapshot/loader-args.js";
import {workspace} from "../../../../loaders/snapshot/paths.js";

await emit(JSON.stringify(await buildTakeUpStudy(workspace(), gemeenteParam())));
