import {existsSync} from "node:fs";
import {mkdir, mkdtemp, readFile, readdir, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {brotliDecompressSync, gunzipSync} from "node:zlib";
import {describe, expect, it} from "vitest";
import {brotliQuality, compressDist, compressionKind, removeDuckDBMvp} from "../../scripts/compress.js";

const text = "export const woorden = [" + Array.from({length: 400}, (_, i) => `"buurt ${i}"`).join(",") + "];\n";

async function site(): Promise<string> {
  const dist = await mkdtemp(join(tmpdir(), "buurtboek-compress-"));
  await mkdir(join(dist, "_npm/@duckdb/duckdb-wasm@1.29.0/dist"), {recursive: true});
  await mkdir(join(dist, "_file/data"), {recursive: true});
  await writeFile(join(dist, "index.html"), `<!doctype html><html lang="nl"><body>${"<p>Hallo buurt</p>".repeat(50)}</body></html>`);
  await writeFile(join(dist, "_npm/app.js"), text);
  await writeFile(join(dist, "_file/data/kwb.csv"), "a,b\n" + "1,2\n".repeat(500));
  await writeFile(join(dist, "_file/data/tiny.json"), "{}");
  await writeFile(join(dist, "_file/data/foto.png"), Buffer.alloc(4000, 7));
  await writeFile(join(dist, "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm"), Buffer.alloc(50_000, 1));
  await writeFile(join(dist, "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-mvp.wasm"), Buffer.alloc(100, 1));
  await writeFile(join(dist, "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-mvp.worker.c85d2c10.js"), "x");
  await writeFile(join(dist, "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.32845a78.js"), text);
  return dist;
}

describe("compressDist", () => {
  it("writes .br and .gz that decode to the original, for text and wasm, and leaves range-read and binary files alone", async () => {
    const dist = await site();
    const cacheDir = await mkdtemp(join(tmpdir(), "buurtboek-compress-cache-"));
    const report = await compressDist(dist, {cacheDir});
    for (const file of ["index.html", "_npm/app.js", "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm"]) {
      const original = await readFile(join(dist, file));
      expect(brotliDecompressSync(await readFile(join(dist, `${file}.br`))).equals(original), file).toBe(true);
      expect(gunzipSync(await readFile(join(dist, `${file}.gz`))).equals(original), file).toBe(true);
    }
    // DuckDB reads CSV with range requests; the PNG is compressed already; the JSON is too small to gain.
    for (const file of ["_file/data/kwb.csv", "_file/data/foto.png", "_file/data/tiny.json"]) {
      expect(existsSync(join(dist, `${file}.br`)), file).toBe(false);
      expect(existsSync(join(dist, `${file}.gz`)), file).toBe(false);
    }
    expect(report.cached).toBe(0);
    expect(report.brotliBytes).toBeLessThan(report.bytes);
  });

  it("takes unchanged files from the cache by content, and recompresses a changed one", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "buurtboek-compress-cache-"));
    const first = await compressDist(await site(), {cacheDir});
    const dist = await site();
    await writeFile(join(dist, "_npm/app.js"), text.replace("buurt 1", "wijk 1"));
    const second = await compressDist(dist, {cacheDir});
    expect(second.files).toBe(first.files);
    expect(second.cached).toBe(first.files - 1);
    expect(brotliDecompressSync(await readFile(join(dist, "_npm/app.js.br"))).toString()).toContain("wijk 1");
  });

  it("classifies files by extension", () => {
    expect(compressionKind("a/b.js")).toBe("text");
    expect(compressionKind("a/duckdb-eh.wasm")).toBe("wasm");
    expect(compressionKind("a/b.woff2")).toBeNull();
  });
});

describe("removeDuckDBMvp", () => {
  it("removes only the mvp wasm and worker", async () => {
    const dist = await site();
    const removed = await removeDuckDBMvp(dist);
    expect(removed.sort()).toEqual([
      "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-mvp.worker.c85d2c10.js",
      "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-mvp.wasm"
    ]);
    expect((await readdir(join(dist, "_npm/@duckdb/duckdb-wasm@1.29.0/dist"))).sort()).toEqual([
      "duckdb-browser-eh.worker.32845a78.js",
      "duckdb-eh.wasm"
    ]);
  });
});

describe("brotliQuality", () => {
  it("compresses each gemeente's own files faster (5), what every reader loads best (11), and wasm at 9", () => {
    expect(brotliQuality("gemeente/GM0518/armoede.html", "text")).toBe(5);
    expect(brotliQuality("_file/data/gemeente/GM0518/armoede.1a2b3c4d.json", "text")).toBe(5);
    expect(brotliQuality("_file/data/nederland.1a2b3c4d.json", "text")).toBe(11);
    expect(brotliQuality("index.html", "text")).toBe(11);
    expect(brotliQuality("_import/components/study-charts.1a2b3c4d.js", "text")).toBe(11);
    expect(brotliQuality("_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm", "wasm")).toBe(9);
  });
});
