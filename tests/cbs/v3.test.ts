/** The v3 client against the fixture server: normalisation, paging, the API/Feed switch, filters and errors. */
import {afterAll, afterEach, describe, expect, it} from "vitest";
import {fetchTable, tableInfo} from "../../loaders/cbs/index.js";
import {startCbsServer} from "../fixtures/cbs-server.js";
import {kwbDenHaag2019, kwbDenHaag2020FirstRelease, periodTable, recorded80137, recorded83599, recorded83599Rows, smallTable} from "../fixtures/cbs/tables.js";
import {hasShared, sharedSkipReason} from "../support/paths.js";
import {useCbsServer} from "../support/cbs-server.js";
import {FAST, decoded, tempDir} from "./helpers.js";

describe("v3 on small fixtures", () => {
  const cbs = useCbsServer({tables: [smallTable(), periodTable()]});
  const caches: ReturnType<typeof tempDir>[] = [];
  afterAll(() => {
    for (const c of caches) c.cleanup();
  });
  afterEach(() => {
    cbs.server.clearLog();
    cbs.server.clearFaults();
  });
  const fetch = (o: Partial<Parameters<typeof fetchTable>[0]>) => {
    const c = tempDir();
    caches.push(c);
    return fetchTable({table: "90001TST", v3Url: cbs.server.url, cacheDir: c.dir, http: FAST, ...o});
  };

  it("unpads codes on output, pads them in filters, and types values from DataProperties", async () => {
    const result = await fetch({regions: ["GM0599", "BU0363AA01"]});
    expect(result.rows.map((r) => r.region_code)).toEqual(["BU0363AA01", "GM0599"]);
    const data = decoded(cbs.server.urls("TypedDataSet")[0]);
    expect(data).toContain("(WijkenEnBuurten eq 'GM0599    ')");
    expect(data).toContain("(WijkenEnBuurten eq 'BU0363AA01')");
    expect(result.rows[1]).toEqual({
      region_code: "GM0599",
      region_name: "Rotterdam",
      region_level: "gemeente",
      Gemeentenaam_1: "Rotterdam",
      SoortRegio_2: "Gemeente",
      AantalInwoners_5: 664311,
      HuishoudensMetEenLaagInkomen_87: 15
    });
    expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      "region_code:string",
      "region_name:string",
      "region_level:string",
      "Gemeentenaam_1:string",
      "SoortRegio_2:string",
      "AantalInwoners_5:number",
      "HuishoudensMetEenLaagInkomen_87:number"
    ]);
    expect(result.table).toEqual({id: "90001TST", title: "Kerncijfers wijken en buurten (test)", modified: "2024-10-31T02:00:00"});
  });

  it("turns UntypedDataSet '.' into null and parses right-aligned numbers", async () => {
    const result = await fetch({dataset: "untyped", within: "GM0363"});
    expect(cbs.server.urls("UntypedDataSet")).toHaveLength(1);
    const byCode = Object.fromEntries(result.rows.map((r) => [r.region_code, r]));
    expect(byCode.BU0363AA01.HuishoudensMetEenLaagInkomen_87).toBeNull();
    expect(byCode.BU0363AA02.HuishoudensMetEenLaagInkomen_87).toBe(9.8);
    expect(byCode.GM0363.AantalInwoners_5).toBe(918117);
    expect(byCode.BU0363AA01.SoortRegio_2).toBe("Buurt");
  });

  it("pushes level and within filters down as startswith/eq and keeps only the wanted rows", async () => {
    const result = await fetch({within: "GM0599", levels: ["wijk", "buurt"]});
    expect(result.rows.map((r) => r.region_code)).toEqual(["WK059901", "BU05990110", "BU05990111", "WK059902", "BU05990210"]);
    expect(decoded(cbs.server.urls("TypedDataSet")[0])).toContain("$filter=startswith(WijkenEnBuurten,'WK0599') or startswith(WijkenEnBuurten,'BU0599')");
    cbs.server.clearLog();
    const gemeenten = await fetch({levels: ["gemeente"]});
    expect(gemeenten.rows.map((r) => r.region_code)).toEqual(["GM0363", "GM0599"]);
    expect(decoded(cbs.server.urls("TypedDataSet")[0])).toContain("startswith(WijkenEnBuurten,'GM')");
  });

  it("pushes period filters down and selects only the chosen measures", async () => {
    const result = await fetch({table: "90002TST", periods: ["2023JJ00"], measures: ["Bijstandsuitkeringen"], levels: ["gemeente"]});
    expect(result.columns.map((c) => c.name)).toEqual(["region_code", "region_name", "region_level", "period", "Bijstandsuitkeringen_1"]);
    expect(result.rows).toEqual([
      {region_code: "GM0363", region_name: "Amsterdam", region_level: "gemeente", period: "2023JJ00", Bijstandsuitkeringen_1: 3020},
      {region_code: "GM0599", region_name: "Rotterdam", region_level: "gemeente", period: "2023JJ00", Bijstandsuitkeringen_1: 4020}
    ]);
    const url = decoded(cbs.server.urls("TypedDataSet")[0]);
    expect(url).toContain("(Perioden eq '2023JJ00')");
    expect(url).toContain("$select=RegioS,Perioden,Bijstandsuitkeringen_1");
  });

  it("resolves measures by key or exact title, and names the table and URL for an unknown one", async () => {
    const byTitle = await fetch({measures: ["Huishoudens met een laag inkomen", "AantalInwoners_5"], regions: ["GM0363"]});
    expect(byTitle.measures.map((m) => m.key)).toEqual(["HuishoudensMetEenLaagInkomen_87", "AantalInwoners_5"]);
    expect(byTitle.measures[0]).toEqual({key: "HuishoudensMetEenLaagInkomen_87", title: "Huishoudens met een laag inkomen", unit: "%", decimals: 1, datatype: "number"});
    await expect(fetch({measures: ["Huishoudens met laag inkomen"]})).rejects.toThrow(
      /90001TST: unknown measure "Huishoudens met laag inkomen".*\/ODataFeed\/odata\/90001TST\/DataProperties/
    );
  });

  it("reports a filter that matches nothing, naming the table and the URL", async () => {
    await expect(fetch({within: "GM0014"})).rejects.toThrow(/CBS table 90001TST: the filter matches nothing.*within GM0014.*\/WijkenEnBuurten\?\$format=json/);
    await expect(fetch({regions: ["GM9999"]})).rejects.toThrow(/90001TST: unknown region code\(s\) GM9999/);
    await expect(fetch({periods: ["2023JJ00"]})).rejects.toThrow(/has no period dimension/);
    expect(cbs.server.urls("TypedDataSet")).toHaveLength(0);
  });

  it("reports an unknown table with its id and the URL", async () => {
    await expect(fetch({table: "12345XYZ"})).rejects.toThrow(/CBS table "12345XYZ" not found \(HTTP 404\): http:\/\/127\.0\.0\.1:\d+\/ODataFeed\/odata\/12345XYZ\/TableInfos/);
  });

  it("falls back to the Feed when the API refuses a query as too large", async () => {
    const tiny = await startCbsServer({tables: [smallTable()], apiLimit: 5, pageSize: 4});
    try {
      const c = tempDir();
      caches.push(c);
      const result = await fetchTable({table: "90001TST", v3Url: tiny.url, cacheDir: c.dir, http: FAST});
      expect(result.rows).toHaveLength(11);
      expect(tiny.log.filter((r) => r.url.includes("TypedDataSet")).map((r) => [r.url.split("/")[1], r.status])).toEqual([
        ["ODataApi", 500],
        ["ODataFeed", 200],
        ["ODataFeed", 200],
        ["ODataFeed", 200]
      ]);
    } finally {
      await tiny.close();
    }
  });
});

