import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {feature} from "topojson-client";
import type {Topology} from "topojson-specification";
import {DEFAULT_SEED} from "../../loaders/demo/index.js";
import {writeDemo} from "../../loaders/demo/write.js";
import {readTableSnapshot} from "../../loaders/snapshot/snapshot.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {repoRoot} from "../support/paths.js";
import {readTree, remove, tempWorkspace} from "../support/workspace.js";

describe("buurtboek demo", () => {
  let a: Workspace, b: Workspace, c: Workspace;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([tempWorkspace(), tempWorkspace(), tempWorkspace()]);
    await writeDemo(a, DEFAULT_SEED);
    await writeDemo(b, DEFAULT_SEED);
    await writeDemo(c, 7);
  });
  afterAll(() => Promise.all([a, b, c].map((w) => remove(w?.dataDir))));

  it("gives the same bytes for the same seed (manifest, snapshots, lock)", async () => {
    const [ta, tb] = [await readTree(a.dataDir), await readTree(b.dataDir)];
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    // manifest, lock, 9 snapshot files, and in private/ the synthetic extract, its postcode table and the private audit.
    expect(ta.size).toBe(14);
    expect([...ta.keys()].filter((f) => f.startsWith("private/"))).toEqual(["private/audits/regelingen.audit.json", "private/voorbeeldstad-postcodes.csv", "private/voorbeeldstad-regelingen.csv"]);
    for (const [file, bytes] of ta) expect(bytes.equals(tb.get(file)!), file).toBe(true);
  });

  it("gives different data for another seed", async () => {
    const [x, y] = [await readFile(join(a.snapshotsDir, "kwb-2019.csv"), "utf8"), await readFile(join(c.snapshotsDir, "kwb-2019.csv"), "utf8")];
    expect(x).not.toBe(y);
  });

  it("matches the committed demo data in data/ (regenerate with `buurtboek demo`)", async () => {
    const committed = await readTree(join(repoRoot, "data"));
    const fresh = await readTree(a.dataDir);
    // private/ is git-ignored: a fresh clone has no extract, only the committed snapshots made from it.
    for (const [file, bytes] of fresh) if (!file.startsWith("private/")) expect(committed.get(file)?.equals(bytes), `data/${file} differs from the generator`).toBe(true);
  });

  it("models Voorbeeldstad: GM9999, 8 wijken, 40 buurten, with polygons in PDOK's shape", async () => {
    const {table} = await readTableSnapshot(a.snapshotsDir, "kwb-2019");
    const count = (level: string) => table.rows.filter((r) => r.region_level === level).length;
    expect([count("gemeente"), count("wijk"), count("buurt")]).toEqual([1, 8, 40]);
    expect(table.rows.find((r) => r.region_level === "gemeente")).toMatchObject({region_code: "GM9999", region_name: "Voorbeeldstad", AantalInwoners_5: 83260});
    const topo = JSON.parse(await readFile(join(a.snapshotsDir, "gebieden-gm9999.topojson"), "utf8")) as Topology;
    const buurten = feature(topo, topo.objects.buurten as any) as unknown as GeoJSON.FeatureCollection;
    // 40 buurten; the harbour's water feature is skipped as PDOK water is.
    expect(buurten.features).toHaveLength(40);
    const tidy = (await readTableSnapshot(a.snapshotsDir, "kwb-gm9999")).table.rows;
    const codes = new Set(tidy.filter((r) => r.region_level === "buurt" && r.edition === 2024).map((r) => r.region_code));
    expect(buurten.features.every((f) => codes.has(f.properties!.code))).toBe(true);
  });

  it("serves five editions through the kwb layer: key drift, title variants, a first release and a definition break", async () => {
    const record = JSON.parse(await readFile(join(a.snapshotsDir, "kwb-gm9999.editions.json"), "utf8"));
    const source = (edition: number, id: string) => record.editions.find((e: {edition: number}) => e.edition === edition).indicators.find((i: {indicator: string}) => i.indicator === id);
    expect(source(2022, "laag_inkomen_pct").key).toBe("HuishoudensMetEenLaagInkomen_78");
    expect(source(2023, "laag_inkomen_pct").key).toBe("HuishoudensMetEenLaagInkomen_87");
    expect(source(2021, "sociaal_minimum_pct").title).toBe("Huish. onder of rond sociaal minimum");
    expect(source(2022, "sociaal_minimum_pct").title).toBe("Huishoudens onder of rond sociaal minimum");
    expect(record.editions.map((e: {first_release: boolean}) => e.first_release)).toEqual([false, false, false, false, true]);
    // The new poverty measure is a note; the re-coded Buitenhof buurten (CBS's column: 2) are joined, not cut.
    expect(record.breaks.map((b: {kind: string; edition: number}) => [b.kind, b.edition])).toEqual([["nieuwe maat", 2023], ["indeling", 2023]]);
    expect(record.breaks[1]).toMatchObject({level: "buurt", basis: "cbs", codes: [], recoded: expect.arrayContaining([{from: "BU99990801", to: "BU99990811"}])});
    const {table} = await readTableSnapshot(a.snapshotsDir, "kwb-gm9999");
    const of = (e: number, id: string) => table.rows.filter((r) => r.edition === e && r.indicator === id && r.region_code !== "NL00");
    const uninhabited = new Set(of(2024, "inwoners").filter((r) => r.value === 0).map((r) => r.region_code));
    expect(uninhabited.size).toBeGreaterThan(0);
    expect(of(2024, "laag_inkomen_pct").every((r) => r.value === null && r.status === (uninhabited.has(r.region_code) ? "niet beschikbaar" : "nog niet gepubliceerd"))).toBe(true);
    expect(of(2024, "bijstand").every((r) => r.value !== null)).toBe(true);
  });

  it("publishes the synthetic microdata extract only as disclosure-controlled aggregates, with its audit", async () => {
    const {table} = await readTableSnapshot(a.snapshotsDir, "regelingen");
    expect(table.columns.map((c) => c.name)).toEqual(["region_code", "region_level", "regeling", "jaar", "aantal"]);
    expect(new Set(table.rows.map((r) => r.region_level))).toEqual(new Set(["buurt", "wijk", "gemeente"]));
    for (const r of table.rows) {
      const n = r.aantal as number | null;
      if (n !== null) expect(n === 0 || (n >= 10 && n % 5 === 0), `${r.region_code} ${r.regeling} ${r.jaar} = ${n}`).toBe(true);
    }
    // Buitenhof's tiny buurten are suppressed; the audit is hashed in the lock like the table.
    expect(table.rows.filter((r) => r.aantal === null).length).toBeGreaterThan(0);
    const lock = JSON.parse(await readFile(a.lockPath, "utf8"));
    expect(Object.keys(lock.datasets.regelingen.files).sort()).toEqual(["regelingen.audit.json", "regelingen.csv", "regelingen.schema.json"]);
  });

  it("records the demo in the lock with fixed dates, hashes and the tool version", async () => {
    const lock = JSON.parse(await readFile(a.lockPath, "utf8"));
    expect(lock.workspace).toEqual({name: "voorbeeldstad", title: "Voorbeeldstad", demo: true});
    expect(lock.datasets["kwb-2019"]).toMatchObject({
      kind: "table", rows: 49, columns: 12, fetched_at: "2025-01-06T09:00:00.000Z", tool: expect.stringMatching(/^buurtboek \d/),
      source: {type: "demo", table: "84583NED", title: "Kerncijfers wijken en buurten 2019", modified: "2022-03-04T02:00:00", requests: ["demo:kwb-2019?seed=2024"]}
    });
    expect(Object.keys(lock.datasets["kwb-2019"].files)).toEqual(["kwb-2019.csv", "kwb-2019.schema.json"]);
  });
});
