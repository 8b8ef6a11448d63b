/**
 * The Framework data loaders in src/data read only the snapshots: building twice from the same snapshots gives
 * byte-identical data assets, also from another data folder (BUURTBOEK_DATA_DIR) holding the same snapshots.
 */
import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {DEFAULT_SEED, demoManifest} from "../../loaders/demo/index.js";
import {writeDemo} from "../../loaders/demo/write.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {repoRoot} from "../support/paths.js";
import {runLoader} from "../support/site.js";
import {remove, tempWorkspace} from "../support/workspace.js";

const TABLES = ["kwb-2019", "regelingen", "kwb-gm9999"];

/** Every data asset the pages use: [asset name, loader, args]. */
const ASSETS: [string, string, string[]][] = [
  ["bronnen.json", "bronnen.json.ts", []],
  ["snapshots/gebieden-gm9999.topojson", "snapshots/[name].topojson.ts", ["--name=gebieden-gm9999"]],
  ["studies.json", "studies.json.ts", []],
  ["gemeente/GM9999/armoede.json", "gemeente/[code]/armoede.json.ts", ["--code=GM9999"]],
  ["gemeente/GM9999/kwb.csv", "gemeente/[code]/kwb.csv.ts", ["--code=GM9999"]],
  ["gemeente/GM9999/gebieden.topojson", "gemeente/[code]/gebieden.topojson.ts", ["--code=GM9999"]],
  ["gemeente/GM9999/wijken.arrow", "gemeente/[code]/wijken.arrow.ts", ["--code=GM9999"]],
  ["gemeente/GM9999/wijken.json", "gemeente/[code]/wijken.json.ts", ["--code=GM9999"]],
  ...TABLES.flatMap((t): [string, string, string[]][] => [
    [`tables/${t}.arrow`, "tables/[name].arrow.ts", [`--name=${t}`]],
    [`snapshots/${t}.csv`, "snapshots/[name].csv.ts", [`--name=${t}`]]
  ])
];

async function buildAssets(env: Record<string, string>): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (let i = 0; i < ASSETS.length; i += 2) {
    const batch = ASSETS.slice(i, i + 2);
    const results = await Promise.all(batch.map(([, loader, args]) => runLoader(loader, args, env)));
    batch.forEach(([name], k) => out.set(name, results[k]));
  }
  return out;
}

describe("src/data loaders", () => {
  let copy: Workspace;
  let first: Map<string, Buffer>;
  let second: Map<string, Buffer>;

  beforeAll(async () => {
    copy = await tempWorkspace();
    await writeDemo(copy, DEFAULT_SEED);
    first = await buildAssets({BUURTBOEK_DATA_DIR: join(repoRoot, "data")});
    second = await buildAssets({BUURTBOEK_DATA_DIR: copy.dataDir});
  }, 300_000);
  afterAll(() => remove(copy?.dataDir));

  it("give byte-identical assets from the same snapshots", () => {
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) {
      expect(bytes.length, name).toBeGreaterThan(0);
      expect(bytes.equals(second.get(name)!), `${name} differs between builds`).toBe(true);
    }
  });

  it("serve the snapshot files verbatim as downloads", async () => {
    for (const t of TABLES) expect(first.get(`snapshots/${t}.csv`)!.equals(await readFile(join(repoRoot, "data/snapshots", `${t}.csv`)))).toBe(true);
  });

  it("emit Arrow tables with the snapshot's rows and typed columns", () => {
    const table = tableFromIPC(new Uint8Array(first.get("tables/kwb-2019.arrow")!));
    expect(table.numRows).toBe(49);
    expect(table.schema.fields.map((f) => String(f.type))).toContain("Float64");
    const row = table.toArray().find((r) => r.region_code === "GM9999")!.toJSON();
    expect(row).toMatchObject({region_level: "gemeente", AantalInwoners_5: 83260});
    const tidy = tableFromIPC(new Uint8Array(first.get("tables/kwb-gm9999.arrow")!));
    expect(tidy.schema.fields.map((f) => f.name)).toEqual(["region_code", "region_name", "region_level", "edition", "indicator", "value", "status"]);
  });

  it("emit the study of a gemeente: its snapshot as download, values by edition, map paths and join", async () => {
    expect(first.get("gemeente/GM9999/kwb.csv")!.equals(await readFile(join(repoRoot, "data/snapshots/kwb-gm9999.csv")))).toBe(true);
    const study = JSON.parse(first.get("gemeente/GM9999/armoede.json")!.toString("utf8"));
    expect(study.gemeente).toEqual({code: "GM9999", name: "Voorbeeldstad"});
    expect(study.editions.map((e: {edition: number}) => e.edition)).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(study.map.levels.buurt).toHaveLength(40);
    // The demo re-codes Buitenhof's buurten from 2023, so 2020-2022 have five codes without a 2024 shape.
    expect(study.join.find((j: {edition: number; level: string}) => j.edition === 2022 && j.level === "buurt").withoutShape).toEqual(["BU99990801", "BU99990802", "BU99990803", "BU99990804", "BU99990805"]);
    expect(JSON.parse(first.get("studies.json")!.toString("utf8"))).toEqual([{code: "GM9999", name: "Voorbeeldstad", kwb: "kwb-gm9999", geometry: "gebieden-gm9999", editions: [2020, 2021, 2022, 2023, 2024], demo: true}]);
  });

  it("emit provenance from the lock: version, fetch time, hash and columns by title", () => {
    const bronnen = JSON.parse(first.get("bronnen.json")!.toString("utf8"));
    expect(bronnen.workspace).toMatchObject({name: "voorbeeldstad", demo: true});
    expect(bronnen.datasets["kwb-2019"]).toMatchObject({
      file: "kwb-2019.csv",
      rows: 49,
      source: {type: "demo", table: "84583NED", title: "Kerncijfers wijken en buurten 2019", modified: "2022-03-04T02:00:00"}
    });
    expect(bronnen.datasets["kwb-2019"].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bronnen.datasets["kwb-2019"].columns.find((c: {title?: string}) => c.title === "Huishoudens met een laag inkomen").name).toBe("HuishoudensMetEenLaagInkomen_78");
  });

  it("fail clearly when the data folder has a manifest but no lock", async () => {
    const unpulled = await tempWorkspace();
    try {
      await writeFile(unpulled.manifestPath, JSON.stringify(demoManifest(DEFAULT_SEED)));
      await expect(runLoader("bronnen.json.ts", [], {BUURTBOEK_DATA_DIR: unpulled.dataDir})).rejects.toThrow(
        `${unpulled.lockPath}: no data lock; run \`buurtboek data pull\` or \`buurtboek demo\``
      );
    } finally {
      await remove(unpulled.dataDir);
    }
  });

  it("fail clearly when the data folder has no manifest", async () => {
    const empty = await tempWorkspace();
    try {
      await expect(runLoader("bronnen.json.ts", [], {BUURTBOEK_DATA_DIR: empty.dataDir})).rejects.toThrow(empty.manifestPath);
    } finally {
      await remove(empty.dataDir);
    }
  });
});
