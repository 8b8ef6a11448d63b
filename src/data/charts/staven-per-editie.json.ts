// Chart loader: grouped vertical bars, one group per area and one bar per edition (year), compiled at build time.
// Runtime data: `rijen` (region_name, editie, waarde). Runtime text: {{label}} (the value's title).
import {emitChart} from "../../../loaders/charts/compile.js";

await emitChart({
  description: "Gegroepeerd staafdiagram: waarde per gebied en editie",
  width: 640,
  height: 240,
  data: {name: "rijen"},
  mark: {type: "bar", tooltip: true},
  encoding: {
    x: {field: "region_name", type: "nominal", title: "Wijk"},
    xOffset: {field: "editie"},
    y: {field: "waarde", type: "quantitative", title: "{{label}}", axis: {format: ",.1f"}},
    color: {field: "editie", type: "nominal", title: "Editie", scale: {range: ["#9ecae1", "#3182bd", "#08519c"]}},
    tooltip: [
      {field: "region_name", title: "Wijk"},
      {field: "editie", title: "Editie"},
      {field: "waarde", title: "{{label}}", format: ",.1f"}
    ]
  }
});
