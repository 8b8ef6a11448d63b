import {existsSync, readFileSync} from "node:fs";
import {mkdtemp} from "node:fs/promises";
import {tmpdir} from "node:os";
import {dirname, join, resolve} from "node:path";
import {init, parse} from "es-module-lexer";
import {beforeAll, describe, expect, it} from "vitest";
import {bundledLibraries, duplicateLibraries, frameworkDuckDBVersion, installedVersion, packages, vendor} from "../../scripts/vendor.js";

describe("vendor", () => {
  let src: string;
  let cache: string;
  let files: string[];
  beforeAll(async () => {
    await init;
    src = await mkdtemp(join(tmpdir(), "buurtboek-vendor-"));
    files = await vendor(src);
    cache = join(src, ".observablehq", "cache");
  });

  it("writes every browser library where Framework looks for it", async () => {
    for (const p of packages) {
      const file = join(cache, "_npm", `${p.name}@${await installedVersion(p.name)}`, "_esm.js");
      expect(existsSync(file), file).toBe(true);
    }
    expect(files).toContain(`_npm/@duckdb/duckdb-wasm@${await frameworkDuckDBVersion()}/dist/duckdb-eh.wasm`);
  });

  it("installs the DuckDB-wasm version that Framework itself pins", async () => {
    const pinned = await frameworkDuckDBVersion();
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await installedVersion("@duckdb/duckdb-wasm")).toBe(pinned);
  });

  it("puts no library into two bundles", async () => {
    const libraries = await bundledLibraries(src);
    expect(Object.keys(libraries).sort()).toEqual([...packages.map((p) => p.name), "vega/slim.js"].sort());
    // The check sees what esbuild really bundled: vega's own d3 and vega-* packages are found inside it.
    expect(libraries.vega).toEqual(expect.arrayContaining(["vega", "vega-util", "d3-scale"]));
    expect(duplicateLibraries(libraries)).toEqual({});
  });

  it("links vega-lite to the vendored vega instead of bundling a second copy", () => {
    const lite = files.find((f) => f.startsWith("_npm/vega-lite@"))!;
    const [imports] = parse(readFileSync(join(cache, lite), "utf8"));
    expect(imports.map((i) => i.n)).toEqual(expect.arrayContaining([expect.stringMatching(/^\.\.\/vega@[\d.]+\/_esm\.js$/)]));
  });

  // es-module-lexer reads real import statements only, not look-alikes inside bundled strings.
  it("links vendored libraries to each other with relative imports that resolve", () => {
    for (const file of files.filter((f) => f.endsWith("_esm.js"))) {
      const source = readFileSync(join(cache, file), "utf8");
      const [imports] = parse(source);
      for (const {n: spec} of imports) {
        if (spec === undefined) continue; // a computed dynamic import
        expect(spec.startsWith("."), `${file} imports bare "${spec}"`).toBe(true);
        expect(existsSync(resolve(dirname(join(cache, file)), spec)), `${file} → ${spec}`).toBe(true);
      }
    }
  });

  it("shares one copy of vega between vega-embed and pages", () => {
    const embed = files.find((f) => f.startsWith("_npm/vega-embed@"))!;
    const source = readFileSync(join(cache, embed), "utf8");
    expect(source).toMatch(/from"\.\.\/vega@[\d.]+\/_esm\.js"/);
  });
});

describe("duplicateLibraries", () => {
  it("names a library that two bundles contain, with both bundles", () => {
    expect(duplicateLibraries({vega: ["vega", "d3-dsv"], "d3-dsv": ["d3-dsv"], htl: ["htl"]})).toEqual({"d3-dsv": ["vega", "d3-dsv"]});
  });
  it("allows two entries of one package, which a page never loads together", () => {
    expect(duplicateLibraries({vega: ["vega", "vega-util"], "vega/slim.js": ["vega-util"]})).toEqual({});
  });
});

describe("slim vega entry", () => {
  it("is smaller than vega and registers only the transform families our charts compile to", async () => {
    const src = await mkdtemp(join(tmpdir(), "buurtboek-vendor-"));
    const files = await vendor(src);
    const dir = join(src, ".observablehq", "cache", files.find((f) => f.endsWith("vega/slim.js") || /vega@[\d.]+\/slim\.js$/.test(f))!);
    const libraries = await bundledLibraries(src);
    expect(libraries["vega/slim.js"]).toEqual(expect.arrayContaining(["vega-geo", "vega-encode", "vega-transforms", "vega-view"]));
    for (const left of ["vega-force", "vega-hierarchy", "vega-wordcloud", "vega-regression", "vega-voronoi", "vega-label"]) {
      expect(libraries["vega/slim.js"]).not.toContain(left);
    }
    const {statSync} = await import("node:fs");
    expect(statSync(dir).size).toBeLessThan(statSync(join(dirname(dir), "_esm.js")).size * 0.9);
  });
});

describe("vendor stamp", () => {
  it("skips the work when versions and script are unchanged, and redoes it when a file went missing", async () => {
    const {rm, stat} = await import("node:fs/promises");
    const src = await mkdtemp(join(tmpdir(), "buurtboek-vendor-"));
    const first = await vendor(src);
    const file = join(src, ".observablehq", "cache", first[0]);
    const made = (await stat(file)).mtimeMs;
    expect(await vendor(src)).toEqual(first);
    expect((await stat(file)).mtimeMs).toBe(made);
    await rm(file);
    await vendor(src);
    expect(existsSync(file)).toBe(true);
  });
});
