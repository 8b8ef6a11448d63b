// Framework data loader: the disclosure-controlled municipal table behind the gemeente's take-up study, byte for
// byte (suppressed counts empty), offered as a download in its provenance.
import {gemeenteParam} from "../../../../loaders/kwb/route.js";
import {takeUpSnapshotBytes} from "../../../../loaders/municipal/study.js";
import {emit} from "../../../../loaders/snapshot/loader-args.js";

await emit(await takeUpSnapshotBytes(gemeenteParam()));
