// Framework data loader: the KWB layer's stable indicators (id, Dutch label, unit, decimals), so notebooks can name
// the indicators of a gemeente's tidy `kwb` data as the studies do. Other CBS measures keep their key as their name.
import {INDICATORS} from "../../loaders/kwb/indicators.js";
import {emit} from "../../loaders/snapshot/loader-args.js";

await emit(JSON.stringify(INDICATORS.map(({id, label, unit, decimals, mapped}) => ({id, label, unit, decimals, mapped}))));
