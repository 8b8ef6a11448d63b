import {existsSync, readFileSync} from "node:fs";
import {mkdtemp} from "node:fs/promises";
import {tmpdir} from "node:os";
import {dirname, join, resolve} from "node:path";
import {init, parse} from "es-module-lexer";
import {beforeAll, describe, expect, it} from "vitest";
import {installedVersion, packages, vendor} from "../../scripts/vendor.js";

describe("vendor", () => {
  let cache: string;
  let files: string[];
  beforeAll(async () => {
    await init;
    const src = await mkdtemp(join(tmpdir(), "buurtboek-vendor-"));
    files = await vendor(src);
    cache = join(src, ".observablehq", "cache");
  });

  it("writes every browser library where Framework looks for it", async () => {
    for (const p of packages) {
      const file = join(cache, "_npm", `${p.name}@${await installedVersion(p.name)}`, "_esm.js");
      expect(existsSync(file), file).toBe(true);
    }
    expect(files).toContain("_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm");
  });

  it("pins DuckDB-wasm to the version Framework 1.13 expects", async () => {
    expect(await installedVersion("@duckdb/duckdb-wasm")).toBe("1.29.0");
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
