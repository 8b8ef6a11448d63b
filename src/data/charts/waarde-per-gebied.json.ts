// Chart loader: one value per area as horizontal bars, highest on top; used by notebooks made from Studio's templates
// ("Analyse per gemeente", "Regeling en bereik"). Runtime data: `rijen` (region_name, waarde); `{{label}}` names the value.
import {emitChart} from "../../../loaders/charts/compile.js";

await emitChart({
  description: "Staafdiagram: waarde per gebied",
  width: 640,
  height: {step: 18},
  data: {name: "rijen"},
  mark: {type: "bar", tooltip: true, color: "#d94801"},
  encoding: {
    y: {field: "region_name", type: "nominal", title: "Gebied", sort: "-x"},
    x: {field: "waarde", type: "quantitative", title: "{{label}}", axis: {format: ",.1f"}},
    tooltip: [
      {field: "region_name", title: "Gebied"},
      {field: "waarde", title: "{{label}}", format: ",.1f"}
    ]
  }
});
