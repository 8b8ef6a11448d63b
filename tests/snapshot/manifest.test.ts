import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {demoManifest} from "../../loaders/demo/index.js";
import {loadManifest, ManifestError, parseManifest} from "../../loaders/snapshot/manifest.js";
import {repoRoot} from "../support/paths.js";
import {cli} from "../support/cli.js";
import {remove, tempWorkspace} from "../support/workspace.js";

const base = () => JSON.parse(JSON.stringify(demoManifest())) as Record<string, any>;

function issues(value: unknown): string[] {
  try {
    parseManifest(value, "test.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).issues;
  }
  throw new Error("expected a ManifestError");
}

describe("workspace manifest", () => {
  it("accepts the committed demo manifest", async () => {
    const manifest = await loadManifest(join(repoRoot, "data/workspace.json"));
    expect(manifest.name).toBe("voorbeeldstad");
    expect(manifest.datasets.map((d) => d.name)).toEqual(["kwb-gm9999", "gebieden-gm9999", "kwb-2019", "regelingen"]);
  });

  it("accepts CBS, geometry and municipal datasets", () => {
    const m = base();
    m.datasets.push(
      {name: "kwb-2019-denhaag", kind: "cbs", table: "84583NED", within: "GM0518", measures: ["Aantal inwoners", "HuishoudensMetEenLaagInkomen_78"]},
      {name: "buurten-2014", kind: "geometry", year: 2014, layers: [{name: "buurten", path: "geo/buurten.geojson", code: "statcode", label: "statnaam"}]},
      {name: "stadspas", kind: "municipal", title: "Stadspas", publisher: "Gemeente X", shape: "aggregated", path: "private/stadspas.xlsx", sheet: "Blad1", area: "buurtcode", by: ["jaar"], count: "n", numbers: "nl", disclosure: {threshold: 10}}
    );
    const parsed = parseManifest(m);
    expect(parsed.datasets.at(-3)).toMatchObject({kind: "cbs", api: "v3"});
    expect(parsed.datasets.at(-1)).toMatchObject({kind: "municipal", shape: "aggregated", disclosure: {threshold: 10}});
  });

  it("names the path of a bad table id", () => {
    const m = base();
    m.datasets[1] = {name: "kwb", kind: "cbs", table: "84583"};
    expect(issues(m)).toEqual(["datasets[1].table: not a CBS table id such as 84583NED"]);
  });

  it("names nested paths: a measure, a region code, a layer field", () => {
    const m = base();
    const n = m.datasets.length;
    m.datasets.push({name: "a", kind: "cbs", table: "84583NED", measures: [""], within: "GM518"});
    m.datasets.push({name: "g", kind: "geometry", year: 2019, layers: [{name: "buurten", path: "x.geojson"}]});
    m.datasets.push({name: "k", kind: "kwb", gemeente: "WK051801", editions: [2019]});
    m.datasets.push({name: "p", kind: "geometry", year: 2024});
    const found = issues(m);
    expect(found).toContain(`datasets[${n}].measures[0]: Too small: expected string to have >=1 characters`);
    expect(found).toContain(`datasets[${n}].within: not a CBS region code`);
    expect(found.some((i) => i.startsWith(`datasets[${n + 1}].layers[0].code:`))).toBe(true);
    expect(found).toContain(`datasets[${n + 2}].gemeente: not a gemeente code such as GM0518`);
    expect(found).toContain(`datasets[${n + 3}].layers: give layers, or a gemeente whose PDOK boundaries to fetch`);
  });

  it("names an unknown kind, a duplicate name, an unknown field and a missing field", () => {
    const m = base();
    m.datasets[0].kind = "excel";
    m.datasets[2].name = "kwb-2019";
    m.datasets[3].colour = "red";
    delete m.title;
    const found = issues(m);
    expect(found.some((i) => i.startsWith("datasets[0].kind:"))).toBe(true);
    expect(found.some((i) => i.startsWith("title:"))).toBe(true);
    expect(found.some((i) => i.startsWith("datasets[3]:") && i.includes("colour"))).toBe(true);
  });

  it("reports duplicates by path", () => {
    const m = base();
    m.datasets[3].name = "kwb-2019";
    expect(issues(m)).toEqual(['datasets[3].name: duplicate dataset name "kwb-2019" (also datasets[2])']);
  });

  it("makes the CLI exit non-zero with the file and the field path", async () => {
    const ws = await tempWorkspace();
    try {
      const m = base();
      const i = m.datasets.findIndex((d: {part?: string}) => d.part === "kwb-2019");
      m.datasets[i].part = "kwb-2091";
      await writeFile(ws.manifestPath, JSON.stringify(m));
      const result = await cli(["data", "pull", "--data-dir", ws.dataDir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(ws.manifestPath);
      expect(result.stderr).toContain(`datasets[${i}].part:`);
      expect(await readFile(ws.lockPath, "utf8").catch(() => null)).toBeNull();
    } finally {
      await remove(ws.dataDir);
    }
  });
});
