/**
 * `data pull` of municipal extracts end to end (the real CLI in a child process): safe snapshot and audit, the
 * data/private/ rule, the PII gate writing nothing, XLSX microdata with postcodes, and a kill midway.
 */
import type {ChildProcess} from "node:child_process";
import {mkdir, readdir, readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {takeUpPaths} from "../../loaders/municipal/study.js";
import {parseAudit, parsePrivateAudit} from "../../loaders/privacy/audit.js";
import {sha256} from "../../loaders/snapshot/hash.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {pull} from "../../loaders/snapshot/pull.js";
import {cli, spawnCli} from "../support/cli.js";
import {remove, tempWorkspace} from "../support/workspace.js";

/** An aggregated extract of GM0999 (or the gemeente `gm`): Dutch numbers, `;`, a BOM, small cells in wijk 02. */
function aggregatedCsv(extra = "", gm = "0999"): string {
  const lines = ["buurtcode;regeling;jaar;huishoudens" + (extra ? ";bsn" : "")];
  const counts: Record<string, number[]> = {BU09990101: [1234, 56], BU09990102: [410, 33], BU09990103: [88, 12], BU09990201: [4, 0], BU09990202: [61, 7], BU09990203: [140, 25]};
  Object.entries(counts).forEach(([code, [a, b]], i) => {
    lines.push(`${code};Stadspas;2020;${a.toLocaleString("nl-NL")}` + (extra ? `;${["111222333", "123456782", "999999990"][i % 3]}` : ""));
    lines.push(`${code};Bijzondere bijstand;2020;${b}` + (extra ? `;${["111222333", "123456782", "999999990"][(i + 1) % 3]}` : ""));
  });
  return "\ufeff" + lines.join("\r\n").replaceAll("BU0999", `BU${gm}`) + "\r\n";
}

const manifest = (dataset: Record<string, unknown>) => ({
  version: 1,
  name: "testgemeente",
  title: "Testgemeente",
  municipality: {code: "GM0999", name: "Testgemeente"},
  datasets: [{name: "gebruik", kind: "municipal", title: "Gebruik regelingen", publisher: "Gemeente Test", shape: "aggregated", path: "private/gebruik.csv", area: "buurtcode", by: ["regeling", "jaar"], count: "huishoudens", ...dataset}]
});

async function writeManifest(ws: Workspace, dataset: Record<string, unknown> = {}) {
  await writeFile(ws.manifestPath, JSON.stringify(manifest(dataset), null, 2));
}

/** Snapshot folder and lock as bytes. */
async function state(ws: Workspace): Promise<Record<string, string>> {
  const out: Record<string, string> = {lock: await readFile(ws.lockPath, "utf8")};
  for (const f of await readdir(ws.snapshotsDir, {withFileTypes: true})) if (f.isFile()) out[f.name] = await readFile(join(ws.snapshotsDir, f.name), "utf8");
  return out;
}

describe("data pull of a municipal extract", () => {
  let ws: Workspace;
  let before: Record<string, string>;
  beforeAll(async () => {
    ws = await tempWorkspace();
    await mkdir(join(ws.dataDir, "private"));
    await writeFile(join(ws.dataDir, "private/gebruik.csv"), aggregatedCsv());
    await writeManifest(ws);
    const r = await cli(["data", "pull", "--data-dir", ws.dataDir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("gebruik: 54 cells, 14 suppressed");
    // The encoding the extract was read with is always in the pull output.
    expect(r.stderr).toContain('gebruik: read private/gebruik.csv as CSV, encoding utf-8-bom, delimiter ";"');
    before = await state(ws);
  });
  afterAll(() => remove(ws?.dataDir));

  it("writes a disclosure-controlled table and its audit, hashed in the lock", async () => {
    const csv = before["gebruik.csv"];
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("region_code,region_level,regeling,jaar,huishoudens");
    // 6 buurten + 2 wijken + 1 gemeente, × (2 regelingen + total) × (1 jaar + total).
    expect(lines.length - 1).toBe(9 * 3 * 2);
    const counts = lines.slice(1).map((l) => l.split(",")[4]);
    for (const c of counts) expect(c === "" || c === "0" || (Number(c) >= 10 && Number(c) % 5 === 0)).toBe(true);
    // The Dutch 1.234 is one thousand two hundred and thirty-four, rounded to 1235.
    expect(lines).toContain("BU09990101,buurt,Stadspas,2020,1235");
    expect(lines).toContain("BU09990201,buurt,Stadspas,2020,");
    const audit = parseAudit(before["gebruik.audit.json"], "gebruik.audit.json");
    expect(audit.snapshot_sha256).toBe(sha256(csv));
    expect(audit.suppressed).toBe(counts.filter((c) => c === "").length);
    // The published audit says how many cells were suppressed, never which rule applied to which (that narrows them).
    expect(before["gebruik.audit.json"]).not.toMatch(/primary|secondary|"rule"|"entries"|"counts"/);
    expect(before["gebruik.audit.json"]).not.toMatch(/"value"|1234|\b4\b,/);
    // The rule per cell goes next to the private data, tied to the snapshot it describes.
    const privateAudit = parsePrivateAudit(await readFile(join(ws.dataDir, "private/audits/gebruik.audit.json"), "utf8"), "private audit");
    expect(privateAudit.snapshot_sha256).toBe(sha256(csv));
    expect(privateAudit.counts.primary).toBeGreaterThan(0);
    expect(privateAudit.counts["secondary-single"] + privateAudit.counts["secondary-sum"] + privateAudit.counts["secondary-linked"] + privateAudit.counts["secondary-interval"]).toBeGreaterThan(0);
    expect(privateAudit.entries.filter((e) => e.rule !== "rounded").length).toBe(audit.suppressed);
    expect(privateAudit.intervals).toMatchObject({protectionMisses: 0});
    expect(Object.keys(JSON.parse(before.lock).datasets.gebruik.files)).not.toContain("gebruik.private.json");
    const lock = JSON.parse(before.lock);
    expect(lock.datasets.gebruik.files["gebruik.audit.json"]).toBe(sha256(before["gebruik.audit.json"]));
    expect(lock.datasets.gebruik.source).toMatchObject({type: "municipal", shape: "aggregated", disclosure: {threshold: 10, round: 5, minDenominator: 100, intervals: "protection"}});
    expect((await cli(["data", "verify", "--data-dir", ws.dataDir])).stdout).toContain("ok: 1 dataset(s) match the lock");
  });

  it("refuses an input outside data/private/ unless marked public", async () => {
    await writeFile(join(ws.dataDir, "gebruik.csv"), aggregatedCsv());
    await writeManifest(ws, {path: "gebruik.csv"});
    const r = await cli(["data", "pull", "--data-dir", ws.dataDir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('path "gebruik.csv" is outside data/private/');
    expect(await state(ws)).toEqual(before);
    await writeManifest(ws, {path: "private/../gebruik.csv"});
    expect((await cli(["data", "pull", "--data-dir", ws.dataDir])).stderr).toContain("is outside data/private/");
    await writeManifest(ws, {path: "gebruik.csv", public: true});
    expect((await cli(["data", "pull", "--data-dir", ws.dataDir])).code).toBe(0);
    await writeManifest(ws);
    expect((await cli(["data", "pull", "--data-dir", ws.dataDir])).code).toBe(0);
  });

  it("the PII gate refuses a BSN column, names it, and writes nothing: old snapshots and lock unchanged", async () => {
    const current = await state(ws);
    await writeFile(join(ws.dataDir, "private/gebruik.csv"), aggregatedCsv("bsn"));
    await writeManifest(ws, {by: ["regeling", "jaar", "bsn"]});
    const r = await cli(["data", "pull", "--data-dir", ws.dataDir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('column "bsn": bsn');
    expect(r.stderr).toContain("Nothing was written");
    expect(r.stderr).not.toMatch(/111222333|123456782/);
    expect(await state(ws)).toEqual(current);
    await writeFile(join(ws.dataDir, "private/gebruik.csv"), aggregatedCsv());
    await writeManifest(ws);
  });
});

describe("XLSX microdata with a postcode table", () => {
  let ws: Workspace;
  afterAll(() => remove(ws?.dataDir));

  it("counts rows per buurt through the postcodes and reports unmapped rows without values", async () => {
    ws = await tempWorkspace();
    await mkdir(join(ws.dataDir, "private"));
    await writeFile(join(ws.dataDir, "private/postcodes.csv"), "postcode;buurtcode\n9111AA;BU09990101\n9111AB;BU09990101\n9112AA;BU09990102\n9211AA;BU09990201\n9212AA;BU09990202\n");
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Besluiten");
    sheet.addRow(["postcode", "regeling", "naam", "geboortedatum"]);
    const pcs = [...Array(120).fill("9111 AA"), ...Array(40).fill("9111AB"), ...Array(70).fill("9112AA"), ...Array(3).fill("9211AA"), ...Array(90).fill("9212AA"), "0000XX", ""];
    pcs.forEach((pc, i) => sheet.addRow([pc, i % 4 ? "Stadspas" : "Kwijtschelding", `Persoon ${i}`, new Date(1950 + (i % 50), i % 12, 1)]));
    await book.xlsx.writeFile(join(ws.dataDir, "private/besluiten.xlsx"));
    await writeFile(
      ws.manifestPath,
      JSON.stringify({
        version: 1, name: "t", title: "T", municipality: {code: "GM0999", name: "T"},
        datasets: [{name: "besluiten", kind: "municipal", title: "Besluiten", publisher: "Gemeente T", shape: "microdata", path: "private/besluiten.xlsx", sheet: "Besluiten", area: "postcode", postcodes: "private/postcodes.csv", by: ["regeling"]}]
      })
    );
    const log: string[] = [];
    await pull(ws, {log: (l) => log.push(l)});
    const csv = await readFile(join(ws.snapshotsDir, "besluiten.csv"), "utf8");
    expect(csv.split("\n")[0]).toBe("region_code,region_level,regeling,aantal");
    expect(csv).toContain("BU09990101,buurt,Totaal,160");
    expect(csv).toContain("BU09990201,buurt,Totaal,\n");
    expect(csv).toContain("GM0999,gemeente,Totaal,325");
    // Names and dates of birth were read but never written.
    const all = (await Promise.all((await readdir(ws.snapshotsDir)).map((f) => readFile(join(ws.snapshotsDir, f), "utf8")))).join("\n") + (await readFile(ws.lockPath, "utf8"));
    expect(all).not.toMatch(/Persoon|19[5-9]\d-/);
    expect(log.join("\n")).toContain("besluiten: not mapped to a CBS area, unknown-postcode: 1 row(s) (line 325)");
    expect(log).toContain('besluiten: read private/besluiten.xlsx as XLSX, sheet "Besluiten"');
    expect(log).toContain('besluiten: private/postcodes.csv: read as CSV, encoding utf-8, delimiter ";"');
    expect(log.join("\n")).toContain("empty: 1 row(s) (line 326)");
    expect(log.join("\n")).not.toContain("0000XX");
    expect(parseAudit(await readFile(join(ws.snapshotsDir, "besluiten.audit.json"), "utf8"), "a").unmapped).toEqual({"unknown-postcode": 1, empty: 1});
  });
});

describe("a regional workspace: one extract per gemeente", () => {
  let ws: Workspace;
  afterAll(() => remove(ws?.dataDir));

  it("maps each extract to the gemeente it names, and builds a take-up study for each", async () => {
    ws = await tempWorkspace();
    await mkdir(join(ws.dataDir, "private"));
    await writeFile(join(ws.dataDir, "private/gebruik-0999.csv"), aggregatedCsv());
    await writeFile(join(ws.dataDir, "private/gebruik-0888.csv"), aggregatedCsv("", "0888"));
    const extract = (gm: string, extra: Record<string, unknown> = {}) => ({
      name: `gebruik-${gm}`, kind: "municipal", title: "Gebruik regelingen", publisher: `Gemeente ${gm}`, shape: "aggregated",
      path: `private/gebruik-${gm}.csv`, area: "buurtcode", by: ["regeling", "jaar"], count: "huishoudens", ...extra
    });
    const write = (datasets: unknown[]) =>
      writeFile(ws.manifestPath, JSON.stringify({version: 1, name: "regio", title: "Regio", municipality: {code: "GM0999", name: "Testgemeente"}, datasets}));
    const kwb = ["GM0999", "GM0888"].map((code) => ({name: `kwb-${code.toLowerCase()}`, kind: "kwb", gemeente: code, editions: [2020]}));
    const names = ["gebruik-0999", "gebruik-0888"];

    // Without the field, the second extract is read against the workspace's gemeente: nothing maps, and it says so.
    await write([...kwb, extract("0999"), extract("0888")]);
    await expect(pull(ws, {names})).rejects.toThrow(/gebruik-0888\.csv: no row could be mapped to a CBS buurt or wijk/);
    expect(await readdir(ws.snapshotsDir).catch(() => [])).not.toContain("gebruik-0888.csv");

    await write([...kwb, extract("0999"), extract("0888", {gemeente: "GM0888"})]);
    await pull(ws, {names});
    const csv = await readFile(join(ws.snapshotsDir, "gebruik-0888.csv"), "utf8");
    expect(csv).toMatch(/\nGM0888,gemeente,Totaal,Totaal,\d+\n/);
    expect(csv).not.toContain("0999");
    expect(await readFile(join(ws.snapshotsDir, "gebruik-0999.csv"), "utf8")).toMatch(/\nGM0999,gemeente,Totaal,Totaal,\d+\n/);
    expect(takeUpPaths(ws.dataDir)).toEqual(["/gemeente/GM0999/regelingen", "/gemeente/GM0888/regelingen"]);
  });

  it("rejects a gemeente field that is not a gemeente code, naming it", async () => {
    await writeFile(ws.manifestPath, JSON.stringify({version: 1, name: "regio", title: "Regio", datasets: [{...manifest({}).datasets[0], gemeente: "WK088801"}]}));
    const r = await cli(["data", "pull", "--data-dir", ws.dataDir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/gemeente.*not a gemeente code such as GM0518/);
  });
});

describe("a municipal pull killed midway", () => {
  let ws: Workspace;
  afterAll(() => remove(ws?.dataDir));

  it("leaves the old snapshot, audit and lock intact", async () => {
    ws = await tempWorkspace();
    await mkdir(join(ws.dataDir, "private"));
    await writeFile(join(ws.dataDir, "private/gebruik.csv"), aggregatedCsv());
    await writeManifest(ws);
    expect((await cli(["data", "pull", "--data-dir", ws.dataDir])).code).toBe(0);
    const before = await state(ws);
    // A revised extract, so a completed pull would change the files.
    await writeFile(join(ws.dataDir, "private/gebruik.csv"), aggregatedCsv().replace("1.234", "2.345"));
    const child: ChildProcess = spawnCli(["data", "pull", "--data-dir", ws.dataDir], {BUURTBOEK_TEST_WRITE_DELAY_MS: "20000"});
    const done = new Promise((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
    const end = Date.now() + 60_000;
    let staged = false;
    while (!staged && Date.now() < end) {
      // The pull stages the whole new state in <data>/.pull-staging-<pid>/ (loaders/snapshot/switch.ts); wait for a
      // file there that is half-written (the write delay holds it open).
      for (const d of (await readdir(ws.dataDir)).filter((x) => x.startsWith(".pull-staging-"))) {
        const files = await readdir(join(ws.dataDir, d), {recursive: true}).catch(() => [] as string[]);
        if (files.some((f) => f.includes(".tmp-"))) staged = true;
      }
      if (!staged) await new Promise((r) => setTimeout(r, 50));
    }
    expect(staged).toBe(true);
    child.kill("SIGKILL");
    expect(await done).toBe("SIGKILL");
    const after = await state(ws);
    for (const f of ["lock", "gebruik.csv", "gebruik.audit.json", "gebruik.schema.json"]) expect(after[f]).toBe(before[f]);
    expect((await cli(["data", "verify", "--data-dir", ws.dataDir])).stdout).toContain("ok: 1 dataset(s) match the lock");
  });
});
