/**
 * The KWB layer across CBS's re-codings, an edition without buurt rows and new title wordings, end to end through
 * `buurtboek data pull` against the CBS fixture server, then the study asset the poverty page reads:
 * - 2021 full, 2022 with only wijken (CBS left buurten out), 2023 with wijk 2 re-coded (CBS column: 2) and one buurt
 *   whose boundary changed (3), and CBS's 2023 youth-care wording ("Percentage jongeren met jeugdzorg in natura");
 * - 2024 adds CBS's new poverty measure, and a look-alike measure the layer must name as "niet herkend".
 */
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {buildStudy, type StudyData} from "../../loaders/kwb/study.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {readTableSnapshot} from "../../loaders/snapshot/snapshot.js";
import type {KwbRecord} from "../../loaders/snapshot/sources/kwb.js";
import {breaksFor, lineage, mapRows, notesFor, trendRows} from "../../src/components/study-data.js";
import {startCbsServer, type CbsServer} from "../fixtures/cbs-server.js";
import {PDOK_PREFIX, pdokRoutes} from "../fixtures/pdok-server.js";
import {cli, remove, tempWorkspace} from "../data/support.js";
import {AA_EN_HUNZE, kwbEdition, pdokYear} from "./fixtures.js";

const G = AA_EN_HUNZE; // 3 wijken × 3 buurten
const RECODE = {WK168002: "WK168009", BU16800201: "BU16800901", BU16800202: "BU16800902", BU16800203: "BU16800903"};

function editions() {
  const e2024 = kwbEdition(2024, [G], {renamed: RECODE});
  // A measure that looks like an indicator but is none of them: it must be named in the pull output.
  e2024.topics.push({key: "PersonenTot25BovenArmoedegrens_99", title: "Personen tot 25% boven armoedegrens", unit: "%", decimals: 1, datatype: "Double"});
  for (const r of e2024.rows) r.PersonenTot25BovenArmoedegrens_99 = 4.2;
  return [
    kwbEdition(2021, [G]),
    kwbEdition(2022, [G], {levels: ["wijk"]}),
    kwbEdition(2023, [G], {recode: RECODE, changed: ["BU16800101"]}),
    e2024
  ];
}

