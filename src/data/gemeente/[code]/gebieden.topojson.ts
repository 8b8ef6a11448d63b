// Framework data loader: the gemeente's boundaries (TopoJSON keyed by CBS code), byte for byte, as a download.
import {gemeenteParam, studySnapshotBytes} from "../../../../loaders/kwb/route.js";
import {emit} from "../../../../loaders/snapshot/loader-args.js";

await emit(await studySnapshotBytes(gemeenteParam(), "geometry"));
