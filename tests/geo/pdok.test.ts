/**
 * The PDOK geometry source against the fixture server: paging with links[rel=next], the client's own check of every
 * feature's gemeente (against a server that ignores the filter, and against pages in PDOK's recorded answer shape
 * with cursor links on PDOK's own host), water skipped, a retry after 503, the disk cache and --offline, an unknown
 * gemeente, the `url` layer through the same HTTP layer, and the join report (codes without shape, shapes without data).
 */
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Topology} from "topojson-specification";
import {fetchPdokCollection} from "../../loaders/geo/pdok.js";
import {joinReport, topologyCodes} from "../../loaders/geo/join.js";
import {pullGeometry} from "../../loaders/snapshot/sources/geometry.js";
import type {GeometryDataset} from "../../loaders/snapshot/manifest.js";
import {startCbsServer, type CbsServer} from "../fixtures/cbs-server.js";
import {PDOK_PREFIX, pdokRoutes, recordedPdokPages, recordedPdokRoute} from "../fixtures/pdok-server.js";
import {remove, tempWorkspace} from "../data/support.js";
import {AA_EN_HUNZE, TYNAARLO, pdokYear} from "../kwb/fixtures.js";

const NOW = () => "2026-01-01T00:00:00.000Z";
const FAST = {minDelayMs: 5, maxDelayMs: 20};

