// Chart loader: take-up (bereik, %) per area and scheme as horizontal grouped bars, compiled at build time.
// Runtime data: `rijen` (region_name, regeling, bereik, laag_inkomen); areas are sorted by laag_inkomen, highest on top.
import {emitChart} from "../../../loaders/charts/compile.js";

await emitChart({
  description: "Staafdiagram: bereik per regeling en gebied",
  width: 640,
  height: 260,
  data: {name: "rijen"},
  mark: {type: "bar", tooltip: true},
  encoding: {
    y: {field: "region_name", type: "nominal", title: "Wijk", sort: {field: "laag_inkomen", order: "descending"}},
    yOffset: {field: "regeling"},
    x: {field: "bereik", type: "quantitative", title: "Bereik (%)", scale: {domain: [0, 100]}, axis: {format: ",.0f"}},
    color: {field: "regeling", type: "nominal", title: "Regeling", legend: {orient: "bottom", columns: 1}},
    tooltip: [
      {field: "region_name", title: "Wijk"},
      {field: "regeling", title: "Regeling"},
      {field: "bereik", title: "Bereik (%)", format: ",.1f"},
      {field: "gebruik", title: "Gebruik (huishoudens)", format: ",.0f"},
      {field: "doelgroep", title: "Doelgroep (huishoudens)", format: ",.0f"}
    ]
  }
});
