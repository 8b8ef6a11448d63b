/**
 * Geometry datasets → one TopoJSON snapshot: GeoJSON layers from files (relative to the data folder) or URLs, or
 * a gemeente's wijken and buurten from PDOK. URLs and PDOK go through the CBS client's session (timeouts, retries,
 * disk cache, `--offline`); the demo workspace's boundaries come from the generator in the same PDOK shape.
 */
import {readFile} from "node:fs/promises";
import {resolve} from "node:path";
import type {FeatureCollection} from "geojson";
import {Session, type SessionOptions} from "../../cbs/session.js";
import {demoPdokCollection} from "../../demo/geometry.js";
import {nationalPdokCollection} from "../../demo/national-geometry.js";
import {fetchPdokCollection, PDOK_LAYERS, type PdokCollection} from "../../geo/pdok.js";
import {fetchPdokAll, PDOK_COLLECTIONS, PdokPass} from "../../geo/pdok-pass.js";
import {buildTopology, type GeoLayer} from "../../geo/topology.js";
import type {GeometryDataset} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";
import {sha256} from "../hash.js";

/** Network and demo settings for a geometry pull. */
export interface GeometryPullOptions extends SessionOptions {
  pdokUrl?: string;
  /** The demo seed, for datasets marked `demo`. */
  demoSeed?: number;
  /** The number of gemeenten of a synthetic national demo (`buurtboek demo --gemeenten N`). */
  demoGemeenten?: number;
  log?: (line: string) => void;
  /** The one pass over PDOK's collections that the gemeenten of a workspace share (loaders/geo/pdok-pass.ts). */
  pass?: PdokPass;
}

/** A pass over the synthetic country's boundaries, for a national demo pulled one dataset at a time. */
function demoPass(options: GeometryPullOptions): PdokPass {
  return new PdokPass(async (year, collection) => nationalPdokCollection(options.demoSeed!, options.demoGemeenten!, collection, year));
}

async function readLayers(dataset: GeometryDataset, dataDir: string, options: GeometryPullOptions, requests: string[]): Promise<GeoLayer[]> {
  if (dataset.layers) {
    const session = new Session(options);
    const layers: GeoLayer[] = [];
    for (const layer of dataset.layers) {
      let text: string;
      if (layer.url) {
        text = await session.getText(layer.url);
        requests.push(layer.url);
      } else {
        text = await readFile(resolve(dataDir, layer.path!), "utf8");
        requests.push(`file:${layer.path}#sha256=${sha256(text)}`);
      }
      layers.push({name: layer.name, features: JSON.parse(text) as FeatureCollection, code: layer.code, label: layer.label});
    }
    return layers;
  }
  const session = new Session(options);
  if (dataset.collections) {
    // Every gemeente's boundary of the year, for the national overview.
    const {features, requests: urls} = dataset.demo
      ? nationalPdokCollection(options.demoSeed!, options.demoGemeenten ?? 2, "gemeenten", dataset.year)
      : await fetchPdokAll(dataset.year, "gemeenten", options, session);
    requests.push(...urls);
    return [{name: "gemeenten", features, ...PDOK_COLLECTIONS.gemeenten}];
  }
  const gemeente = dataset.gemeente!;
  const pass = options.pass ?? (dataset.demo && options.demoGemeenten ? demoPass(options) : null);
  const layers: GeoLayer[] = [];
  for (const collection of Object.keys(PDOK_LAYERS) as PdokCollection[]) {
    const {features, requests: urls, foreign} = pass
      ? {...(await pass.features(dataset.year, collection, gemeente)), foreign: 0}
      : dataset.demo
        ? {...demoPdokCollection(options.demoSeed!, collection, dataset.year), foreign: 0}
        : await fetchPdokCollection(dataset.year, collection, gemeente, options, session);
    if (foreign) options.log?.(`${dataset.name}: layer ${collection}: ${foreign} feature(s) of other gemeenten dropped (the server did not apply the gemeentecode filter)`);
    requests.push(...urls);
    layers.push({name: collection, features, code: PDOK_LAYERS[collection].code, label: PDOK_LAYERS[collection].label});
  }
  return layers;
}

/** Reads every layer and converts them; the lock records each input (and a file's hash). */
export async function pullGeometry(dataset: GeometryDataset, dataDir: string, now: () => string, options: GeometryPullOptions = {}): Promise<Snapshot> {
  const {log} = options;
  const requests: string[] = [];
  const layers = await readLayers(dataset, dataDir, options, requests);
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
  const demo = Boolean(dataset.demo);
  return {
    name: dataset.name,
    title: dataset.title ?? (dataset.collections ? `Gemeentegrenzen ${dataset.year}` : `Wijk- en buurtgrenzen ${dataset.year}${dataset.gemeente ? ` (${dataset.gemeente})` : ""}`),
    kind: "geometry",
    topology,
    source: demo
      ? {type: "demo", year: dataset.year, requests, publisher: "Buurtboek-demogenerator", license: "CC0 1.0 (synthetische data)", modified: null}
      : {type: "geometry", year: dataset.year, requests, publisher: dataset.layers ? "CBS/PDOK" : "PDOK (CBS wijken en buurten)", license: "CC BY 4.0", modified: null},
    fetchedAt: now()
  };
}
