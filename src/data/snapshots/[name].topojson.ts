// Framework data loader: a geometry snapshot (TopoJSON keyed by CBS code), byte for byte.
import {emit, missingSnapshot, routeParam, snapshotBytes} from "../../../loaders/snapshot/loader-args.js";

const file = `${routeParam("name")}.topojson`;
await emit((await missingSnapshot(file)) ? JSON.stringify({type: "Topology", objects: {}, arcs: []}) : await snapshotBytes(file));
