/**
 * A workspace of many gemeenten against the CBS fixture server (with PDOK routes): `init` with several codes,
 * `--provincie` and `--all` (provincies from "Gebieden in Nederland"), and the one-pass pull: one request set per
 * KWB edition whatever the number of gemeenten, rows byte for byte those of per-gemeente pulls, PDOK collections
 * fetched once and split, the lock and the join report per gemeente, progress per edition and in total.
 */
import {readFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import {join} from "node:path";
import {feature} from "topojson-client";
import type {Topology} from "topojson-specification";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {studyJoinLines} from "../../loaders/kwb/study.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {PDOK_PASS_MIN, pull, type PullEvent} from "../../loaders/snapshot/pull.js";
import {startCbsServer, type CbsServer} from "../fixtures/cbs-server.js";
import {PDOK_PREFIX, pdokRoutes} from "../fixtures/pdok-server.js";
import {cli} from "../support/cli.js";
import {remove, tempWorkspace} from "../support/workspace.js";
import {AA_EN_HUNZE, TYNAARLO, gebiedenInNederland, kwbEditions, pdokYear, type PlacedGemeente} from "./fixtures.js";

const DRENTHE: PlacedGemeente[] = [
  {...AA_EN_HUNZE, provincie: ["PV22", "Drenthe"]},
  {...TYNAARLO, provincie: ["PV22", "Drenthe"]},
  {code: "GM0109", name: "Coevorden", wijken: 2, buurten: 2, at: [6.75, 52.6], provincie: ["PV22", "Drenthe"]}
];
const FRYSLAN: PlacedGemeente[] = [
  {code: "GM0080", name: "Leeuwarden", wijken: 3, buurten: 2, at: [5.8, 53.2], provincie: ["PV21", "Fryslân"]},
  {code: "GM0074", name: "Heerenveen", wijken: 2, buurten: 3, at: [5.9, 52.95], provincie: ["PV21", "Fryslân"]}
];
const GRONINGEN: PlacedGemeente = {code: "GM0014", name: "Groningen", wijken: 4, buurten: 2, at: [6.55, 53.2], provincie: ["PV20", "Groningen"]};
const ALL = [...DRENTHE, ...FRYSLAN, GRONINGEN];
const EDITIONS = [2022, 2023, 2024];

async function manifestOf(ws: Workspace) {
  return JSON.parse(await readFile(ws.manifestPath, "utf8")) as {name: string; title: string; datasets: Record<string, unknown>[]};
}

describe("a workspace of several gemeenten", () => {
  let server: CbsServer;
  let env: Record<string, string>;
  const workspaces: Workspace[] = [];
  const fresh = async () => {
    const ws = await tempWorkspace();
    workspaces.push(ws);
    return ws;
  };
  const init = (ws: Workspace, args: string[]) => cli(["init", ...args, "--editions", "2022-2024", "--data-dir", ws.dataDir, "--cache-dir", join(ws.dataDir, ".cache")], env);

  beforeAll(async () => {
    server = await startCbsServer({tables: [...kwbEditions(ALL, EDITIONS), gebiedenInNederland(2024, ALL)], routes: [pdokRoutes([pdokYear(2024, ALL)])]});
    env = {CBS_ODATA_V3_URL: server.url, CBS_ODATA_V4_URL: server.url, PDOK_URL: `${server.url}${PDOK_PREFIX}`};
    Object.assign(process.env, env);
  });
  afterAll(async () => {
    for (const k of Object.keys(env ?? {})) delete process.env[k];
    await server?.close();
    for (const ws of workspaces) await remove(ws.dataDir);
  });

  it("init takes several codes: per gemeente its kwb and PDOK datasets with the provincie, and every gemeente's boundary", async () => {
    const ws = await fresh();
    const r = await init(ws, ["GM1680", "80", "GM0014"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3 gemeenten: GM0014 Groningen (Groningen), GM0080 Leeuwarden (Fryslân), GM1680 Aa en Hunze (Drenthe)");
    const m = await manifestOf(ws);
    expect(m.datasets.map((d) => d.name)).toEqual(["kwb-gm0014", "gebieden-gm0014", "kwb-gm0080", "gebieden-gm0080", "kwb-gm1680", "gebieden-gm1680", "gemeenten-2024"]);
    expect(m.datasets[2]).toMatchObject({kind: "kwb", gemeente: "GM0080", editions: EDITIONS, provincie: {code: "PV21", name: "Fryslân"}});
    expect(m.datasets[2]).not.toHaveProperty("measures");
    expect(m.datasets.at(-1)).toMatchObject({kind: "geometry", year: 2024, collections: ["gemeenten"]});
  });

  it("an unknown code among several is named with the others, and nothing is written", async () => {
    const ws = await fresh();
    const r = await init(ws, ["GM1680", "GM9998", "GM9997"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown gemeenten GM9998, GM9997: CBS does not list them in 85984NED (Kerncijfers wijken en buurten 2024); nothing was written");
    expect(existsSync(ws.manifestPath)).toBe(false);
  });

  it("--provincie takes the provincie's gemeenten (Fryslân or Friesland), keeping the study's measures", async () => {
    for (const name of ["Fryslân", "friesland"]) {
      const ws = await fresh();
      const r = await init(ws, ["--provincie", name]);
      expect(r.code, r.stderr).toBe(0);
      const m = await manifestOf(ws);
      expect(m.title).toBe("Buurtboek provincie Fryslân");
      expect(m.datasets.filter((d) => d.kind === "kwb").map((d) => [d.gemeente, d.measures])).toEqual([["GM0074", "study"], ["GM0080", "study"]]);
    }
    const ws = await fresh();
    const r = await init(ws, ["--provincie", "Atlantis"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown provincie "Atlantis": Gebieden in Nederland 2024 (85755NED) lists Drenthe, Fryslân, Groningen; nothing was written');
    expect(existsSync(ws.manifestPath)).toBe(false);
  });

  it("--all takes every gemeente of the newest edition; codes and --all together are refused", async () => {
    const ws = await fresh();
    expect((await init(ws, ["--all"])).code).toBe(0);
    const m = await manifestOf(ws);
    expect(m.datasets.filter((d) => d.kind === "kwb").map((d) => d.gemeente)).toEqual(ALL.map((g) => g.code).sort());
    expect(m.name).toBe("nederland");
    const both = await init(await fresh(), ["GM1680", "--all"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("give gemeente codes, --all or --provincie, not codes and --all");
  });

  it("pulls each edition once for all gemeenten: as many requests for six as for two, the same rows as alone", async () => {
    const two = await fresh();
    const six = await fresh();
    expect((await init(two, ["GM1680", "GM0080"])).code).toBe(0);
    expect((await init(six, ALL.map((g) => g.code))).code).toBe(0);
    const cbsRequests = async (ws: Workspace) => {
      server.clearLog();
      await pull(ws, {cacheDir: join(ws.dataDir, ".pull-cache")});
      return server.log.filter((l) => !l.url.startsWith(PDOK_PREFIX)).map((l) => l.url);
    };
    const forTwo = await cbsRequests(two);
    const forSix = await cbsRequests(six);
    expect(forSix.length).toBe(forTwo.length);
    // Per edition: the version probe, the metadata, one data request for the gemeenten and one for Nederland.
    expect(forSix.filter((u) => u.includes("TypedDataSet")).length).toBe(2 * EDITIONS.length);

    // Each gemeente's snapshot is byte for byte what a workspace of that gemeente alone pulls.
    for (const g of ["GM1680", "GM0080"]) {
      const alone = await fresh();
      expect((await init(alone, [g])).code).toBe(0);
      server.clearLog();
      await pull(alone, {cacheDir: join(alone.dataDir, ".pull-cache"), names: [`kwb-${g.toLowerCase()}`]});
      expect(server.log.filter((l) => l.url.includes("TypedDataSet")).length).toBe(2 * EDITIONS.length);
      for (const file of [`kwb-${g.toLowerCase()}.csv`, `kwb-${g.toLowerCase()}.editions.json`, `kwb-${g.toLowerCase()}.schema.json`]) {
        const a = await readFile(join(alone.snapshotsDir, file), "utf8");
        expect(await readFile(join(two.snapshotsDir, file), "utf8"), file).toBe(a);
        expect(await readFile(join(six.snapshotsDir, file), "utf8"), file).toBe(a);
      }
    }
    // The lock and the join report stay per gemeente.
    const lock = JSON.parse(await readFile(six.lockPath, "utf8"));
    for (const g of ALL) expect(lock.datasets[`kwb-${g.code.toLowerCase()}`].files).toHaveProperty([`kwb-${g.code.toLowerCase()}.csv`]);
    const join_ = await studyJoinLines(six);
    for (const g of ALL) expect(join_.some((l) => l.startsWith(`${g.code} join of kwb-${g.code.toLowerCase()} with gebieden-${g.code.toLowerCase()}`))).toBe(true);
  });

  for (const api of ["v3", "v4"] as const) {
    it(`a study-scoped pull (${api}) asks CBS only for the study's measures, and keeps the same rows and notes as a pull of all`, async () => {
      const scoped = await fresh();
      const whole = await fresh();
      expect((await init(scoped, ["--provincie", "Drenthe", "--api", api])).code).toBe(0);
      expect((await init(whole, ["GM1680", "GM1730", "GM0109", "--api", api])).code).toBe(0);
      expect((await manifestOf(scoped)).datasets.filter((d) => d.kind === "kwb").every((d) => d.measures === "study")).toBe(true);
      const dataRequests = async (ws: Workspace) => {
        server.clearLog();
        await pull(ws, {cacheDir: join(ws.dataDir, ".pull-cache")});
        return server.log.map((l) => decodeURIComponent(l.url)).filter((u) => (api === "v3" ? u.includes("TypedDataSet") : u.includes("/Observations")));
      };
      const narrow = await dataRequests(scoped);
      const wide = await dataRequests(whole);
      expect(narrow.length).toBe(wide.length);
      // The scoped requests name their measures ($select in v3, a Measure filter in v4); the whole ones do not.
      const names = api === "v3" ? /\$select=/ : /Measure eq '/;
      expect(narrow.every((u) => names.test(u))).toBe(true);
      expect(wide.some((u) => names.test(u))).toBe(false);
      for (const g of ["gm1680", "gm1730", "gm0109"]) {
        const rowsOf = async (ws: Workspace) => (await readFile(join(ws.snapshotsDir, `kwb-${g}.csv`), "utf8")).trim().split("\n");
        const [header, ...studyRows] = await rowsOf(scoped);
        const indicators = new Set(studyRows.map((r) => r.split(",")[header.split(",").indexOf("indicator")]));
        const [, ...allRows] = await rowsOf(whole);
        expect(studyRows.length).toBeGreaterThan(0);
        expect(studyRows).toEqual(allRows.filter((r) => indicators.has(r.split(",")[header.split(",").indexOf("indicator")])));
        const record = async (ws: Workspace) => JSON.parse(await readFile(join(ws.snapshotsDir, `kwb-${g}.editions.json`), "utf8"));
        const [a, b] = [await record(scoped), await record(whole)];
        expect(a.breaks).toEqual(b.breaks);
        for (const [i, e] of a.editions.entries()) {
          expect(e.unrecognised).toEqual(b.editions[i].unrecognised);
          expect(e.change_column).toBe(b.editions[i].change_column);
          expect(e.income_year).toEqual(b.editions[i].income_year);
        }
      }
    });
  }

  it("reports progress per edition and in total", async () => {
    const ws = await fresh();
    expect((await init(ws, ["GM1680", "GM0014", "GM0074"])).code).toBe(0);
    const events: PullEvent[] = [];
    await pull(ws, {cacheDir: join(ws.dataDir, ".cache"), progress: (e) => events.push(e)});
    const datasets = events.filter((e) => e.type === "dataset");
    expect(datasets.map((e) => e.done)).toEqual(Array.from({length: 7}, (_, i) => i + 1));
    expect(datasets.every((e) => e.type === "dataset" && e.total === 7)).toBe(true);
    const tables = new Set(events.filter((e) => e.type === "edition").map((e) => (e as {table: string}).table));
    expect([...tables].sort()).toEqual(["85318NED", "85618NED", "85984NED"]);
  });
});

describe(`PDOK in one pass from ${PDOK_PASS_MIN} gemeenten`, () => {
  const many: PlacedGemeente[] = Array.from({length: PDOK_PASS_MIN}, (_, i) => ({code: `GM0${200 + i}`, name: `Gemeente ${i + 1}`, wijken: 1, buurten: 2, at: [4 + (i % 8) * 0.05, 51 + Math.floor(i / 8) * 0.05] as [number, number], provincie: ["PV30", "Noord-Brabant"] as [string, string]}));
  let server: CbsServer;
  let env: Record<string, string>;
  let ws: Workspace;
  let alone: Workspace;

  beforeAll(async () => {
    server = await startCbsServer({tables: [...kwbEditions(many, [2024]), gebiedenInNederland(2024, many)], routes: [pdokRoutes([pdokYear(2024, many)])]});
    env = {CBS_ODATA_V3_URL: server.url, CBS_ODATA_V4_URL: server.url, PDOK_URL: `${server.url}${PDOK_PREFIX}`};
    Object.assign(process.env, env);
    ws = await tempWorkspace();
    alone = await tempWorkspace();
  });
  afterAll(async () => {
    for (const k of Object.keys(env ?? {})) delete process.env[k];
    await server?.close();
    await remove(ws?.dataDir);
    await remove(alone?.dataDir);
  });

  it("fetches each collection once, splits it per gemeente, and gives each the topology it gets alone", async () => {
    expect((await cli(["init", "--provincie", "Noord-Brabant", "--editions", "2024", "--data-dir", ws.dataDir, "--cache-dir", join(ws.dataDir, ".cache")], env)).code).toBe(0);
    server.clearLog();
    await pull(ws, {cacheDir: join(ws.dataDir, ".pull-cache")});
    const pdok = server.log.filter((l) => l.url.startsWith(PDOK_PREFIX)).map((l) => l.url);
    expect(pdok.filter((u) => u.includes("gemeentecode="))).toEqual([]);
    expect(new Set(pdok.map((u) => new URL(u, server.url).pathname.split("/").at(-2)))).toEqual(new Set(["gemeenten", "wijken", "buurten"]));
    expect(pdok.length).toBe(3);

    expect((await cli(["init", "GM0207", "--editions", "2024", "--data-dir", alone.dataDir, "--cache-dir", join(alone.dataDir, ".cache")], env)).code).toBe(0);
    await pull(alone, {cacheDir: join(alone.dataDir, ".pull-cache"), names: ["gebieden-gm0207"]});
    expect(await readFile(join(ws.snapshotsDir, "gebieden-gm0207.topojson"), "utf8")).toBe(await readFile(join(alone.snapshotsDir, "gebieden-gm0207.topojson"), "utf8"));

    const national = JSON.parse(await readFile(join(ws.snapshotsDir, "gemeenten-2024.topojson"), "utf8")) as Topology;
    const shapes = feature(national, national.objects.gemeenten as never) as unknown as GeoJSON.FeatureCollection;
    expect(shapes.features.map((f) => f.properties!.code).sort()).toEqual(many.map((g) => g.code).sort());
  });
});
