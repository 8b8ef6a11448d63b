/**
 * Boundaries as TopoJSON keyed by CBS code: each feature keeps only `code` and `name`, so joins with CBS tables
 * use the unpadded code (`BU05180374`) and nothing else leaks into the page asset.
 *
 * Winding: d3-geo (and so Vega's `geoshape`) reads polygons on the sphere and wants exterior rings clockwise and
 * holes counter-clockwise. RFC 7946 GeoJSON (PDOK's OGC API) is the other way round, and real files mix both; a
 * ring in the wrong direction is drawn as "the whole globe minus the area", a filled rectangle. So every ring is
 * rewound here (with @mapbox/geojson-rewind), rings without area are dropped (d3 also draws those as the globe),
 * and after quantisation and simplification the rings of the topology are checked once more.
 */
import rewind from "@mapbox/geojson-rewind";
import type {Feature, FeatureCollection, MultiPolygon, Polygon, Position} from "geojson";
import {quantize} from "topojson-client";
import {topology} from "topojson-server";
import {presimplify, simplify, sphericalTriangleArea} from "topojson-simplify";
import type {Objects, Topology} from "topojson-specification";

/** A layer to convert: features plus the properties that hold the code and the name. */
export interface GeoLayer {
  name: string;
  features: FeatureCollection;
  code: string;
  label?: string;
}

/** How to build the topology. */
export interface TopologyOptions {
  /** Quantisation of the topology (default 1e5). */
  quantization?: number;
  /**
   * Simplification threshold in square metres: a vertex goes when the triangle it forms with its neighbours is
   * smaller (Visvalingam, on shared arcs so neighbours keep a common border). Off when absent or 0.
   */
  simplify?: number;
}

/** What normalising a layer left out or changed, for the pull's log. */
export interface LayerReport {
  layer: string;
  features: number;
  /** Features with `water` = "JA" (PDOK's water areas), skipped. */
  water: string[];
  /** Features without geometry, or whose rings all had no area, skipped. */
  empty: string[];
  /** Rings with fewer than four positions or zero area, dropped. */
  degenerateRings: number;
  /** Rings that had to be reversed for d3-geo. */
  rewound: number;
  /** Codes that occurred on more than one feature; their polygons were merged into one MultiPolygon. */
  merged: string[];
}

type AreaFeature = Feature<Polygon | MultiPolygon, {code: string; name: string | null}>;

const EARTH_RADIUS = 6_371_008.8; // mean radius in metres; topojson-simplify's spherical areas are in steradians

/** Twice the signed planar area of a ring (positive = counter-clockwise with y up). */
function ringArea2(ring: Position[]): number {
  let area = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) area += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return area;
}

const isRealRing = (ring: Position[]) => ring.length >= 4 && ringArea2(ring) !== 0;

function describe(layer: GeoLayer, f: Feature, i: number): string {
  const code = f.properties?.[layer.code];
  const label = layer.label ? f.properties?.[layer.label] : undefined;
  const what = [code, label, code == null && label == null ? f.id : undefined].filter((x) => x != null && String(x).trim() !== "");
  return `layer ${layer.name}: feature ${i}${what.length ? ` (${what.join(", ")})` : ""}`;
}

