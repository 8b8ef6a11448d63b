// Framework data loader: the gemeenten with a take-up study (a municipal table that covers them), for the home page.
import {takeUpPaths} from "../../loaders/municipal/study.js";
import {emit} from "../../loaders/snapshot/loader-args.js";

await emit(JSON.stringify(takeUpPaths().map((path) => path.split("/")[2])));
