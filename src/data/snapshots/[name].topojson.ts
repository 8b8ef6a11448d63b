// Framework data loader: a geometry snapshot (TopoJSON keyed by CBS code), byte for byte.
import {emit, routeParam, snapshotBytes} from "../../../loaders/snapshot/loader-args.js";

await emit(await snapshotBytes(`${routeParam("name")}.topojson`));
