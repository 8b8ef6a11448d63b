// The slim vega entry for charts compiled at build time (src/components/chart.ts imports it as `npm:vega/slim.js`).
// It registers only the transform families Vega-Lite compiles to for our charts (data transforms, view layout,
// encoding, geo) and leaves out force, hierarchy, label, regression, voronoi, wordcloud and crossfilter: 17% fewer
// bytes for readers. A spec that needs a missing transform fails to draw with "Unrecognized transform type"; the
// budget test draws every chart of every page and fails on that. Then add the family here.
import {extend} from "vega-util";
import {transforms} from "vega-dataflow";
import * as tx from "vega-transforms";
import * as vtx from "vega-view-transforms";
import * as encode from "vega-encode";
import * as geo from "vega-geo";

extend(transforms, tx, vtx, encode, geo);

export {View} from "vega-view";
export {parse} from "vega-parser";
export {read} from "vega-loader";
