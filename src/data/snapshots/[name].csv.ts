// Framework data loader: the snapshot CSV itself, byte for byte, so pages can offer it as a download.
import {emit, missingSnapshot, routeParam, snapshotBytes} from "../../../loaders/snapshot/loader-args.js";

const file = `${routeParam("name")}.csv`;
await emit((await missingSnapshot(file)) ? "" : await snapshotBytes(file));
