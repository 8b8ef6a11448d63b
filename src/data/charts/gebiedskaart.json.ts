// Chart loader: a choropleth of one value per area, compiled to Vega at build time (src/components/chart.ts draws it).
// Runtime data: `gebieden` (GeoJSON features with properties.code and properties.name) and `waarden`
// (region_code, region_name, waarde). Areas without a value stay grey and say "geen gegevens".
// Runtime params: `label` (legend and tooltip title), `schema` (a Vega colour scheme, e.g. "oranges").
import {emitChart} from "../../../loaders/charts/compile.js";

const stroke = {stroke: "white", strokeWidth: 0.6};
await emitChart({
  description: "Kaart: één waarde per gebied",
  params: [{name: "schema", value: "oranges"}],
  width: 640,
  height: 360,
  projection: {type: "mercator"},
  layer: [
    {
      data: {name: "gebieden"},
      transform: [{calculate: "'geen gegevens'", as: "status"}],
      mark: {type: "geoshape", fill: "#e0e0e0", ...stroke, tooltip: true},
      encoding: {tooltip: [{field: "properties.name", title: "Gebied"}, {field: "status", title: "{{label}}"}]}
    },
    {
      data: {name: "gebieden"},
      transform: [
        {lookup: "properties.code", from: {data: {name: "waarden"}, key: "region_code", fields: ["region_name", "waarde"]}},
        {filter: "datum.waarde != null"}
      ],
      mark: {type: "geoshape", ...stroke, tooltip: true},
      encoding: {
        color: {
          field: "waarde",
          type: "quantitative",
          title: "{{label}}",
          scale: {scheme: {expr: "schema"}},
          legend: {orient: "bottom", titleLimit: 400, gradientLength: 240, format: ",.1f"}
        },
        tooltip: [{field: "region_name", title: "Gebied"}, {field: "waarde", title: "{{label}}", format: ",.1f"}]
      }
    }
  ]
});