/** Normalises one layer and reports what it changed. */
export function prepareLayer(layer: GeoLayer): {collection: FeatureCollection; report: LayerReport} {
  const input = layer.features as Partial<FeatureCollection> | null;
  if (input?.type !== "FeatureCollection" || !Array.isArray(input.features)) {
    throw new Error(`layer ${layer.name}: not a GeoJSON FeatureCollection (type ${JSON.stringify(input?.type ?? null)})`);
  }
  const report: LayerReport = {layer: layer.name, features: 0, water: [], empty: [], degenerateRings: 0, rewound: 0, merged: []};
  const byCode = new Map<string, {name: string | null; polygons: Position[][][]}>();
  input.features.forEach((f, i) => {
    const raw = f?.properties?.[layer.code];
    if (raw == null || String(raw).trim() === "") {
      const keys = Object.keys(f?.properties ?? {});
      throw new Error(`${describe(layer, f, i)} has no ${layer.code} property; its properties are ${keys.length ? keys.join(", ") : "(none)"}`);
    }
    const code = String(raw).trim();
    const label = layer.label ? f.properties?.[layer.label] : null;
    const name = label == null || String(label).trim() === "" ? null : String(label).trim();
    const water = f.properties?.water;
    if (water === "JA" || water === true) return void report.water.push(code);
    const g = f.geometry;
    if (g != null && g.type !== "Polygon" && g.type !== "MultiPolygon") {
      throw new Error(`${describe(layer, f, i)} has a ${g.type} geometry; boundaries must be Polygon or MultiPolygon`);
    }
    const polygons: Position[][][] = [];
    for (const polygon of g == null ? [] : g.type === "Polygon" ? [g.coordinates] : g.coordinates) {
      const rings = polygon.map((ring) => ring.map((p) => [p[0], p[1]]));
      if (!rings.length) continue;
      // Without its exterior the holes mean nothing.
      if (!isRealRing(rings[0])) {
        report.degenerateRings += rings.length;
        continue;
      }
      const holes = rings.slice(1).filter(isRealRing);
      report.degenerateRings += rings.length - 1 - holes.length;
      polygons.push([rings[0], ...holes]);
    }
    const seen = byCode.get(code);
    if (seen) {
      report.merged.push(code);
      seen.polygons.push(...polygons);
      seen.name ??= name;
    } else byCode.set(code, {name, polygons});
  });

  const features: AreaFeature[] = [];
  for (const [code, {name, polygons}] of byCode) {
    if (!polygons.length) {
      report.empty.push(code);
      continue;
    }
    for (const polygon of polygons) {
      polygon.forEach((ring, r) => {
        if ((ringArea2(ring) < 0) !== (r === 0)) report.rewound++;
      });
    }
    const geometry: Polygon | MultiPolygon =
      polygons.length === 1 ? {type: "Polygon", coordinates: polygons[0]} : {type: "MultiPolygon", coordinates: polygons};
    rewind(geometry, true); // exterior clockwise, holes counter-clockwise: what d3-geo expects
    features.push({type: "Feature", id: code, properties: {code, name}, geometry});
  }
  features.sort((a, b) => (a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0));
  report.features = features.length;
  return {collection: {type: "FeatureCollection", features}, report};
}

/** Strips features to `{code, name}` with the code as id, sorted by code, rings wound for d3-geo. */
export function normaliseLayer(layer: GeoLayer): FeatureCollection {
  return prepareLayer(layer).collection;
}

/** Positions of arc `index` (negative = reversed) in the topology's own (quantised) coordinates. */
function arcPositions(topo: Topology, index: number): Position[] {
  const arc = topo.arcs[index < 0 ? ~index : index];
  let positions: Position[] = arc.map((p) => [p[0], p[1]]);
  if (topo.transform) {
    let x = 0;
    let y = 0;
    positions = positions.map(([dx, dy]) => [(x += dx), (y += dy)]);
  }
  return index < 0 ? positions.reverse() : positions;
}

function topoRingArea2(topo: Topology, ring: number[]): number {
  const positions: Position[] = [];
  for (const index of ring) positions.push(...arcPositions(topo, index));
  return positions.length < 4 ? 0 : ringArea2(positions);
}

function nullGeometry<G extends {arcs: unknown}>(g: G) {
  const {arcs: _, ...rest} = g;
  return {...rest, type: null};
}

/**
 * Quantisation and simplification can flatten a small ring or turn it over. Drops rings left without area and
 * reverses turned-over ones (reversing a ring of arcs is reversing the list and complementing each index).
 * Geometries left without rings become null. Returns how many rings it changed.
 */
