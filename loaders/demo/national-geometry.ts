/**
 * Boundaries of the synthetic country in PDOK's shape: every gemeente is a cell of a jittered grid (neighbours
 * share their corners, so the gemeenten tile the map), its wijken are bands of the cell and its buurten parts of a
 * band. Collections `gemeenten`, `wijken` and `buurten` carry `gemeentecode` as PDOK's do, so the one-pass PDOK
 * path fetches them once and splits them per gemeente, as it does real PDOK pages.
 */
import type {Feature, FeatureCollection, Position} from "geojson";
import {randomStream, round} from "./random.js";
import {demoGemeenten, GRID, type DemoGemeente} from "./national.js";

/** A grid corner, jittered by a stream of its own so it is the same for every gemeente that shares it. */
function corner(seed: number, col: number, row: number): Position {
  const r = randomStream(seed, `nederland:vertex:${col}:${row}`);
  const dx = col === 0 || col === GRID.cols ? 0 : r.uniform(-0.22, 0.22);
  const dy = row === 0 ? 0 : r.uniform(-0.22, 0.22);
  return [round(GRID.west + (col + dx) * GRID.width, 6), round(GRID.north - (row + dy) * GRID.height, 6)];
}

type Quad = [Position, Position, Position, Position];

/** The point at (s, t) of a quad (top-left, top-right, bottom-right, bottom-left), s across and t down. */
function at(q: Quad, s: number, t: number): Position {
  const [a, b, c, d] = q;
  return [0, 1].map((k) => round((1 - s) * (1 - t) * a[k] + s * (1 - t) * b[k] + s * t * c[k] + (1 - s) * t * d[k], 6));
}

function polygon(q: Quad, s0: number, t0: number, s1: number, t1: number): Position[] {
  const ring = [at(q, s0, t0), at(q, s1, t0), at(q, s1, t1), at(q, s0, t1)];
  return [...ring, ring[0]];
}

function quadOf(seed: number, g: DemoGemeente): Quad {
  const [col, row] = g.cell;
  return [corner(seed, col, row), corner(seed, col + 1, row), corner(seed, col + 1, row + 1), corner(seed, col, row + 1)];
}

const feature = (properties: Record<string, string>, ring: Position[]): Feature => ({type: "Feature", properties, geometry: {type: "Polygon", coordinates: [ring]}});

/** The features of one gemeente per collection. */
export function gemeenteFeatures(seed: number, g: DemoGemeente): Record<"gemeenten" | "wijken" | "buurten", Feature[]> {
  const q = quadOf(seed, g);
  const common = {gemeentecode: g.code, water: "NEE"};
  const wijken: Feature[] = [];
  const buurten: Feature[] = [];
  const n = g.wijken.length;
  g.wijken.forEach((w, wi) => {
    const [t0, t1] = [wi / n, (wi + 1) / n];
    wijken.push(feature({wijkcode: w.code, wijknaam: w.name, ...common}, polygon(q, 0, t0, 1, t1)));
    const m = w.buurten.length;
    w.buurten.forEach((b, bi) => buurten.push(feature({buurtcode: b.code, buurtnaam: b.name, wijkcode: w.code, ...common}, polygon(q, bi / m, t0, (bi + 1) / m, t1))));
  });
  return {gemeenten: [feature({gemeentenaam: g.name, ...common}, polygon(q, 0, 0, 1, 1))], wijken, buurten};
}

/** A whole collection of the synthetic country, as PDOK's OGC API would page it (one pseudo-request). */
export function nationalPdokCollection(seed: number, n: number, collection: "gemeenten" | "wijken" | "buurten", year: number): {features: FeatureCollection; requests: string[]} {
  const features = demoGemeenten(seed, n).flatMap((g) => gemeenteFeatures(seed, g)[collection]);
  return {features: {type: "FeatureCollection", features}, requests: [`demo:pdok/${year}/${collection}?seed=${seed}&gemeenten=${n}`]};
}
