/**
 * Winding for d3-geo on small hand-written polygons: whatever the input order (RFC 7946 counter-clockwise,
 * clockwise, mixed), every area the topology yields has its exterior clockwise and holes counter-clockwise, so
 * d3's `geoArea` is the small area and not "the globe minus the area". Plus the errors for invalid input.
 */
import {geoArea, geoContains} from "d3-geo";
import type {Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position} from "geojson";
import {feature} from "topojson-client";
import type {GeometryCollection, Topology} from "topojson-specification";
import {describe, expect, it} from "vitest";
import {buildTopology, normaliseLayer, type GeoLayer} from "../../loaders/geo/topology.js";

const SPHERE = 4 * Math.PI;

/** A square [x, x + s] × [y, y + s], counter-clockwise (RFC 7946 exterior order) unless `cw`. */
function square(x: number, y: number, s: number, cw = false): Position[] {
  const ring: Position[] = [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
  return cw ? ring.reverse() : ring;
}

/** Twice the signed planar area (positive = counter-clockwise). */
function signed(ring: Position[]): number {
  let a = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a;
}

function layer(features: Feature[], name = "buurten"): GeoLayer {
  return {name, features: {type: "FeatureCollection", features}, code: "statcode", label: "statnaam"};
}

function area(code: string, geometry: Geometry | null, extra: Record<string, unknown> = {}): Feature {
  return {type: "Feature", properties: {statcode: code, statnaam: `Buurt ${code}`, ...extra}, geometry: geometry as Geometry};
}

/** The features of one layer of a topology, as pages get them (topojson-client, like Vega's topojson format). */
function decoded(topology: Topology, name = "buurten"): Feature<Polygon | MultiPolygon>[] {
  return (feature(topology, topology.objects[name] as GeometryCollection) as FeatureCollection).features as Feature<Polygon | MultiPolygon>[];
}

function rings(f: Feature<Polygon | MultiPolygon>): Position[][][] {
  return f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
}

/** Exterior clockwise, holes counter-clockwise, in planar lon/lat (what d3-geo wants for small areas). */
function expectD3Winding(f: Feature<Polygon | MultiPolygon>): void {
  for (const polygon of rings(f)) {
    expect(signed(polygon[0]), `${f.properties?.code} exterior`).toBeLessThan(0);
    for (const hole of polygon.slice(1)) expect(signed(hole), `${f.properties?.code} hole`).toBeGreaterThan(0);
  }
}

describe("winding for d3-geo", () => {
  it("turns a counter-clockwise (RFC 7946) polygon clockwise, and d3 sees a small area", () => {
    const ccw: Polygon = {type: "Polygon", coordinates: [square(4.3, 52.05, 0.01)]};
    expect(geoArea(ccw)).toBeGreaterThan(SPHERE / 2); // the bug: d3 reads it as the globe minus the square
    const [f] = normaliseLayer(layer([area("BU05180001", ccw)])).features as Feature<Polygon>[];
    expectD3Winding(f);
    expect(geoArea(f)).toBeLessThan(1e-6);
    expect(geoContains(f, [4.305, 52.055])).toBe(true);
    expect(geoContains(f, [4.2, 52.0])).toBe(false);
  });

  it("leaves a clockwise polygon as it is", () => {
    const cw: Polygon = {type: "Polygon", coordinates: [square(4.3, 52.05, 0.01, true)]};
    const [f] = normaliseLayer(layer([area("BU05180001", cw)])).features as Feature<Polygon>[];
    expect(f.geometry.coordinates).toEqual(cw.coordinates);
  });

  it("winds holes opposite to their exterior, whatever the input order", () => {
    for (const [outerCw, holeCw] of [[false, false], [false, true], [true, true], [true, false]]) {
      const donut: Polygon = {type: "Polygon", coordinates: [square(4.3, 52.05, 0.03, outerCw), square(4.31, 52.06, 0.01, holeCw)]};
      const [f] = normaliseLayer(layer([area("BU05180002", donut)])).features as Feature<Polygon>[];
      expectD3Winding(f);
      expect(geoArea(f)).toBeLessThan(1e-6);
      expect(geoContains(f, [4.305, 52.055])).toBe(true); // in the ring
      expect(geoContains(f, [4.315, 52.065])).toBe(false); // in the hole
    }
  });

  it("winds every part of a MultiPolygon, mixed input orders included", () => {
    const multi: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: [[square(4.3, 52.05, 0.01)], [square(4.35, 52.05, 0.01, true)], [square(4.4, 52.05, 0.03), square(4.41, 52.06, 0.01)]]
    };
    const [f] = normaliseLayer(layer([area("GM0518", multi)], "gemeente")).features as Feature<MultiPolygon>[];
    expect(f.geometry.coordinates).toHaveLength(3);
    expectD3Winding(f);
    expect(geoArea(f)).toBeLessThan(1e-5);
  });

  it("keeps the winding through the topology (quantised and simplified) as pages decode it", () => {
    const features = [
      area("BU05180001", {type: "Polygon", coordinates: [square(4.3, 52.05, 0.01)]}),
      area("BU05180002", {type: "Polygon", coordinates: [square(4.31, 52.05, 0.01, true)]}),
      area("BU05180003", {type: "MultiPolygon", coordinates: [[square(4.32, 52.05, 0.02), square(4.325, 52.055, 0.005)]]})
    ];
    for (const options of [{}, {quantization: 1e4}, {simplify: 1000}]) {
      const {topology} = buildTopology([layer(features)], options);
      const out = decoded(topology);
      expect(out.map((f) => f.properties?.code)).toEqual(["BU05180001", "BU05180002", "BU05180003"]);
      for (const f of out) {
        expectD3Winding(f);
        expect(geoArea(f)).toBeLessThan(1e-6);
      }
    }
  });

  it("drops rings without area (d3 draws those as the globe) and skips features left empty", () => {
    const flat: Position[] = [[4.3, 52.0], [4.31, 52.0], [4.32, 52.0], [4.3, 52.0]];
    expect(geoArea({type: "Polygon", coordinates: [flat]})).toBeCloseTo(SPHERE);
    const {collection, report} = (() => {
      const {topology, reports} = buildTopology([
        layer([
          area("BU05180001", {type: "Polygon", coordinates: [flat]}),
          area("BU05180002", {type: "Polygon", coordinates: [square(4.3, 52.05, 0.03), flat]}),
          area("BU05180003", null),
          area("BU05180004", {type: "Polygon", coordinates: [square(4.4, 52.05, 0.01)]}, {water: "JA"})
        ])
      ]);
      return {collection: decoded(topology), report: reports[0]};
    })();
    expect(collection.map((f) => f.properties?.code)).toEqual(["BU05180002"]);
    expect(collection[0].geometry.coordinates).toHaveLength(1);
    expect(report).toMatchObject({features: 1, empty: ["BU05180001", "BU05180003"], water: ["BU05180004"], degenerateRings: 2});
  });

  it("merges features that share a code into one MultiPolygon", () => {
    const {collection, report} = (() => {
      const {topology, reports} = buildTopology([
        layer([
          area("BU05180001", {type: "Polygon", coordinates: [square(4.3, 52.05, 0.01)]}),
          area(" BU05180001 ", {type: "Polygon", coordinates: [square(4.35, 52.05, 0.01)]})
        ])
      ]);
      return {collection: decoded(topology), report: reports[0]};
    })();
    expect(collection).toHaveLength(1);
    expect(collection[0].geometry.type).toBe("MultiPolygon");
    expect(report.merged).toEqual(["BU05180001"]);
  });

  it("keeps a small island through simplification instead of collapsing it", () => {
    // A many-sided small ring is one closed arc: simplification keeps only its endpoints unless corners are pinned.
    const n = 40;
    const island: Position[] = Array.from({length: n + 1}, (_, i) => {
      const t = ((i % n) / n) * 2 * Math.PI;
      return [4.3 + 0.001 * Math.cos(t), 52.05 + 0.001 * Math.sin(t)];
    });
    const {topology} = buildTopology([layer([area("BU05180001", {type: "Polygon", coordinates: [island]})])], {simplify: 1e9});
    const [f] = decoded(topology);
    expect(f.geometry.type).toBe("Polygon");
    expect((f.geometry as Polygon).coordinates[0].length).toBeGreaterThanOrEqual(4);
    expectD3Winding(f);
  });
});

describe("invalid input names the layer and the feature", () => {
  it("a feature without the code property", () => {
    const features = [
      area("BU05180001", {type: "Polygon", coordinates: [square(4.3, 52.05, 0.01)]}),
      {type: "Feature", properties: {buurtcode: "BU05180002", statnaam: "Zuid"}, geometry: {type: "Polygon", coordinates: [square(4.3, 52.05, 0.01)]}} as Feature
    ];
    expect(() => normaliseLayer(layer(features))).toThrow("layer buurten: feature 1 (Zuid) has no statcode property; its properties are buurtcode, statnaam");
  });

  it("a geometry that is not a polygon", () => {
    const features = [area("BU05180003", {type: "Point", coordinates: [4.3, 52.05]})];
    expect(() => normaliseLayer(layer(features))).toThrow("layer buurten: feature 0 (BU05180003, Buurt BU05180003) has a Point geometry; boundaries must be Polygon or MultiPolygon");
  });

  it("a file that is not a FeatureCollection", () => {
    const bad = {name: "wijken", features: {type: "Feature"} as unknown as FeatureCollection, code: "statcode"};
    expect(() => normaliseLayer(bad)).toThrow('layer wijken: not a GeoJSON FeatureCollection (type "Feature")');
  });
});
