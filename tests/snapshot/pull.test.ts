/** pull → verify → diff against the local CBS fixture server, including a simulated CBS revision. */
import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {FIRST_MODIFIED, kwbTestTable, REVISED_MODIFIED, writeCbsManifest} from "../fixtures/kwb-test.js";
import {useCbsServer} from "../support/cbs-server.js";
import {cli} from "../support/cli.js";
import {remove, tempWorkspace} from "../support/workspace.js";

describe("buurtboek data pull → verify → diff (fixture server)", () => {
  const cbs = useCbsServer({tables: [kwbTestTable(false)]});
  let ws: Workspace;
  let cache: Workspace;
  const args = () => ["--data-dir", ws.dataDir];

  beforeAll(async () => {
    ws = await tempWorkspace();
    cache = await tempWorkspace("buurtboek-cache-");
    await writeCbsManifest(ws);
  });
  afterAll(async () => {
    await remove(ws?.dataDir);
    await remove(cache?.dataDir);
  });

  it("pulls the table into a sorted CSV, a typed schema and the lock", async () => {
    const result = await cli(["data", "pull", ...args(), "--cache-dir", cache.dataDir], cbs.env);
    expect(result.stderr + result.stdout).toContain("kwb-2020: 4 rows");
    expect(result.code).toBe(0);
    const csv = await readFile(join(ws.snapshotsDir, "kwb-2020.csv"), "utf8");
    expect(csv).toBe(
      [
        "region_code,region_name,region_level,AantalInwoners_5,HuishoudensMetEenLaagInkomen_78,PersonenPerSoortUitkeringBijstand_83",
        "BU99990101,Binnenstad,buurt,1200,,50",
        "BU99990102,Marktkwartier,buurt,2500,,110",
        "GM9999,Voorbeeldstad,gemeente,3700,,160",
        "WK999901,Centrum,wijk,3700,,160",
        ""
      ].join("\n")
    );
    const schema = JSON.parse(await readFile(join(ws.snapshotsDir, "kwb-2020.schema.json"), "utf8"));
    expect(schema.columns[4]).toEqual({name: "HuishoudensMetEenLaagInkomen_78", type: "number", title: "Huishoudens met een laag inkomen", unit: "%", decimals: 1});
    const lock = JSON.parse(await readFile(ws.lockPath, "utf8"));
    const entry = lock.datasets["kwb-2020"];
    expect(entry).toMatchObject({kind: "table", rows: 4, columns: 6, tool: expect.stringMatching(/^buurtboek /)});
    expect(entry.source).toMatchObject({type: "cbs", table: "84799NED", title: "Kerncijfers wijken en buurten 2020", modified: FIRST_MODIFIED, api: "v3", license: "CC BY 4.0"});
    expect(entry.source.requests.length).toBeGreaterThan(0);
    expect(entry.source.requests.every((u: string) => u.startsWith(cbs.server.url))).toBe(true);
    expect(Date.parse(entry.fetched_at)).toBeGreaterThan(Date.now() - 600_000);
    expect(Object.keys(entry.files)).toEqual(["kwb-2020.csv", "kwb-2020.schema.json"]);
  });

  it("verifies offline", async () => {
    cbs.server.clearLog();
    const result = await cli(["data", "verify", ...args()], {CBS_ODATA_V3_URL: "http://127.0.0.1:9"});
    expect(result.stdout).toContain("ok: 1 dataset(s) match the lock");
    expect(result.code).toBe(0);
    expect(cbs.server.log).toHaveLength(0);
  });

  it("reports no change before a revision", async () => {
    const result = await cli(["data", "diff", ...args(), "--cache-dir", cache.dataDir], cbs.env);
    expect(result.stdout.trim()).toBe("kwb-2020: unchanged");
  });

  it("verify --live sees a newer CBS version after a revision", async () => {
    cbs.server.setTable(kwbTestTable(true));
    const result = await cli(["data", "verify", "--live", ...args(), "--cache-dir", cache.dataDir], cbs.env);
    expect(result.stdout).toContain(`NEWER kwb-2020: CBS 84799NED has version ${REVISED_MODIFIED}; the lock has ${FIRST_MODIFIED}`);
    expect(result.code).toBe(2);
  });

  it("diff reports the revision exactly, without touching the snapshots", async () => {
    const before = await readFile(join(ws.snapshotsDir, "kwb-2020.csv"), "utf8");
    const lockBefore = await readFile(ws.lockPath, "utf8");
    const result = await cli(["data", "diff", "--json", ...args(), "--cache-dir", cache.dataDir], cbs.env);
    expect(result.code).toBe(0);
    const [d] = JSON.parse(result.stdout);
    expect(d).toEqual({
      dataset: "kwb-2020",
      status: "changed",
      versionBefore: FIRST_MODIFIED,
      versionAfter: REVISED_MODIFIED,
      filesChanged: ["kwb-2020.csv", "kwb-2020.schema.json"],
      table: {
        rowsBefore: 4,
        rowsAfter: 5,
        rowsAdded: ["BU99990103"],
        rowsRemoved: [],
        cellsChanged: 2,
        cellsChangedByColumn: {AantalInwoners_5: 1, PersonenPerSoortUitkeringBijstand_83: 1},
        examples: [
          {key: "BU99990101", column: "AantalInwoners_5", old: 1200, new: 1210},
          {key: "WK999901", column: "PersonenPerSoortUitkeringBijstand_83", old: 160, new: 165}
        ],
        columnsFilled: [{column: "HuishoudensMetEenLaagInkomen_78", cells: 4}],
        columnsEmptied: [],
        columnsAdded: [],
        columnsRemoved: []
      }
    });
    expect(await readFile(join(ws.snapshotsDir, "kwb-2020.csv"), "utf8")).toBe(before);
    expect(await readFile(ws.lockPath, "utf8")).toBe(lockBefore);
    const text = await cli(["data", "diff", ...args(), "--cache-dir", cache.dataDir], cbs.env);
    expect(text.stdout).toContain(`kwb-2020: changed — version ${FIRST_MODIFIED} → ${REVISED_MODIFIED}`);
    expect(text.stdout).toContain("rows: 4 → 5; 1 added, 0 removed");
    expect(text.stdout).toContain("cells changed: 2 (AantalInwoners_5: 1, PersonenPerSoortUitkeringBijstand_83: 1)");
    expect(text.stdout).toContain("BU99990101 AantalInwoners_5: 1200 → 1210");
    expect(text.stdout).toContain("column filled (empty → 4 values): HuishoudensMetEenLaagInkomen_78");
  });

  it("pull takes the revision; then verify passes and diff is empty", async () => {
    expect((await cli(["data", "pull", ...args(), "--cache-dir", cache.dataDir], cbs.env)).code).toBe(0);
    const lock = JSON.parse(await readFile(ws.lockPath, "utf8"));
    expect(lock.datasets["kwb-2020"]).toMatchObject({rows: 5, source: {modified: REVISED_MODIFIED}});
    expect((await cli(["data", "verify", ...args()])).code).toBe(0);
    expect((await cli(["data", "diff", ...args(), "--cache-dir", cache.dataDir], cbs.env)).stdout.trim()).toBe("kwb-2020: unchanged");
  });

  it("verify fails and names the file when a snapshot is corrupted", async () => {
    const file = join(ws.snapshotsDir, "kwb-2020.csv");
    const good = await readFile(file, "utf8");
    await writeFile(file, good.replace("1210", "1310"));
    const result = await cli(["data", "verify", ...args()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL kwb-2020 snapshots\/kwb-2020\.csv: sha256 [0-9a-f]{12}… does not match the lock/m);
    expect(result.stderr).toContain("verify failed: snapshots/kwb-2020.csv");
    await writeFile(file, good);
  });

  it("verify names the file when a snapshot is missing or its schema does not fit", async () => {
    const schemaFile = join(ws.snapshotsDir, "kwb-2020.schema.json");
    const schema = await readFile(schemaFile, "utf8");
    await writeFile(schemaFile, "");
    await import("node:fs/promises").then((fs) => fs.rm(schemaFile));
    let result = await cli(["data", "verify", ...args()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FAIL kwb-2020 snapshots/kwb-2020.schema.json: missing");
    await writeFile(schemaFile, schema);
    // A CSV whose text no longer parses as its schema's types, with the lock hash updated to match it.
    const csvFile = join(ws.snapshotsDir, "kwb-2020.csv");
    const csv = await readFile(csvFile, "utf8");
    const bad = csv.replace("1210", "twaalf");
    await writeFile(csvFile, bad);
    const lockText = await readFile(ws.lockPath, "utf8");
    const {sha256} = await import("../../loaders/snapshot/hash.js");
    await writeFile(ws.lockPath, lockText.replace(sha256(csv), sha256(bad)));
    result = await cli(["data", "verify", ...args()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL kwb-2020 snapshots/kwb-2020.csv: line 2, column AantalInwoners_5: not a number: "twaalf"');
    await writeFile(csvFile, csv);
    await writeFile(ws.lockPath, lockText);
    expect((await cli(["data", "verify", ...args()])).code).toBe(0);
  });

  it("verify fails naming the manifest when a dataset's definition changed since the pull", async () => {
    const text = await readFile(ws.manifestPath, "utf8");
    await writeCbsManifest(ws, {measures: ["Aantal inwoners"]});
    const result = await cli(["data", "verify", ...args()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FAIL kwb-2020 workspace.json: the manifest entry changed since the last pull");
    await writeFile(ws.manifestPath, text);
    expect((await cli(["data", "verify", ...args()])).code).toBe(0);
  });
});