describe("KWB layer: CBS's re-coding column, an edition without buurten, new wordings", () => {
  let server: CbsServer;
  let ws: Workspace;
  let env: Record<string, string>;
  let stderr: string;
  let record: KwbRecord;
  let study: StudyData;

  beforeAll(async () => {
    server = await startCbsServer({tables: editions(), routes: [pdokRoutes([pdokYear(2024, [G])])]});
    env = {CBS_ODATA_V3_URL: server.url, CBS_ODATA_V4_URL: server.url, PDOK_URL: `${server.url}${PDOK_PREFIX}`};
    ws = await tempWorkspace();
    const cache = join(ws.dataDir, ".cache");
    expect((await cli(["init", G.code, "--editions", "2021-2024", "--data-dir", ws.dataDir, "--cache-dir", cache], env)).code).toBe(0);
    const pulled = await cli(["data", "pull", "--data-dir", ws.dataDir, "--cache-dir", cache], env);
    expect(pulled.code, pulled.stderr).toBe(0);
    stderr = pulled.stderr;
    record = JSON.parse(await readFile(join(ws.snapshotsDir, "kwb-gm1680.editions.json"), "utf8"));
    study = await buildStudy(ws, G.code);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await remove(ws?.dataDir);
  });

  it("names a measure that looks like an indicator but is not accepted in the pull output, and records it", () => {
    expect(stderr).toContain("kwb-gm1680: KWB 2024 (85984NED): niet herkend: „Personen tot 25% boven armoedegrens” (%): geen indicator met deze omschrijving [PersonenTot25BovenArmoedegrens_99]");
    expect(record.editions.find((e) => e.edition === 2024)!.unrecognised.map((u) => u.key)).toEqual(["PersonenTot25BovenArmoedegrens_99"]);
    expect(record.editions.filter((e) => e.edition !== 2024).every((e) => e.unrecognised.length === 0)).toBe(true);
  });

  it("maps CBS's 2023 and 2024 youth-care wordings to the same indicators: no hole in the series", async () => {
    const {table} = await readTableSnapshot(ws.snapshotsDir, "kwb-gm1680");
    const value = (edition: number, id: string) => table.rows.find((r) => r.region_code === G.code && r.edition === edition && r.indicator === id)?.value;
    for (const e of [2021, 2022, 2023]) {
      expect(value(e, "jeugdzorg_pct"), `jeugdzorg_pct ${e}`).toEqual(expect.any(Number));
      expect(value(e, "jeugdzorg"), `jeugdzorg ${e}`).toEqual(expect.any(Number));
    }
    const sources = (e: number) => record.editions.find((x) => x.edition === e)!.indicators;
    expect(sources(2023).find((s) => s.indicator === "jeugdzorg_pct")?.title).toBe("Percentage jongeren met jeugdzorg in natura");
    expect(sources(2023).find((s) => s.indicator === "jeugdzorg")?.title).toBe("Aantal jongeren met jeugdzorg in natura");
    expect(study.indicators.find((i) => i.id === "jeugdzorg_pct")!.editions).toEqual([2021, 2022, 2023, 2024]);
  });

  it("reads re-codings from CBS's column and never infers a break from the edition without buurten", () => {
    expect(record.editions.map((e) => [e.edition, e.change_column])).toEqual([
      [2021, "IndelingswijzigingWijkenEnBuurten_4"], [2022, "IndelingswijzigingGemeenteWijkBuurt_4"],
      [2023, "IndelingswijzigingGemeenteWijkBuurt_4"], [2024, "IndelingswijzigingGemeenteWijkBuurt_4"]
    ]);
    const indeling = record.breaks.filter((b) => b.kind === "indeling");
    // Buurten: 2023 is compared with 2021, the latest edition that has buurten; 2022 says nothing about them.
    expect(indeling.map((b) => [b.level, b.previous, b.edition])).toEqual([["wijk", 2022, 2023], ["buurt", 2021, 2023]]);
    const buurt = indeling.find((b) => b.level === "buurt")!;
    expect(buurt).toMatchObject({
      basis: "cbs", changed: ["BU16800101"], codes: ["BU16800101"], removed: [], added: [],
      recoded: [{from: "BU16800201", to: "BU16800901"}, {from: "BU16800202", to: "BU16800902"}, {from: "BU16800203", to: "BU16800903"}]
    });
    expect(buurt.description).toContain("1 buurt kreeg andere grenzen (BU16800101)");
    expect(buurt.description).toContain("Het CBS vergelijkt met 2022; wijzigingen tussen 2021 en 2022 staan niet in deze tabel.");
    const wijk = indeling.find((b) => b.level === "wijk")!;
    expect(wijk).toMatchObject({recoded: [{from: "WK168002", to: "WK168009"}], changed: [], codes: [], removed: [], added: []});
    expect(record.breaks.some((b) => /vervielen|verviel/.test(b.description) && b.level === "buurt" && b.edition === 2022)).toBe(false);
  });

  it("makes CBS's new poverty measure a note that cuts no low-income series", () => {
    const note = record.breaks.find((b) => b.kind === "nieuwe maat")!;
    expect(note).toMatchObject({edition: 2024, previous: 2023});
    expect(record.breaks.some((b) => b.kind === "definitie" && b.indicators.includes("laag_inkomen_pct"))).toBe(false);
    expect(breaksFor(study, "laag_inkomen_pct", [G.code, "NL00"])).toEqual([]);
    expect(notesFor(study, "laag_inkomen_pct").map((b) => b.edition)).toEqual([2024]);
    const trend = trendRows(study, "laag_inkomen_pct", [G.code]);
    expect(trend.filter((r) => r.value != null).map((r) => r.edition)).toEqual([2021, 2022, 2023, 2024]);
  });

  it("draws a re-coded wijk as one series, and cuts only the line of the buurt whose boundary changed", () => {
    expect(lineage(study, "WK168009")).toEqual(["WK168009", "WK168002"]);
    const wijk = trendRows(study, "laag_inkomen_pct", ["WK168009"]);
    expect(wijk.map((r) => [r.edition, r.region_code, r.series])).toEqual([
      [2021, "WK168002", "WK168009"], [2022, "WK168002", "WK168009"], [2023, "WK168009", "WK168009"], [2024, "WK168009", "WK168009"]
    ]);
    // A wijk re-coding cuts nobody; the changed buurt's boundary cuts only its own line, never the gemeente's or Nederland's.
    expect(breaksFor(study, "laag_inkomen_pct", [G.code, "WK168009", "NL00"])).toEqual([]);
    const cut = breaksFor(study, "laag_inkomen_pct", [G.code, "BU16800101", "NL00"]);
    expect(cut.map((b) => [b.kind, b.edition, b.codes])).toEqual([["indeling", 2023, ["BU16800101"]]]);
  });

  it("draws every boundary on the map, also for an edition without buurt rows, with the reason", () => {
    const drawn = mapRows(study, 2022, "laag_inkomen_pct", "buurt");
    expect(drawn.map((r) => r.region_code)).toEqual(study.map.levels.buurt.map((p) => p.code).sort());
    expect(drawn.length).toBeGreaterThan(0);
    expect(new Set(drawn.map((r) => r.status))).toEqual(new Set(["geen cijfers per buurt in editie 2022"]));
    expect(drawn.every((r) => r.value == null)).toBe(true);
  });

  it("draws an earlier edition's row in the boundary CBS re-coded without moving it", () => {
    // Boundaries of a year after the re-coding: BU16800901 is the same boundary as BU16800201 in 2021.
    const later = {...study, map: {...study.map, levels: {...study.map.levels, buurt: study.map.levels.buurt.map((p) => ({...p, code: (RECODE as Record<string, string>)[p.code] ?? p.code}))}}};
    const row = mapRows(later, 2021, "laag_inkomen_pct", "buurt").find((r) => (r.shape ?? r.region_code) === "BU16800901")!;
    expect(row).toMatchObject({region_code: "BU16800201", shape: "BU16800901", edition: 2021});
    expect(row.value).toEqual(expect.any(Number));
  });

  it("records the income year of every edition and how it was found", () => {
    expect(record.editions.map((e) => [e.edition, e.income_year.year, e.income_year.basis])).toEqual([
      [2021, 2019, "aanname"], [2022, 2020, "aanname"], [2023, 2021, "aanname"], [2024, 2022, "aanname"]
    ]);
    expect(stderr).toContain("kwb-gm1680: KWB 2024 (85984NED): 13 regions");
    expect(stderr).toContain("income year 2022 (assumed: edition − 2)");
  });
});
