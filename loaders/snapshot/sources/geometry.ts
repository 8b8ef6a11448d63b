/** Geometry datasets: GeoJSON layers from files (relative to the data folder) or URLs → one TopoJSON snapshot. */
import {readFile} from "node:fs/promises";
import {resolve} from "node:path";
import type {FeatureCollection} from "geojson";
import {buildTopology} from "../../geo/topology.js";
import type {GeometryDataset} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";
import {sha256} from "../hash.js";

/** Reads every layer and converts them; the lock records each input and its hash. */
export async function pullGeometry(dataset: GeometryDataset, dataDir: string, now: () => string, log?: (line: string) => void): Promise<Snapshot> {
  const requests: string[] = [];
  const layers = [];
  for (const layer of dataset.layers) {
    let text: string;
    if (layer.url) {
      const response = await fetch(layer.url);
      if (!response.ok) throw new Error(`${dataset.name}: ${layer.url}: HTTP ${response.status}`);
      text = await response.text();
      requests.push(layer.url);
    } else {
      text = await readFile(resolve(dataDir, layer.path!), "utf8");
      requests.push(`file:${layer.path}#sha256=${sha256(text)}`);
    }
    layers.push({name: layer.name, features: JSON.parse(text) as FeatureCollection, code: layer.code, label: layer.label});
  }
  // Rings are rewound for d3-geo, empty and water features skipped; say so, since they will be missing on maps.
  const {topology, reports, fixed} = buildTopology(layers, {quantization: dataset.quantization, simplify: dataset.simplify});
  for (const r of reports) {
    const notes = [
      r.rewound && `${r.rewound} ring(s) rewound`,
      r.degenerateRings && `${r.degenerateRings} ring(s) without area dropped`,
      r.empty.length && `${r.empty.length} feature(s) without geometry skipped (${r.empty.slice(0, 5).join(", ")})`,
      r.water.length && `${r.water.length} water feature(s) skipped`,
      r.merged.length && `${r.merged.length} repeated code(s) merged (${r.merged.slice(0, 5).join(", ")})`
    ].filter(Boolean);
    log?.(`${dataset.name}: layer ${r.layer}: ${r.features} features${notes.length ? `; ${notes.join("; ")}` : ""}`);
  }
  if (fixed.dropped || fixed.reversed) log?.(`${dataset.name}: after quantisation/simplification ${fixed.dropped} ring(s) dropped, ${fixed.reversed} reversed`);
  return {
    name: dataset.name,
    title: dataset.title ?? `Gebiedsindeling ${dataset.year}`,
    kind: "geometry",
    topology,
    source: {type: "geometry", year: dataset.year, requests, publisher: "CBS/PDOK", license: "CC BY 4.0", modified: null},
    fetchedAt: now()
  };
}
