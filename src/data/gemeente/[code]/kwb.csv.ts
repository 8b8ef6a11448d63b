// Framework data loader: the gemeente's tidy KWB snapshot, byte for byte, offered as a download on its study page.
import {gemeenteParam, studySnapshotBytes} from "../../../../loaders/kwb/route.js";
import {emit} from "../../../../loaders/snapshot/loader-args.js";

await emit(await studySnapshotBytes(gemeenteParam(), "kwb"));
