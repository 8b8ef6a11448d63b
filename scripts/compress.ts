/**
 * After the build: `.br` and `.gz` beside every compressible file of `dist/`, so any static server (sirv in
 * `npm start`, nginx `gzip_static`/`brotli_static`, an object store with Content-Encoding metadata) sends them
 * precompressed. Brotli quality 11 for text; quality 9 for wasm (q11 of DuckDB's 35 MB wasm takes minutes for 13% less);
 * quality 5 for the files of each gemeente (see `brotliQuality`).
 * Outputs are cached by content hash in `.buurtboek/compressed/`, so an unchanged file costs nothing on the next build.
 */
import {createHash} from "node:crypto";
import {mkdir, readdir, readFile, rename, stat, writeFile} from "node:fs/promises";
import {dirname, extname, join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {promisify} from "node:util";
import {brotliCompress, constants, gzip} from "node:zlib";
import pLimit from "p-limit";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Files smaller than this are served as they are: brotli and gzip framing would not make them smaller. */
export const MIN_COMPRESS = 256;

/** Text formats worth compressing. */
const TEXT = new Set([".html", ".js", ".mjs", ".css", ".json", ".topojson", ".geojson", ".svg", ".txt", ".map", ".arrow", ".md", ".xml"]);
/**
 * Never compressed: files DuckDB-wasm reads by URL with HTTP range requests (Framework registers CSV, TSV, Parquet
 * and database files by URL); a range of a compressed body is not a range of the file. The CSV snapshots are
 * downloads, so leaving them alone costs readers nothing at page load.
 */
export const RANGE_READ = new Set([".csv", ".tsv", ".parquet", ".db", ".ddb", ".duckdb"]);

/** What to do with a file, by name: compress as text, as wasm, or not at all. */
export function compressionKind(file: string): "text" | "wasm" | null {
  const ext = extname(file).toLowerCase();
  if (ext === ".wasm") return "wasm";
  return TEXT.has(ext) ? "text" : null;
}

/**
 * Brotli quality of a file of `dist/` (path relative to it). A gemeente's own pages and data assets
 * (`gemeente/<code>/…`, `_file/data/gemeente/<code>/…`) come by the hundred in a national workspace and each is read
 * by that gemeente's readers only: quality 5 makes them about a fifth larger than 11 but compresses them ten to
 * forty times faster, so a cold national build spends seconds here instead of minutes. Everything else, read by
 * every reader (code, the site-wide assets), keeps 11.
 */
export function brotliQuality(path: string, kind: "text" | "wasm"): number {
  if (kind === "wasm") return 9;
  return /^(?:_file\/data\/)?gemeente\//.test(path.replaceAll("\\", "/")) ? 5 : 11;
}

/** Options of `compressDist`. */
export interface CompressOptions {
  /** Cache folder for compressed outputs by content hash (default `BUURTBOEK_COMPRESS_CACHE` or `.buurtboek/compressed`); `null` turns it off. */
  cacheDir?: string | null;
  /** Parallel compressions; zlib runs them on libuv's thread pool. */
  concurrency?: number;
}

/** What `compressDist` did: files compressed, how many came from the cache, and the byte totals. */
export interface CompressReport {
  files: number;
  cached: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

async function cached(cacheDir: string | null, key: string, make: () => Promise<Buffer>): Promise<[Buffer, boolean]> {
  if (!cacheDir) return [await make(), false];
  const path = join(cacheDir, key.slice(0, 2), key);
  const hit = await readFile(path).catch(() => null);
  if (hit) return [hit, true];
  const data = await make();
  await mkdir(dirname(path), {recursive: true});
  // Two files of dist/ can have the same content: each writes its own temporary file, the rename is atomic.
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
  return [data, false];
}

/** Writes `<file>.br` and `<file>.gz` beside every compressible file under `dist` (skipping those that do not shrink). */
export async function compressDist(dist: string, options: CompressOptions = {}): Promise<CompressReport> {
  const cacheDir =
    options.cacheDir !== undefined
      ? options.cacheDir
      : resolve(process.env.BUURTBOEK_COMPRESS_CACHE ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", ".buurtboek", "compressed"));
  const limit = pLimit(options.concurrency ?? 4);
  const report: CompressReport = {files: 0, cached: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0};
  const files: {file: string; kind: "text" | "wasm"; size: number}[] = [];
  for await (const file of walk(dist)) {
    const kind = compressionKind(file);
    if (!kind || RANGE_READ.has(extname(file).toLowerCase())) continue;
    files.push({file, kind, size: (await stat(file)).size});
  }
  // Largest first: the 35 MB wasm takes longest, and the small files fill the other threads meanwhile.
  files.sort((a, b) => b.size - a.size);
  const jobs: Promise<void>[] = [];
  for (const {file, kind} of files) {
    jobs.push(
      limit(async () => {
        const data = await readFile(file);
        if (data.length < MIN_COMPRESS) return;
        const hash = createHash("sha256").update(data).digest("hex");
        const quality = brotliQuality(relative(dist, file), kind);
        const params = {[constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: data.length, [constants.BROTLI_PARAM_MODE]: kind === "text" ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC};
        const [[br, brHit], [gzipped, gzHit]] = await Promise.all([
          cached(cacheDir, `${hash}.q${quality}.br`, () => brotli(data, {params})),
          cached(cacheDir, `${hash}.9.gz`, () => gz(data, {level: 9}))
        ]);
        report.files++;
        if (brHit && gzHit) report.cached++;
        report.bytes += data.length;
        if (br.length < data.length) {
          await writeFile(`${file}.br`, br);
          report.brotliBytes += br.length;
        }
        if (gzipped.length < data.length) {
          await writeFile(`${file}.gz`, gzipped);
          report.gzipBytes += gzipped.length;
        }
      })
    );
  }
  await Promise.all(jobs);
  return report;
}

/** DuckDB's `mvp` build (41 MB) is for browsers without wasm exceptions; every browser we support loads `eh`. */
export function isDuckDBMvp(file: string): boolean {
  return /\/@duckdb\/duckdb-wasm@[^/]+\/dist\/duckdb-(mvp\.wasm|browser-mvp\.worker\.[^/]*js)$/.test(file.replaceAll("\\", "/"));
}

/** Removes DuckDB's mvp wasm and worker from `dist`; returns the removed paths, relative to `dist`. */
export async function removeDuckDBMvp(dist: string): Promise<string[]> {
  const {rm} = await import("node:fs/promises");
  const removed: string[] = [];
  for await (const file of walk(dist)) {
    if (!isDuckDBMvp(file)) continue;
    await rm(file);
    removed.push(relative(dist, file));
  }
  return removed;
}

/** Total size of the files under `dir` (those `include` accepts), in bytes. */
export async function treeSize(dir: string, include: (file: string) => boolean = () => true): Promise<number> {
  let total = 0;
  for await (const file of walk(dir)) if (include(file)) total += (await stat(file)).size;
  return total;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? "dist");
  const start = performance.now();
  const report = await compressDist(dist);
  console.log(`compress: ${report.files} files (${report.cached} from cache) in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}