export function fixTopologyRings(topo: Topology): {dropped: number; reversed: number} {
  const counts = {dropped: 0, reversed: 0};
  const fixPolygon = (rings: number[][]): number[][] | null => {
    const out: number[][] = [];
    rings.forEach((ring, r) => {
      const area = topoRingArea2(topo, ring);
      if (area === 0) return void counts.dropped++;
      if (r > 0 && !out.length) return void counts.dropped++; // a hole whose exterior went
      const wantClockwise = r === 0;
      if ((area < 0) !== wantClockwise) {
        counts.reversed++;
        out.push(ring.map((i) => ~i).reverse());
      } else out.push(ring);
    });
    return out.length ? out : null;
  };
  for (const object of Object.values(topo.objects)) {
    if (object.type !== "GeometryCollection") continue;
    object.geometries = object.geometries.map((g) => {
      if (g.type === "Polygon") {
        const arcs = fixPolygon(g.arcs);
        return arcs ? {...g, arcs} : nullGeometry(g);
      }
      if (g.type === "MultiPolygon") {
        const arcs = g.arcs.map(fixPolygon).filter((p): p is number[][] => p != null);
        return arcs.length === 0 ? nullGeometry(g) : arcs.length === 1 ? {...g, type: "Polygon", arcs: arcs[0]} : {...g, arcs};
      }
      return g;
    }) as typeof object.geometries;
  }
  return counts;
}

/**
 * Simplification keeps arc endpoints only; a ring of one closed arc (an island, an enclave) or of two arcs between
 * the same points would collapse. Pins the heaviest points of such rings so each keeps three corners.
 */
function keepThreeCorners(topo: Topology): void {
  const arcs = topo.arcs as unknown as [number, number, number][][];
  const key = (p: number[]) => `${p[0]},${p[1]}`;
  const visit = (ring: number[]) => {
    const corners = new Set(ring.map((i) => key(arcs[i < 0 ? ~i : i][0])));
    if (corners.size >= 3) return;
    const candidates = ring
      .flatMap((i) => arcs[i < 0 ? ~i : i].slice(1, -1))
      .filter((p) => p[2] !== Infinity && !corners.has(key(p)))
      .sort((a, b) => b[2] - a[2]);
    for (const p of candidates) {
      if (corners.size >= 3) break;
      if (corners.has(key(p))) continue;
      corners.add(key(p));
      p[2] = Infinity;
    }
  };
  for (const object of Object.values(topo.objects)) {
    if (object.type !== "GeometryCollection") continue;
    for (const g of object.geometries) {
      if (g.type === "Polygon") g.arcs.forEach(visit);
      else if (g.type === "MultiPolygon") g.arcs.forEach((p) => p.forEach(visit));
    }
  }
}

/** Builds one topology with an object per layer (shared borders become shared arcs), with a report per layer. */
export function buildTopology(layers: GeoLayer[], options: TopologyOptions = {}): {topology: Topology; reports: LayerReport[]; fixed: {dropped: number; reversed: number}} {
  const objects: Record<string, FeatureCollection> = {};
  const reports: LayerReport[] = [];
  for (const layer of layers) {
    const {collection, report} = prepareLayer(layer);
    objects[layer.name] = collection;
    reports.push(report);
  }
  const quantization = options.quantization ?? 1e5;
  let topo: Topology = topology(objects, quantization);
  if (options.simplify) {
    const weighted = presimplify(topo as Topology<Objects<{}>>, sphericalTriangleArea);
    keepThreeCorners(weighted as Topology);
    // Weights are in steradians; the threshold in m² divided by R² is the same unit. Simplifying drops the
    // quantisation, so quantise again.
    topo = quantize(simplify(weighted, options.simplify / EARTH_RADIUS ** 2), quantization) as Topology;
  }
  const fixed = fixTopologyRings(topo);
  return {topology: topo, reports, fixed};
}

/** Builds one topology with an object per layer (shared borders become shared arcs). */
export function layersToTopology(layers: GeoLayer[], options: TopologyOptions | number = {}): Topology {
  return buildTopology(layers, typeof options === "number" ? {quantization: options} : options).topology;
}
