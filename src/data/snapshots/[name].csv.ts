// Framework data loader: the snapshot CSV itself, byte for byte, so pages can offer it as a download.
import {emit, routeParam, snapshotBytes} from "../../../loaders/snapshot/loader-args.js";

await emit(await snapshotBytes(`${routeParam("name")}.csv`));
