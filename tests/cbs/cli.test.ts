/** `buurtboek cbs …` spawned as a real process against the fixture server (CBS_ODATA_V3_URL / CBS_ODATA_V4_URL). */
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {tableFromIPC} from "apache-arrow";
import {afterAll, describe, expect, it} from "vitest";
import {periodTable, recordedCatalogRows, smallTable} from "../fixtures/cbs/tables.js";
import {useCbsServer} from "../support/cbs-server.js";
import {cli as runCli, type CliResult} from "../support/cli.js";
import {hasShared} from "../support/paths.js";
import {join, tempDir} from "./helpers.js";

const cbs = useCbsServer(() => ({tables: [smallTable(), periodTable()], catalogRows: hasShared ? recordedCatalogRows() : []}));
const work = tempDir("buurtboek-cli-");
afterAll(() => work.cleanup());

/** `buurtboek cbs <args>` in a temporary working directory (the cache lands in it), against the fixture server. */
const cli = (args: string[]): Promise<CliResult> => runCli(["cbs", ...args], cbs.env, {cwd: work.dir});

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("buurtboek cbs fetch", () => {
  it("writes a CSV with empty missing values and a meta.json with provenance", async () => {
    const out = join(work.dir, "out", "laag-inkomen.csv");
    const r = await cli(["fetch", "90001TST", "--within", "GM0363", "--measures", "AantalInwoners_5,Huishoudens met een laag inkomen", "--out", out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8").trimEnd().split("\n")).toEqual([
      "region_code,region_name,region_level,AantalInwoners_5,HuishoudensMetEenLaagInkomen_87",
      "GM0363,Amsterdam,gemeente,918117,12.6",
      "WK0363AA,Burgwallen-Oude Zijde,wijk,4410,14.1",
      "BU0363AA01,Kop Zeedijk,buurt,1030,",
      "BU0363AA02,Oosterdokseiland,buurt,1425,9.8"
    ]);
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, "utf8"));
    expect(meta.table).toEqual({id: "90001TST", title: "Kerncijfers wijken en buurten (test)", modified: "2024-10-31T02:00:00"});
    expect(meta.rows).toBe(4);
    expect(meta.sha256).toBe(sha256(out));
    expect(meta.measures).toEqual({
      AantalInwoners_5: {title: "Aantal inwoners", unit: "aantal", decimals: 0},
      HuishoudensMetEenLaagInkomen_87: {title: "Huishoudens met een laag inkomen", unit: "%", decimals: 1}
    });
    expect(meta.requests).toHaveLength(5);
    expect(meta.requests.every((u: string) => u.startsWith(cbs.server.url))).toBe(true);
    expect(new Date(meta.fetched_at).toISOString()).toBe(meta.fetched_at);
  });

  it("writes JSON with nulls and Arrow with typed columns; the cache under the working directory is reused", async () => {
    const json = join(work.dir, "t.json");
    expect((await cli(["fetch", "90002TST", "--level", "gemeente", "--periods", "2023JJ00", "--format", "json", "--out", json])).code).toBe(0);
    cbs.server.clearLog();
    const arrow = join(work.dir, "t.arrow");
    const r = await cli(["fetch", "90002TST", "--level", "gemeente", "--periods", "2023JJ00", "--format", "arrow", "--out", arrow]);
    expect(r.code).toBe(0);
    expect(cbs.server.urls()).toEqual(["/ODataFeed/odata/90002TST/TableInfos?$format=json"]);
    const rows = JSON.parse(readFileSync(json, "utf8"));
    expect(rows[0]).toEqual({region_code: "GM0363", region_name: "Amsterdam", region_level: "gemeente", period: "2023JJ00", Bijstandsuitkeringen_1: 3020, Bijstandsontvangers_2: null});
    const table = tableFromIPC(readFileSync(arrow));
    expect(table.numRows).toBe(2);
    expect(String(table.getChild("Bijstandsuitkeringen_1")!.type)).toBe("Float64");
    expect(table.getChild("Bijstandsontvangers_2")!.get(0)).toBeNull();
    expect(JSON.parse(readFileSync(`${arrow}.meta.json`, "utf8")).sha256).toBe(sha256(arrow));
  });

  it("fetches v4 with --api v4", async () => {
    const out = join(work.dir, "v4.csv");
    const r = await cli(["fetch", "90002TST", "--api", "v4", "--regions", "PV27", "--out", out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe("region_code,region_name,region_level,period,D006842,M004000");
    expect(JSON.parse(readFileSync(`${out}.meta.json`, "utf8")).api).toBe("v4");
  });

  it("exits non-zero with a one-line reason naming the table and URL", async () => {
    const r = await cli(["fetch", "31415XYZ", "--out", join(work.dir, "x.csv")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^buurtboek: CBS table "31415XYZ" not found \(HTTP 404\): http:\/\/127\.0\.0\.1:\d+\/ODataFeed\/odata\/31415XYZ\/TableInfos/);
    const m = await cli(["fetch", "90001TST", "--measures", "Inwoners"]);
    expect(m.code).not.toBe(0);
    expect(m.stderr).toMatch(/^buurtboek: CBS table 90001TST: unknown measure "Inwoners"/);
  });

  it("--offline fails without a cache and succeeds with one", async () => {
    const fresh = join(work.dir, "empty-cache");
    const miss = await cli(["fetch", "90001TST", "--offline", "--cache-dir", fresh]);
    expect(miss.code).not.toBe(0);
    expect(miss.stderr).toMatch(/^buurtboek: CBS table 90001TST: offline: no cached response for .*TableInfos/);
    const out = join(work.dir, "off.csv");
    expect((await cli(["fetch", "90001TST", "--cache-dir", fresh, "--out", out])).code).toBe(0);
    cbs.server.clearLog();
    const hit = await cli(["fetch", "90001TST", "--offline", "--cache-dir", fresh, "--out", out]);
    expect(hit.code).toBe(0);
    expect(cbs.server.log).toHaveLength(0);
  });
});

describe("buurtboek cbs info and search", () => {
  it("prints dimensions and measures", async () => {
    const r = await cli(["info", "90002TST"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("90002TST  Bijstand; regio (test)");
    expect(r.stdout).toMatch(/RegioS\tregion\t5 codes/);
    expect(r.stdout).toMatch(/Bijstandsontvangers_2\tBijstandsontvangers per 1000 inwoners\tper 1 000\t1/);
  });

  it("finds tables by words in id or title, case-insensitively", async () => {
    const r = await cli(["search", "BIJSTAND", "regio"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("90002TST\t2024-03-01T02:00:00\tBijstand; regio (test)");
    const v4 = await cli(["search", "kerncijfers", "--api", "v4"]);
    expect(v4.stdout.trim()).toBe("90001TST\t2024-10-31T02:00:00+01:00\tKerncijfers wijken en buurten (test)");
  });

  it.skipIf(!hasShared)("searches the recorded real catalogue rows", async () => {
    const r = await cli(["search", "banen", "werknemers"]);
    expect(r.stdout).toContain("84669NED\t2019-12-18T02:00:00\tBanen van werknemers; internationaliseringskenmerken van bedrijven");
  });
});