describe.skipIf(!hasShared)(`v3 on real recordings (${hasShared ? "../shared present" : sharedSkipReason})`, () => {
  const cbs = useCbsServer(() => ({tables: [recorded83599(), recorded80137(), kwbDenHaag2019(), kwbDenHaag2020FirstRelease()]}));
  const cache = tempDir();
  afterAll(() => cache.cleanup());
  afterEach(() => cbs.server.clearLog());
  const opts = {cacheDir: cache.dir, http: FAST};

  it("reassembles all 15,504 rows of the recorded 83599NED Feed, switching from the API because it exceeds 10,000", async () => {
    const progress: [number, number | undefined][] = [];
    const result = await fetchTable({...opts, v3Url: cbs.server.url, table: "83599NED", dataset: "untyped", onProgress: (d, t) => progress.push([d, t])});
    expect(result.rows).toHaveLength(15_504);
    const data = cbs.server.urls("UntypedDataSet");
    expect(data.map((u) => u.split("/")[1])).toEqual(["ODataFeed", "ODataFeed"]);
    expect(data[1]).toContain("$skip=10000");
    expect(progress).toEqual([
      [10_000, 15_504],
      [15_504, 15_504]
    ]);
    // Compare with the recording row by row: same order, unpadded codes, "." -> null.
    const raw = recorded83599Rows();
    // The recording has no "." in this column but one empty string; both mean "no value".
    const missing = raw.filter((r) => [".", ""].includes(String(r.OpenstaandeVacatures_1).trim())).length;
    expect(missing).toBeGreaterThan(0);
    expect(result.rows.filter((r) => r.OpenstaandeVacatures_1 === null)).toHaveLength(missing);
    result.rows.forEach((row, i) => {
      expect(row.region_code).toBe(String(raw[i].RegioS).trim());
      expect(row.period).toBe(raw[i].Perioden);
    });
    expect(result.rows[0]).toEqual({
      region_code: "NL01",
      region_name: "Nederland",
      region_level: "land",
      period: "2011KW01",
      BedrijfstakkenBranchesSBI2008: "T001081",
      OpenstaandeVacatures_1: 135.5
    });
    expect(new Set(result.rows.map((r) => r.region_level))).toEqual(new Set(["land", "landsdeel", "provincie"]));
  });

  it("the fixture API refuses the same query over 10,000 rows", async () => {
    const res = await fetch(`${cbs.server.url}/ODataApi/odata/83599NED/UntypedDataSet?$format=json`);
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/more than 10000 records/);
  });

  it("uses the API and TypedDataSet for the recorded 80137ned, with its padded codes unpadded", async () => {
    const result = await fetchTable({...opts, v3Url: cbs.server.url, table: "80137ned", periods: ["2005JJ00"]});
    expect(cbs.server.urls("TypedDataSet")[0]).toMatch(/^\/ODataApi\//);
    expect(result.rows).toHaveLength(135);
    expect(result.columns.slice(3, 6).map((c) => c.name)).toEqual(["period", "Persoonskenmerken", "BedrijfstakkenSBI93"]);
    expect(result.rows.every((r) => r.region_code === null && r.period === "2005JJ00")).toBe(true);
    expect(new Set(result.rows.map((r) => r.Persoonskenmerken))).toContain("1");
  });

  it("reads real KWB 2019 Den Haag through the server and matches the reference values", async () => {
    const result = await fetchTable({
      ...opts,
      v3Url: cbs.server.url,
      table: "84583NED",
      within: "GM0518",
      measures: ["AantalInwoners_5", "Huishoudens met een laag inkomen", "HuishOnderOfRondSociaalMinimum_79", "WmoClienten_89"]
    });
    expect(result.rows).toHaveLength(159);
    const gm = result.rows.find((r) => r.region_code === "GM0518")!;
    expect(gm).toMatchObject({region_name: "'s-Gravenhage", region_level: "gemeente", AantalInwoners_5: 537833, HuishoudensMetEenLaagInkomen_78: 12.4});
    expect(gm.HuishOnderOfRondSociaalMinimum_79).toBe(11.6);
    expect(gm.WmoClienten_89).toBe(38085);
    const levels = result.rows.reduce<Record<string, number>>((acc, r) => ((acc[r.region_level as string] = (acc[r.region_level as string] ?? 0) + 1), acc), {});
    expect(levels).toEqual({gemeente: 1, wijk: 44, buurt: 114});
  });

  it("reads the KWB 2020 first release with its empty income columns as null", async () => {
    const result = await fetchTable({...opts, v3Url: cbs.server.url, table: "84799NED", regions: ["GM0518"], dataset: "untyped"});
    const gm = result.rows[0];
    expect(gm.AantalInwoners_5).toBe(545838);
    expect(gm.HuishoudensMetEenLaagInkomen_78).toBeNull();
    expect(gm.PersonenPerSoortUitkeringBijstand_83).toBe(24400);
  });

  it("reports measure titles that are ambiguous in a real table", async () => {
    await expect(fetchTable({...opts, v3Url: cbs.server.url, table: "84583NED", measures: ["Appartement"]})).rejects.toThrow(/ambiguous, use a key: Appartement_48, Appartement_56/);
  });

  it("tableInfo lists dimensions with code counts and measures with units", async () => {
    const info = await tableInfo("84583NED", {v3Url: cbs.server.url, cacheDir: cache.dir, http: FAST});
    expect(info.dimensions).toEqual([{key: "WijkenEnBuurten", title: "Wijken en buurten", kind: "GeoDimension", role: "region", codes: 159}]);
    expect(info.measures.find((m) => m.key === "HuishoudensMetEenLaagInkomen_78")).toEqual({key: "HuishoudensMetEenLaagInkomen_78", title: "Huishoudens met een laag inkomen", unit: "%", decimals: 1, datatype: "number"});
  });
});