describe("PDOK OGC API Features source", () => {
  let server: CbsServer;
  let pdokUrl: string;
  let cacheDir: string;

  beforeAll(async () => {
    server = await startCbsServer({routes: [pdokRoutes([pdokYear(2023, [AA_EN_HUNZE, TYNAARLO], {drop: ["BU16800202"], extra: ["BU16800909"]})])]});
    pdokUrl = `${server.url}${PDOK_PREFIX}`;
    cacheDir = (await tempWorkspace("buurtboek-pdok-cache-")).dataDir;
  });
  afterAll(async () => {
    await server?.close();
    await remove(cacheDir);
  });

  it("follows links[rel=next] to the end", async () => {
    server.clearLog();
    const {features, requests, foreign} = await fetchPdokCollection(2023, "buurten", "GM1680", {pdokUrl, limit: 4, cacheDir: join(cacheDir, "a")});
    // 9 buurten - 1 dropped + 1 extra + 1 water = 10 features on pages of 4.
    expect(features.features).toHaveLength(10);
    expect(foreign).toBe(0);
    expect(requests).toHaveLength(3);
    expect(requests[1]).toContain("offset=4");
    expect(server.urls("/pdok/")).toHaveLength(3);
  });

  it("keeps only the gemeente's features itself when the server ignores the gemeentecode filter", async () => {
    const loose = await startCbsServer({routes: [pdokRoutes([pdokYear(2023, [AA_EN_HUNZE, TYNAARLO])], {ignoreFilter: true})]});
    try {
      const {features, foreign} = await fetchPdokCollection(2023, "buurten", "GM1680", {pdokUrl: `${loose.url}${PDOK_PREFIX}`, limit: 4, cacheDir: join(cacheDir, "loose")});
      // Aa en Hunze: 9 buurten + 1 water; Tynaarlo's 4 buurten + 1 water came along and were dropped.
      expect(features.features.map((f) => f.properties?.buurtcode).sort()).toEqual(["BU16800101", "BU16800101", "BU16800102", "BU16800103", "BU16800201", "BU16800202", "BU16800203", "BU16800301", "BU16800302", "BU16800303"]);
      expect(foreign).toBe(5);
      // A gemeente the server has nothing of: every feature was foreign, and the error says so.
      await expect(fetchPdokCollection(2023, "wijken", "GM9998", {pdokUrl: `${loose.url}${PDOK_PREFIX}`, cacheDir: join(cacheDir, "loose")})).rejects.toThrow(
        "PDOK has no wijken for GM9998 in 2023"
      );
    } finally {
      await loose.close();
    }
  });

  it("reads PDOK's answer shape: cursor links on PDOK's own host, integer ids, other gemeenten dropped", async () => {
    const pages = recordedPdokPages();
    const recorded = await startCbsServer({routes: [recordedPdokRoute(pages)]});
    try {
      const {features, requests, foreign} = await fetchPdokCollection(2023, "buurten", "GM1680", {pdokUrl: `${recorded.url}${PDOK_PREFIX}`, limit: 3, cacheDir: join(cacheDir, "recorded")});
      expect(requests).toHaveLength(2);
      // The next link names https://api.pdok.nl; the client asked the configured base instead, with the cursor.
      expect(requests[1]).toBe(`${recorded.url}${PDOK_PREFIX}/cbs/wijken-en-buurten-2023/ogc/v1/collections/buurten/items?cursor=Dw%7CZtn5&f=json&gemeentecode=GM1680&limit=3`);
      expect(recorded.urls("/pdok/")).toHaveLength(2);
      expect(features.features.map((f) => [f.id, f.properties?.buurtcode])).toEqual([[4101, "BU16800101"], [4102, "BU16800109"], [4103, "BU16800102"]]);
      expect(foreign).toBe(2);
      const all = pages.flatMap((p) => p.features);
      expect(all.filter((f) => f.properties?.gemeentecode !== "GM1680")).toHaveLength(foreign);
    } finally {
      await recorded.close();
    }
  });

  it("refuses a feature it cannot check (no gemeentecode and no code)", async () => {
    const pages = recordedPdokPages();
    const broken = structuredClone(pages);
    delete broken[0].features[0].properties!.gemeentecode;
    delete broken[0].features[0].properties!.buurtcode;
    const recorded = await startCbsServer({routes: [recordedPdokRoute(broken)]});
    try {
      await expect(fetchPdokCollection(2023, "buurten", "GM1680", {pdokUrl: `${recorded.url}${PDOK_PREFIX}`, cacheDir: join(cacheDir, "broken")})).rejects.toThrow(
        /a feature of buurten \(id 4101\) has no gemeentecode and no buurtcode to check it by/
      );
    } finally {
      await recorded.close();
    }
  });

  it("builds wijken and buurten into a topology, skipping water, and retries after a 503", async () => {
    server.clearLog();
    server.fail({match: "collections/buurten", status: 503, times: 1});
    const lines: string[] = [];
    const dataset: GeometryDataset = {name: "gebieden-gm1680", kind: "geometry", year: 2023, gemeente: "GM1680"};
    const snapshot = await pullGeometry(dataset, "/", NOW, {pdokUrl, cacheDir: join(cacheDir, "b"), http: FAST, log: (l) => lines.push(l)});
    if (snapshot.kind !== "geometry") throw new Error("not a geometry");
    expect(server.log.map((l) => l.status)).toContain(503);
    expect(topologyCodes(snapshot.topology, "wijken")).toEqual(["WK168001", "WK168002", "WK168003"]);
    const buurten = topologyCodes(snapshot.topology, "buurten");
    expect(buurten).toHaveLength(9);
    expect(buurten).toContain("BU16800909");
    expect(buurten).not.toContain("BU16800202");
    expect(lines.join("\n")).toMatch(/gebieden-gm1680: layer buurten: 9 features;.* 1 water feature\(s\) skipped/);
    expect(snapshot.source).toMatchObject({type: "geometry", year: 2023, publisher: "PDOK (CBS wijken en buurten)"});
  });

  it("answers a repeat from the disk cache and works --offline; an empty cache offline names the URL", async () => {
    const dataset: GeometryDataset = {name: "g", kind: "geometry", year: 2023, gemeente: "GM1730"};
    await pullGeometry(dataset, "/", NOW, {pdokUrl, cacheDir: join(cacheDir, "c")});
    server.clearLog();
    const again = await pullGeometry(dataset, "/", NOW, {pdokUrl, cacheDir: join(cacheDir, "c"), offline: true});
    expect(server.log).toEqual([]);
    expect(again.kind === "geometry" && topologyCodes(again.topology, "buurten")).toHaveLength(4);
    await expect(pullGeometry(dataset, "/", NOW, {pdokUrl, cacheDir: join(cacheDir, "empty"), offline: true})).rejects.toThrow(/offline: no cached response for .*collections\/wijken\/items\?gemeentecode=GM1730/);
  });

  it("says so for a gemeente PDOK does not know", async () => {
    await expect(fetchPdokCollection(2023, "wijken", "GM9998", {pdokUrl, cacheDir: join(cacheDir, "d")})).rejects.toThrow("PDOK has no wijken for GM9998 in 2023");
  });

  it("fetches a `url` layer through the same HTTP layer (retry after 503)", async () => {
    server.clearLog();
    const url = `${pdokUrl}/cbs/wijken-en-buurten-2023/ogc/v1/collections/wijken/items?gemeentecode=GM1730&f=json&limit=1000`;
    server.fail({match: "GM1730", status: 503, times: 1});
    const dataset: GeometryDataset = {name: "g", kind: "geometry", year: 2023, layers: [{name: "wijken", url, code: "wijkcode", label: "wijknaam"}]};
    const snapshot = await pullGeometry(dataset, "/", NOW, {cacheDir: join(cacheDir, "e"), http: FAST});
    expect(server.log.map((l) => l.status)).toEqual([503, 200]);
    expect(snapshot.kind === "geometry" && topologyCodes(snapshot.topology, "wijken")).toEqual(["WK173001", "WK173002"]);
  });

  it("reports the join per edition: codes without shape and shapes without data", async () => {
    const dataset: GeometryDataset = {name: "g", kind: "geometry", year: 2023, gemeente: "GM1680"};
    const snapshot = await pullGeometry(dataset, "/", NOW, {pdokUrl, cacheDir: join(cacheDir, "b")});
    const topology = (snapshot as {topology: Topology}).topology;
    const regions = ["BU16800101", "BU16800201", "BU16800202"].map((c) => ({edition: 2022, region_level: "buurt", region_code: c}));
    const entry = joinReport(regions, topology).find((e) => e.level === "buurt" && e.edition === 2022)!;
    expect(entry.matched).toBe(2);
    expect(entry.withoutShape).toEqual(["BU16800202"]);
    expect(entry.withoutData).toEqual(["BU16800102", "BU16800103", "BU16800203", "BU16800301", "BU16800302", "BU16800303", "BU16800909"]);
  });
});
