/**
 * `buurtboek init` and the kwb layer against the CBS fixture server (with PDOK routes): a gemeente the code has
 * never seen across five editions, title variants, a first release, an unknown gemeente, a retry after 503,
 * several gemeenten in one workspace, the technique page's wijk table, v4, and the real Den Haag KWB 2019 and 2020 first release from ../shared.
 */
import {readFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {nationalNavigation, nationalPaths} from "../../loaders/kwb/route.js";
import {wijkTable} from "../../loaders/kwb/wijken.js";
import {readTableSnapshot} from "../../loaders/snapshot/snapshot.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {pull} from "../../loaders/snapshot/pull.js";
import type {KwbRecord} from "../../loaders/snapshot/sources/kwb.js";
import {startCbsServer, type CbsServer} from "../fixtures/cbs-server.js";
import {PDOK_PREFIX, pdokRoutes} from "../fixtures/pdok-server.js";
import {cli, remove, tempWorkspace} from "../data/support.js";
import {hasShared, sharedSkipReason} from "../support/paths.js";
import {AA_EN_HUNZE, TYNAARLO, denHaag2019, denHaag2020FirstRelease, kwbEditions, pdokYear} from "./fixtures.js";

type Row = Record<string, string | number | null>;

async function tidy(ws: Workspace, name: string): Promise<Row[]> {
  return (await readTableSnapshot(ws.snapshotsDir, name)).table.rows;
}

const find = (rows: Row[], code: string, edition: number, indicator: string) => rows.find((r) => r.region_code === code && r.edition === edition && r.indicator === indicator);

describe("init + pull for a gemeente the code has never seen", () => {
  let server: CbsServer;
  let ws: Workspace;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startCbsServer({tables: kwbEditions([AA_EN_HUNZE, TYNAARLO], [2019, 2020, 2021, 2022, 2023, 2024]), routes: [pdokRoutes([pdokYear(2024, [AA_EN_HUNZE, TYNAARLO])])]});
    env = {CBS_ODATA_V3_URL: server.url, CBS_ODATA_V4_URL: server.url, PDOK_URL: `${server.url}${PDOK_PREFIX}`};
    // The CLI runs as a child with `env`; in-process pulls read the same variables from process.env.
    Object.assign(process.env, env);
    ws = await tempWorkspace();
  });
  afterAll(async () => {
    for (const k of Object.keys(env ?? {})) delete process.env[k];
    await server?.close();
    await remove(ws?.dataDir);
  });

  it("init takes the five most recent catalogue editions and looks up the name", async () => {
    const r = await cli(["init", "GM1680", "--data-dir", ws.dataDir, "--cache-dir", join(ws.dataDir, ".cache")], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("GM1680 Aa en Hunze: kwb-gm1680 (KWB 2020, 2021, 2022, 2023, 2024), gebieden-gm1680 (PDOK 2024)");
    const manifest = JSON.parse(await readFile(ws.manifestPath, "utf8"));
    expect(manifest.municipality).toEqual({code: "GM1680", name: "Aa en Hunze"});
    expect(manifest.datasets).toEqual([
      expect.objectContaining({name: "kwb-gm1680", kind: "kwb", gemeente: "GM1680", editions: [2020, 2021, 2022, 2023, 2024], api: "v3"}),
      expect.objectContaining({name: "gebieden-gm1680", kind: "geometry", gemeente: "GM1680", year: 2024})
    ]);
  });

  it("a second init adds another gemeente with chosen editions and geometry year", async () => {
    const r = await cli(["init", "1730", "--editions", "2019,2021-2022", "--geometry-year", "2024", "--data-dir", ws.dataDir, "--cache-dir", join(ws.dataDir, ".cache")], env);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(await readFile(ws.manifestPath, "utf8"));
    expect(manifest.datasets.map((d: {name: string}) => d.name)).toEqual(["kwb-gm1680", "gebieden-gm1680", "kwb-gm1730", "gebieden-gm1730"]);
    expect(manifest.datasets[2].editions).toEqual([2019, 2021, 2022]);
  });

  it("an unknown gemeente is named and nothing is written", async () => {
    const before = await readFile(ws.manifestPath, "utf8");
    const r = await cli(["init", "GM9998", "--data-dir", ws.dataDir, "--cache-dir", join(ws.dataDir, ".cache")], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown gemeente GM9998: CBS does not list it in 85984NED (Kerncijfers wijken en buurten 2024); nothing was written");
    expect(await readFile(ws.manifestPath, "utf8")).toBe(before);
    const fresh = await tempWorkspace();
    expect((await cli(["init", "GM9998", "--data-dir", fresh.dataDir, "--cache-dir", join(fresh.dataDir, ".cache")], env)).code).toBe(1);
    expect(existsSync(fresh.manifestPath)).toBe(false);
    await remove(fresh.dataDir);
  });

  it("an edition the catalogue does not list is an error naming the listed ones", async () => {
    const r = await cli(["init", "GM1680", "--editions", "2015", "--data-dir", ws.dataDir, "--cache-dir", join(ws.dataDir, ".cache")], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("edition(s) 2015 not in the CBS catalogue; it lists 2019, 2020, 2021, 2022, 2023, 2024");
  });

  it("pull retries after a 503 and writes the tidy snapshot with statuses and the per-edition record", async () => {
    server.clearLog();
    server.fail({match: "TypedDataSet", status: 503, times: 1});
    server.fail({match: "/pdok/", status: 503, times: 1});
    const lines: string[] = [];
    await pull(ws, {cacheDir: join(ws.dataDir, ".cache"), http: {minDelayMs: 5, maxDelayMs: 20}, log: (l) => lines.push(l)});
    expect(server.log.filter((l) => l.status === 503)).toHaveLength(2);
    const rows = await tidy(ws, "kwb-gm1680");
    expect(Object.keys(rows[0])).toEqual(["region_code", "region_name", "region_level", "edition", "indicator", "value", "status"]);
    expect(new Set(rows.map((r) => r.region_level))).toEqual(new Set(["land", "gemeente", "wijk", "buurt"]));
    // Title variants: 2021 and 2023 abbreviate ("Huish. …", "Aantal Wmo-cliënten"), 2020 and 2022 do not; one indicator each.
    for (const e of [2020, 2021, 2022, 2023]) {
      expect(find(rows, "GM1680", e, "sociaal_minimum_pct")?.value).toEqual(expect.any(Number));
      expect(find(rows, "GM1680", e, "wmo")?.value).toEqual(expect.any(Number));
    }
    // The first release (2024) leaves income empty: never zero, "nog niet gepubliceerd"; bijstand is filled.
    expect(find(rows, "GM1680", 2024, "laag_inkomen_pct")).toMatchObject({value: null, status: "nog niet gepubliceerd"});
    expect(find(rows, "BU16800101", 2024, "wmo_per_1000")).toMatchObject({value: null, status: "nog niet gepubliceerd"});
    expect(find(rows, "GM1680", 2024, "bijstand")?.value).toBeGreaterThan(0);
    // A suppressed cell among filled ones, and an uninhabited buurt.
    expect(find(rows, "BU16800103", 2022, "laag_inkomen_pct")).toMatchObject({value: null, status: "geheim"});
    expect(find(rows, "BU16800301", 2022, "laag_inkomen_pct")).toMatchObject({value: null, status: "niet beschikbaar"});
    // Derived per 1000 from the published counts.
    const bij = find(rows, "WK168002", 2022, "bijstand")!.value as number;
    const inw = find(rows, "WK168002", 2022, "inwoners")!.value as number;
    expect(find(rows, "WK168002", 2022, "bijstand_per_1000")?.value).toBeCloseTo((bij / inw) * 1000, 1);
    expect(find(rows, "NL00", 2022, "inwoners")?.value).toBe(17_500_000);
    expect(rows.filter((r) => r.value === 0 && String(r.indicator).endsWith("_pct"))).toEqual([]);

    const record = JSON.parse(await readFile(join(ws.snapshotsDir, "kwb-gm1680.editions.json"), "utf8")) as KwbRecord;
    expect(record.gemeente).toEqual({code: "GM1680", name: "Aa en Hunze"});
    expect(record.editions.map((e) => [e.edition, e.table, e.first_release])).toEqual([[2020, "84799NED", false], [2021, "85039NED", false], [2022, "85318NED", false], [2023, "85618NED", false], [2024, "85984NED", true]]);
    const sm = (e: number) => record.editions.find((x) => x.edition === e)!.indicators.find((i) => i.indicator === "sociaal_minimum_pct");
    expect(sm(2021)).toMatchObject({key: "Minimum_78", title: "Huish. onder of rond sociaal minimum"});
    expect(sm(2022)).toMatchObject({key: "Minimum_80", title: "Huishoudens onder of rond sociaal minimum"});
    // CBS's new poverty measure from 2024 is a note; the low-income series are not cut, and no area was re-coded.
    expect(record.breaks).toEqual([expect.objectContaining({edition: 2024, previous: 2023, kind: "nieuwe maat", indicators: expect.arrayContaining(["armoede_personen_pct", "laag_inkomen_pct"])})]);

    const lock = JSON.parse(await readFile(ws.lockPath, "utf8"));
    expect(lock.datasets["kwb-gm1680"].files).toHaveProperty(["kwb-gm1680.editions.json"]);
    expect(lock.datasets["gebieden-gm1680"].source.requests[0]).toContain(`${PDOK_PREFIX}/cbs/wijken-en-buurten-2024/ogc/v1/collections/wijken/items?gemeentecode=GM1680&f=json&limit=1000`);
    const tynaarlo = await tidy(ws, "kwb-gm1730");
    expect([...new Set(tynaarlo.map((r) => r.edition))]).toEqual([2019, 2021, 2022]);
  });

  it("gives the technique page the wijken of the latest edition with income figures, for any gemeente", async () => {
    const rows = await tidy(ws, "kwb-gm1680");
    const table = await wijkTable(ws, "GM1680");
    // 2024 is a first release (no income figures): the page shows 2023.
    expect(table).toMatchObject({gemeente: {code: "GM1680", name: "Aa en Hunze"}, dataset: "kwb-gm1680", edition: 2023});
    expect(table.rows.map((r) => r.region_code)).toEqual(["WK168001", "WK168002", "WK168003"]);
    for (const row of table.rows) {
      for (const indicator of ["inwoners", "laag_inkomen_pct", "sociaal_minimum_pct", "bijstand"] as const) {
        expect(row[indicator], `${row.region_code} ${indicator}`).toBe(find(rows, String(row.region_code), 2023, indicator)?.value ?? null);
      }
    }
    const tynaarlo = await wijkTable(ws, "GM1730");
    expect(tynaarlo).toMatchObject({gemeente: {name: "Tynaarlo"}, dataset: "kwb-gm1730", edition: 2022});
    expect(tynaarlo.rows).toHaveLength(TYNAARLO.wijken);
    await expect(wijkTable(ws, "GM0363")).rejects.toThrow(/no kwb dataset for GM0363/);
    // No sidebar entry per gemeente (a national workspace has hundreds): two gemeenten get the national overview.
    expect(nationalPaths(ws.dataDir)).toEqual(["/nederland"]);
    expect(nationalNavigation(ws.dataDir)).toEqual([{name: "Nederland: alle gemeenten", path: "/nederland"}]);
  });

  it("v4 gives the same tidy values as v3", async () => {
    const v4 = await tempWorkspace();
    expect((await cli(["init", "GM1730", "--api", "v4", "--editions", "2022", "--data-dir", v4.dataDir, "--cache-dir", join(v4.dataDir, ".cache")], env)).code).toBe(0);
    await pull(v4, {names: ["kwb-gm1730"], cacheDir: join(v4.dataDir, ".cache")});
    const a = (await tidy(v4, "kwb-gm1730")).map((r) => [r.region_code, r.indicator, r.value, r.status]);
    const b = (await tidy(ws, "kwb-gm1730")).filter((r) => r.edition === 2022).map((r) => [r.region_code, r.indicator, r.value, r.status]);
    expect(a).toEqual(b);
    await remove(v4.dataDir);
  });
});

describe.skipIf(!hasShared)("real KWB Den Haag 2019 and the 2020 first release through the layer", () => {
  let server: CbsServer;
  let ws: Workspace;
  beforeAll(async () => {
    server = await startCbsServer({tables: [denHaag2019(), denHaag2020FirstRelease()]});
    ws = await tempWorkspace();
    const manifest = {version: 1, name: "denhaag", title: "Den Haag", datasets: [{name: "kwb-gm0518", kind: "kwb", gemeente: "GM0518", editions: [2019, 2020]}]};
    await import("node:fs/promises").then((fs) => fs.writeFile(ws.manifestPath, JSON.stringify(manifest)));
    process.env.CBS_ODATA_V3_URL = server.url;
    await pull(ws, {cacheDir: join(ws.dataDir, ".cache")});
  });
  afterAll(async () => {
    delete process.env.CBS_ODATA_V3_URL;
    await server?.close();
    await remove(ws?.dataDir);
  });

  it("matches the published reference values (README of ../shared)", async () => {
    const rows = await tidy(ws, "kwb-gm0518");
    const v = (id: string, e = 2019) => find(rows, "GM0518", e, id)?.value;
    expect(v("inwoners")).toBe(537833);
    expect(v("inkomen_per_inwoner")).toBe(27.1);
    expect(v("laag_inkomen_pct")).toBe(12.4);
    expect(v("sociaal_minimum_pct")).toBe(11.6);
    expect(v("bijstand")).toBe(25280);
    expect(v("wmo")).toBe(38085);
    expect(v("bijstand_per_1000")).toBe(47);
    expect(new Set(rows.filter((r) => r.edition === 2019).map((r) => r.region_code)).size).toBe(159);
  });

  it("keeps the 2020 first release's empty income columns as not yet published, bijstand filled", async () => {
    const rows = await tidy(ws, "kwb-gm0518");
    const r2020 = rows.filter((r) => r.edition === 2020);
    // Areas without inhabitants have nothing to publish ("niet beschikbaar"); every other area waits for CBS's revision.
    const uninhabited = new Set(r2020.filter((r) => r.indicator === "inwoners" && r.value === 0).map((r) => r.region_code));
    expect([...uninhabited].sort()).toEqual(["BU05180170", "BU05184107", "BU05184209", "WK051801"]);
    for (const id of ["laag_inkomen_pct", "sociaal_minimum_pct", "inkomen_per_inwoner", "wmo"]) {
      const col = r2020.filter((r) => r.indicator === id);
      expect(col.length).toBeGreaterThan(100);
      for (const r of col) expect(r.status, `${id} ${r.region_code}`).toBe(uninhabited.has(String(r.region_code)) ? "niet beschikbaar" : "nog niet gepubliceerd");
    }
    expect(find(rows, "GM0518", 2020, "bijstand")?.value).toBeGreaterThan(20000);
    const record = JSON.parse(await readFile(join(ws.snapshotsDir, "kwb-gm0518.editions.json"), "utf8")) as KwbRecord;
    expect(record.editions.map((e) => [e.edition, e.first_release, e.nederland])).toEqual([[2019, false, false], [2020, true, false]]);
    expect(record.editions[0].indicators.find((i) => i.indicator === "sociaal_minimum_pct")).toEqual({indicator: "sociaal_minimum_pct", key: "HuishOnderOfRondSociaalMinimum_79", title: "Huish. onder of rond sociaal minimum", unit: "%"});
    // Every poverty column of the real table lands on an indicator; nothing that looks like one is left over.
    expect(record.editions.map((e) => e.unrecognised)).toEqual([[], []]);
    const fromCbs = new Set(record.editions[0].indicators.filter((i) => i.key).map((i) => i.indicator));
    for (const id of ["inwoners", "huishoudens", "inkomen_per_inwoner", "laag_inkomen_pct", "sociaal_minimum_pct", "tot_110_pct", "tot_120_pct", "bijstand", "jeugdzorg", "jeugdzorg_pct", "wmo", "wmo_per_1000"]) {
      expect(fromCbs.has(id), id).toBe(true);
    }
    // Den Haag 2019 and 2020 carry CBS's re-coding column: every wijk and buurt says 1, so there is no break.
    expect(record.editions.map((e) => e.change_column)).toEqual(["IndelingswijzigingWijkenEnBuurten_4", "IndelingswijzigingWijkenEnBuurten_4"]);
    expect(record.breaks).toEqual([]);
  });
});
