/**
 * Demo boundaries: a jittered 10 × 4 grid of buurten (each wijk is a row of 5), with shared vertices so
 * neighbouring polygons share borders exactly. Rings run clockwise, as d3-geo (Vega) expects.
 */
import type {Feature, FeatureCollection, Polygon, Position} from "geojson";
import type {Topology} from "topojson-specification";
import {layersToTopology} from "../geo/topology.js";
import {buurtCode, GEMEENTE, WIJKEN} from "./areas.js";
import {demoBuurtCode} from "./kwb.js";
import {randomStream, round} from "./random.js";

const COLS = 10;
const ROWS = 4;
const ORIGIN: Position = [5.42, 52.48];
const CELL: Position = [0.014, 0.009];

type Grid = (i: number, j: number) => Position;

function makeGrid(seed: number): {vertex: Grid; hMid: Grid; vMid: Grid} {
  const rnd = randomStream(seed, "geometry");
  const jitter = (scale: number): Position => [rnd.uniform(-scale, scale) * CELL[0], rnd.uniform(-scale, scale) * CELL[1]];
  const at = (x: number, y: number, d: Position): Position => [round(ORIGIN[0] + x * CELL[0] + d[0], 6), round(ORIGIN[1] + y * CELL[1] + d[1], 6)];
  const table = (w: number, h: number, f: (i: number, j: number) => Position) =>
    Array.from({length: w}, (_, i) => Array.from({length: h}, (_, j) => f(i, j)));
  const vertices = table(COLS + 1, ROWS + 1, (i, j) => at(i, j, jitter(0.25)));
  const hMids = table(COLS, ROWS + 1, (i, j) => at(i + 0.5, j, jitter(0.2)));
  const vMids = table(COLS + 1, ROWS, (i, j) => at(i, j + 0.5, jitter(0.2)));
  return {vertex: (i, j) => vertices[i][j], hMid: (i, j) => hMids[i][j], vMid: (i, j) => vMids[i][j]};
}

/** Clockwise ring around the cells [i0, i1) × [j0, j1): up the left, right along the top, down, back left. */
function ring(g: ReturnType<typeof makeGrid>, i0: number, j0: number, i1: number, j1: number): Position[] {
  const out: Position[] = [];
  for (let j = j0; j < j1; j++) out.push(g.vertex(i0, j), g.vMid(i0, j));
  for (let i = i0; i < i1; i++) out.push(g.vertex(i, j1), g.hMid(i, j1));
  for (let j = j1; j > j0; j--) out.push(g.vertex(i1, j), g.vMid(i1, j - 1));
  for (let i = i1; i > i0; i--) out.push(g.vertex(i, j0), g.hMid(i - 1, j0));
  out.push(out[0]);
  return out;
}

function feature(code: string, name: string, coordinates: Position[]): Feature<Polygon> {
  return {type: "Feature", properties: {code, name}, geometry: {type: "Polygon", coordinates: [coordinates]}};
}

const collection = (features: Feature[]): FeatureCollection => ({type: "FeatureCollection", features});

/** The demo's polygons: the gemeente, its wijken (rows of the grid) and buurten (cells). */
function demoFeatures(seed: number): {gemeente: Feature[]; wijken: Feature[]; buurten: Feature[]} {
  const g = makeGrid(seed);
  const wijken: Feature[] = [];
  const buurten: Feature[] = [];
  WIJKEN.forEach((w, wi) => {
    const row = ROWS - 1 - Math.floor(wi / 2);
    const col0 = (wi % 2) * 5;
    wijken.push(feature(w.code, w.name, ring(g, col0, row, col0 + 5, row + 1)));
    w.buurten.forEach((name, bi) => buurten.push(feature(buurtCode(wi, bi), name, ring(g, col0 + bi, row, col0 + bi + 1, row + 1))));
  });
  const gemeente = [feature(GEMEENTE.code, GEMEENTE.name, ring(g, 0, 0, COLS, ROWS))];
  return {gemeente, wijken, buurten};
}

/** The demo boundaries as one topology with objects `gemeente`, `wijken` and `buurten`. */
export function demoTopology(seed: number): Topology {
  const {gemeente, wijken, buurten} = demoFeatures(seed);
  return layersToTopology([
    {name: "gemeente", features: collection(gemeente), code: "code", label: "name"},
    {name: "wijken", features: collection(wijken), code: "code", label: "name"},
    {name: "buurten", features: collection(buurten), code: "code", label: "name"}
  ]);
}

/**
 * The demo's wijken or buurten of a year as PDOK's OGC API returns them (`wijkcode`/`wijknaam`, `buurtcode`/
 * `buurtnaam`, `water`), so they go through the same PDOK geometry path. Buurt codes follow the demo's re-coding,
 * and the harbour basin comes as a separate water feature, which the path skips.
 */
export function demoPdokCollection(seed: number, collection: "wijken" | "buurten", year: number): {features: FeatureCollection; requests: string[]} {
  const all = demoFeatures(seed);
  const prefix = collection === "wijken" ? "wijk" : "buurt";
  const features = all[collection].map((f): Feature => {
    const code = collection === "buurten" ? demoBuurtCode(String(f.properties!.code), year) : String(f.properties!.code);
    return {...f, properties: {[`${prefix}code`]: code, [`${prefix}naam`]: f.properties!.name, gemeentecode: GEMEENTE.code, water: "NEE"}};
  });
  const harbour = features.find((f) => f.properties![`${prefix}code`] === (collection === "wijken" ? "WK999902" : "BU99990201"))!;
  features.push({...harbour, properties: {...harbour.properties, water: "JA"}});
  return {features: {type: "FeatureCollection", features}, requests: [`demo:pdok/${year}/${collection}?seed=${seed}`]};
}
