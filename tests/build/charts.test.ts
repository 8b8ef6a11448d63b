import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {compileChart} from "../../loaders/charts/compile.js";
import {runLoader} from "../data/support.js";
import {repoRoot} from "../support/paths.js";

describe("compileChart", () => {
  it("compiles Vega-Lite to Vega with named datasets left for the page, and no schema URL", () => {
    const vg = compileChart({data: {name: "rijen"}, mark: "bar", encoding: {x: {field: "wijk", type: "nominal"}, y: {field: "waarde", type: "quantitative"}}});
    expect(vg.$schema).toBeUndefined();
    expect((vg.data as {name: string}[]).map((d) => d.name)).toContain("rijen");
    expect(JSON.stringify(vg)).not.toMatch(/https?:\/\//);
  });

  it("fails naming the chart when Vega-Lite would drop an encoding", () => {
    expect(() => compileChart({description: "kaart", data: {name: "x"}, mark: "bar", encoding: {x: {field: "a", type: "nominal"}, y: {field: "b", type: "quantitative", aggregate: "nonsense" as never}}})).toThrow(/^chart "kaart": /);
  });
});

describe("chart loaders", () => {
  const loaders = readdirSync(join(repoRoot, "src/data/charts")).filter((f) => f.endsWith(".json.ts"));
  // Every compiled chart is drawn by some page or by a Studio template's notebooks: an unused chart loader is dead
  // weight in the build.
  it("exist, and each is read by a page or a notebook template", () => {
    expect(loaders.length).toBeGreaterThanOrEqual(1);
    const pages = readdirSync(join(repoRoot, "src"), {recursive: true, encoding: "utf8"}).filter((f) => f.endsWith(".md")).map((f) => join(repoRoot, "src", f));
    const templates = readdirSync(join(repoRoot, "studio/templates")).filter((f) => f.endsWith(".md")).map((f) => join(repoRoot, "studio/templates", f));
    const text = [...pages, ...templates].map((f) => readFileSync(f, "utf8")).join("\n");
    for (const loader of loaders) expect(text, loader).toContain(`charts/${loader.replace(/\.ts$/, "")}`);
  });
  for (const loader of loaders) {
    it(`${loader} emits a Vega spec whose data comes from the page`, async () => {
      const vg = JSON.parse((await runLoader(`charts/${loader}`)).toString());
      expect(vg.$schema).toBeUndefined();
      const runtime = (vg.data as {name: string; values?: unknown; source?: string; url?: string}[]).filter((d) => !d.values && !d.source && !d.url);
      expect(runtime.length).toBeGreaterThan(0);
      expect(vg.data.every((d: {values?: unknown}) => d.values === undefined)).toBe(true);
    });
  }
});
