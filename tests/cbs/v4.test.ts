/** The v4 client: long-to-wide pivot with absent observations, filters, paging, and the real 80072ned recording. */
import {afterAll, afterEach, describe, expect, it} from "vitest";
import {fetchTable, tableInfo} from "../../loaders/cbs/index.js";
import {periodTable, recorded80072, smallTable} from "../fixtures/cbs/tables.js";
import {hasShared, sharedSkipReason} from "../support/paths.js";
import {useCbsServer} from "../support/cbs-server.js";
import {FAST, decoded, tempDir} from "./helpers.js";

const cbs = useCbsServer({tables: [smallTable(), periodTable()], pageSize: 5});
const cache = tempDir();
afterAll(() => cache.cleanup());
afterEach(() => cbs.server.clearLog());

const v4 = (o: Partial<Parameters<typeof fetchTable>[0]>) => fetchTable({table: "90002TST", api: "v4", v4Url: cbs.server.url, cacheDir: cache.dir, http: FAST, ...o});

describe("v4", () => {
  it("pivots long observations to wide rows; absent observations become null and an all-absent tuple has no row", async () => {
    const result = await v4({});
    expect(result.columns.map((c) => c.name)).toEqual(["region_code", "region_name", "region_level", "period", "D006842", "M004000"]);
    expect(result.rows).toHaveLength(14);
    expect(result.rows.find((r) => r.region_code === "GM0599" && r.period === "2021JJ00")).toBeUndefined();
    expect(result.rows.find((r) => r.region_code === "GM0363" && r.period === "2023JJ00")).toEqual({
      region_code: "GM0363",
      region_name: "Amsterdam",
      region_level: "gemeente",
      period: "2023JJ00",
      D006842: 3020,
      M004000: null
    });
    expect(result.rows.find((r) => r.region_code === "CR23")?.region_level).toBe("overig");
    // 28 observations at 5 per page: six pages followed through @odata.nextLink.
    expect(cbs.server.urls("/Observations")).toHaveLength(6);
    expect(result.table.modified).toBe("2024-03-01T02:00:00+01:00");
  });

  it("pushes measure, region and period filters down without padding", async () => {
    const result = await v4({measures: ["Bijstandsontvangers per 1000 inwoners"], regions: ["GM0363", "GM0599"], periods: ["2023JJ00", "2022JJ00"]});
    expect(result.rows.map((r) => [r.region_code, r.period, r.M004000])).toEqual([
      ["GM0363", "2022JJ00", 39.6],
      ["GM0599", "2022JJ00", 40.6],
      ["GM0599", "2023JJ00", 40.7]
    ]);
    const url = decoded(cbs.server.urls("/Observations")[0]);
    expect(url).toContain("(Measure eq 'M004000')");
    expect(url).toContain("(RegioS eq 'GM0363') or (RegioS eq 'GM0599')");
    expect(url).toContain("(Perioden eq '2023JJ00') or (Perioden eq '2022JJ00')");
  });

  it("pushes a level filter as startswith", async () => {
    const result = await v4({levels: ["provincie", "land"], measures: ["D006842"]});
    expect(new Set(result.rows.map((r) => r.region_code))).toEqual(new Set(["NL01", "PV27"]));
    expect(decoded(cbs.server.urls("/Observations")[0])).toMatch(/startswith\(RegioS,'(PV|NL)'\) or startswith\(RegioS,'(PV|NL)'\)/);
  });

  it("names the table and URL for an unknown table", async () => {
    await expect(v4({table: "00000XXX"})).rejects.toThrow(/CBS table "00000XXX" not found \(HTTP 404\): http:\/\/127\.0\.0\.1:\d+\/CBS\/00000XXX\/Properties/);
  });

  it("reads KWB-like tables without a period dimension, with string measures", async () => {
    const result = await v4({table: "90001TST", within: "GM0599", levels: ["buurt"]});
    expect(result.columns.map((c) => c.name)).not.toContain("period");
    expect(result.rows.map((r) => [r.region_code, r.Gemeentenaam_1, r.T001036])).toEqual([
      ["BU05990110", "Rotterdam", 4560],
      ["BU05990111", "Rotterdam", 9840],
      // Only its string measures were observed: the numeric cells were absent rows.
      ["BU05990210", "Rotterdam", null]
    ]);
  });
});

describe.skipIf(!hasShared)(`v4 on the real 80072ned recording (${hasShared ? "../shared present" : sharedSkipReason})`, () => {
  const real = useCbsServer(() => ({tables: [recorded80072()], pageSize: 1000}));

  it("reassembles all 4,409 observations over five pages", async () => {
    const result = await fetchTable({table: "80072ned", api: "v4", v4Url: real.server.url, cacheDir: cache.dir, http: FAST});
    expect(result.rows).toHaveLength(4409);
    expect(real.server.urls("/Observations")).toHaveLength(5);
    expect(result.table).toEqual({id: "80072ned", title: "Ziekteverzuimpercentage; bedrijfstakken (SBI 2008) en bedrijfsgrootte", modified: "2020-06-19T02:00:00+02:00"});
    expect(result.rows[0]).toEqual({region_code: null, region_name: null, region_level: null, period: "1996KW01", BedrijfskenmerkenSBI2008: "T001081", M001924: 5.5});
    expect(result.measures).toEqual([{key: "M001924", title: "Ziekteverzuimpercentage", unit: "%", decimals: 1, datatype: "number"}]);
  });

  it("tableInfo reads dimensions, their groups and measure codes", async () => {
    const info = await tableInfo("80072ned", {api: "v4", v4Url: real.server.url, cacheDir: cache.dir, http: FAST});
    expect(info.dimensions.map((d) => [d.key, d.role])).toEqual([
      ["Perioden", "time"],
      ["BedrijfskenmerkenSBI2008", "other"]
    ]);
    expect(info.requests.some((u) => u.endsWith("/PeriodenGroups"))).toBe(true);
  });
});
