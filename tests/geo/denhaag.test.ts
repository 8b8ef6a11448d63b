/**
 * Real boundaries from ../shared through the pull's own code path (`pullGeometry`): the 2014 wijken and buurten
 * of 's-Gravenhage and the 345 municipalities of 2022 (PDOK WFS, MultiPolygons with holes). Every area must be
 * small for d3-geo (`geoArea` < 2π sr: not "the globe minus the area"), and the codes must join the KWB 2019 table.
 */
import {readFile} from "node:fs/promises";
import {parse} from "csv-parse/sync";
import {geoArea, geoBounds} from "d3-geo";
import type {Feature, FeatureCollection} from "geojson";
import {feature} from "topojson-client";
import type {GeometryCollection, Topology} from "topojson-specification";
import {beforeAll, describe, expect, it} from "vitest";
import {stableJson} from "../../loaders/snapshot/json.js";
import type {GeometryDataset} from "../../loaders/snapshot/manifest.js";
import {pullGeometry} from "../../loaders/snapshot/sources/geometry.js";
import {hasShared, shared, sharedSkipReason} from "../support/paths.js";

const HALF_SPHERE = 2 * Math.PI;
const NOW = () => "2025-01-06T00:00:00.000Z";

function features(topology: Topology, name: string): Feature[] {
  return (feature(topology, topology.objects[name] as GeometryCollection) as FeatureCollection).features;
}

async function pull(dataset: Omit<GeometryDataset, "name" | "kind">): Promise<{topology: Topology; log: string[]}> {
  const log: string[] = [];
  const snapshot = await pullGeometry({name: "gebieden", kind: "geometry", ...dataset} as GeometryDataset, "/", NOW, {log: (l) => log.push(l)});
  if (snapshot.kind !== "geometry") throw new Error("not a geometry snapshot");
  return {topology: snapshot.topology, log};
}

/** Every feature has a small area in d3-geo and lies around Den Haag / the Netherlands. */
function expectSmall(list: Feature[], box: [[number, number], [number, number]]): void {
  for (const f of list) {
    const a = geoArea(f);
    expect(a, `${f.properties?.code} geoArea`).toBeGreaterThan(0);
    expect(a, `${f.properties?.code} geoArea`).toBeLessThan(HALF_SPHERE);
    const [[x0, y0], [x1, y1]] = geoBounds(f);
    expect(x0 >= box[0][0] && y0 >= box[0][1] && x1 <= box[1][0] && y1 <= box[1][1], `${f.properties?.code} bounds ${[x0, y0, x1, y1]}`).toBe(true);
  }
}

const DEN_HAAG: [[number, number], [number, number]] = [[4.1, 51.95], [4.5, 52.2]];
const NEDERLAND: [[number, number], [number, number]] = [[3.2, 50.7], [7.3, 53.6]];

describe.skipIf(!hasShared)(`real boundaries through the pull ${hasShared ? "" : `— SKIPPED: ${sharedSkipReason}`}`, () => {
  let kwbCodes: Set<string>;
  let kwbBuurten: number;

  beforeAll(async () => {
    const text = await readFile(shared("cbs", "kwb-denhaag", "84583NED-kwb2019-GM0518.statline.csv"), "utf8");
    const rows = parse(text, {delimiter: ";", bom: true, columns: true}) as Record<string, string>[];
    // StatLine pads codes to 10 characters ("GM0518    "); the topology keys by the unpadded code.
    kwbCodes = new Set(rows.map((r) => r.WijkenEnBuurten.trim()));
    kwbBuurten = [...kwbCodes].filter((c) => c.startsWith("BU")).length;
  });

  it("Den Haag 2014 wijken and buurten: every area small in d3-geo, codes join KWB 2019", async () => {
    const {topology, log} = await pull({
      year: 2014,
      layers: [
        {name: "wijken", path: shared("geo", "wijken-2014-GM0518.geojson"), code: "statcode", label: "statnaam"},
        {name: "buurten", path: shared("geo", "buurten-2014-GM0518.geojson"), code: "statcode", label: "statnaam"}
      ]
    });
    const wijken = features(topology, "wijken");
    const buurten = features(topology, "buurten");
    expectSmall(wijken, DEN_HAAG);
    expectSmall(buurten, DEN_HAAG);
    // 44 wijken; 113 buurten in the file, of which Waldeck-Zuid (BU05181806) has a ring without area in this coarse
    // edition: d3 would draw it as the whole globe, so it is skipped and said so.
    expect(wijken).toHaveLength(44);
    expect(buurten).toHaveLength(112);
    expect(buurten.map((f) => f.properties?.code)).not.toContain("BU05181806");
    expect(log.join("\n")).toMatch(/layer buurten: 112 features; .*1 feature\(s\) without geometry skipped \(BU05181806\)/);

    const joined = (list: Feature[]) => list.filter((f) => kwbCodes.has(f.properties?.code)).length;
    const report = {wijken: `${joined(wijken)}/${wijken.length}`, buurten: `${joined(buurten)}/${buurten.length}`, kwbBuurten};
    console.log(`join 2014 geometry → KWB 2019: ${JSON.stringify(report)}`);
    expect(joined(wijken) / wijken.length).toBeGreaterThan(0.9);
    expect(joined(buurten) / buurten.length).toBeGreaterThan(0.9);
    // Names survive, codes are unpadded.
    expect(wijken.find((f) => f.properties?.code === "WK051804")?.properties?.name).toBe("Wijk 04 Benoordenhout");
  });

  it("the same pull twice gives the same bytes", async () => {
    const dataset = {year: 2014, layers: [{name: "buurten", path: shared("geo", "buurten-2014-GM0518.geojson"), code: "statcode", label: "statnaam"}]};
    expect(stableJson((await pull(dataset)).topology)).toBe(stableJson((await pull(dataset)).topology));
  });

  it("all 2022 municipalities (PDOK WFS MultiPolygons with holes), plain and simplified: small areas, smaller file", async () => {
    const layers = [{name: "gemeenten", path: shared("geo", "gemeenten-2022.pdok-wfs.geojson"), code: "statcode", label: "statnaam"}];
    const plain = await pull({year: 2022, layers});
    const simple = await pull({year: 2022, layers, simplify: 100_000}); // 0.1 km²
    const sizes = {geojson: (await readFile(layers[0].path)).length, plain: stableJson(plain.topology).length, simplified: stableJson(simple.topology).length};
    console.log(`gemeenten 2022 bytes: ${JSON.stringify(sizes)}`);
    for (const t of [plain.topology, simple.topology]) {
      const list = features(t, "gemeenten");
      expect(list).toHaveLength(345);
      expectSmall(list, NEDERLAND);
    }
    expect(sizes.simplified).toBeLessThan(sizes.plain / 2);
    // Simplification turns one ring over in this file; the topology check puts it back (and says so).
    expect(simple.log.join("\n")).toMatch(/after quantisation\/simplification 0 ring\(s\) dropped, 1 reversed/);
    // Simplifying keeps the total area within a few percent.
    const total = (t: Topology) => features(t, "gemeenten").reduce((s, f) => s + geoArea(f), 0);
    expect(Math.abs(total(simple.topology) / total(plain.topology) - 1)).toBeLessThan(0.03);
  });
});
