/**
 * Site benchmark, `npm run bench -- site`. Side by side in one run:
 * - "now": this checkout, built as `npm run build` builds it (compiled charts, no DuckDB at load, precompressed);
 * - "before": the unoptimised site, the same repository at BENCH_BASELINE (default 6b9ff3f, main before the light
 *   pages work), built in a temporary copy and served as it was (no compression);
 * - "bare": one empty Framework page, built the same way.
 * Per page: encoded and decoded bytes by kind (JS, data, wasm, other) as the server sent them before any interaction,
 * the time to the first drawn chart (median of 5 cold loads) and, where the page has one, the time from the
 * "zelf bevragen (SQL)" click to the first result (median of 3). Also build time with and without compression, and
 * the size of dist/.
 */
import {execFileSync, spawnSync} from "node:child_process";
import {mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, cpSync, existsSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {treeSize} from "../scripts/compress.js";
import {serveStatic} from "../scripts/serve.js";
import {launchBrowser, watchedPage} from "../tests/support/browser.js";
import {repoRoot} from "../tests/support/paths.js";
import {kindOf, sitePages} from "../tests/browser/site.js";

type Kind = "js" | "data" | "wasm" | "other";
type Bytes = Record<Kind, number>;
const KINDS: Kind[] = ["js", "data", "wasm", "other"];
const BASELINE = process.env.BENCH_BASELINE ?? "6b9ff3f";

const env = {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"};

function build(cwd: string, extra: Record<string, string> = {}): {seconds: number; output: string} {
  const start = performance.now();
  const r = spawnSync("npm", ["run", "build"], {cwd, encoding: "utf8", env: {...env, ...extra}, maxBuffer: 1 << 26});
  if (r.status !== 0) throw new Error(`build in ${cwd} failed:\n${r.stderr}`);
  return {seconds: (performance.now() - start) / 1000, output: r.stdout};
}

/** The repository at `ref` in a temporary folder with this checkout's node_modules. */
function checkout(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), "buurtboek-before-"));
  execFileSync("sh", ["-c", `git archive ${ref} | tar -x -C ${dir}`], {cwd: repoRoot});
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
  return dir;
}

function bareProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "buurtboek-bare-"));
  mkdirSync(join(dir, "src"));
  for (const entry of ["observablehq.config.ts", "scripts", "loaders", "package.json", "tsconfig.json"]) {
    cpSync(join(repoRoot, entry), join(dir, entry), {recursive: true});
  }
  // No workspace: no study pages, so the sidebar links none (Framework refuses links to pages that do not exist).
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "src", "index.md"), "# Hallo\n\nEen lege Framework-pagina.\n");
  cpSync(join(repoRoot, "src", "style.css"), join(dir, "src", "style.css")); // the theme the config names
  return dir;
}

function decodedSize(dist: string, path: string): number {
  const p = decodeURIComponent(path.split("?")[0]);
  for (const candidate of [p, `${p}.html`, `${p}/index.html`, p === "/" ? "/index.html" : p]) {
    const file = join(dist, candidate);
    if (existsSync(file) && statSync(file).isFile()) return statSync(file).size;
  }
  return 0;
}

interface PageFigures {
  encoded: Bytes;
  decoded: Bytes;
  chartMs: number | null;
  sqlMs: number | null;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : null);

async function measurePage(browser: Browser, dist: string, path: string, precompressed: boolean): Promise<PageFigures> {
  const encoded: Bytes = {js: 0, data: 0, wasm: 0, other: 0};
  const decoded: Bytes = {js: 0, data: 0, wasm: 0, other: 0};
  let counting = false;
  const server = await serveStatic(dist, 0, {
    precompressed,
    log: (p, bytes) => {
      if (!counting) return;
      encoded[kindOf(p)] += bytes;
      decoded[kindOf(p)] += decodedSize(dist, p);
    }
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      counting = i === 0;
      const w = await watchedPage(browser);
      // Vega draws into <svg class="marks">, with vega-embed (before) and with the chart component (now); the poverty
      // study draws its map as SVG paths in #kaart.
      // A string, not a function: tsx would wrap named functions in a helper the page does not have.
      await w.context.addInitScript(`new MutationObserver((_, observer) => {
        if (!document.querySelector("svg.marks path, svg.marks text, #kaart svg path")) return;
        window.firstChart = performance.now();
        observer.disconnect();
      }).observe(document, {subtree: true, childList: true});`);
      await w.page.goto(`${server.url}${path}`);
      await w.page.waitForFunction(() => !document.querySelector("observablehq-loading"), undefined, {timeout: 90_000}).catch(() => {});
      await server.idle(1000);
      const t = await w.page.evaluate(() => (window as unknown as {firstChart?: number}).firstChart ?? null);
      await w.context.close();
      if (t === null) break; // a page without a chart: its bytes are counted, no time to measure
      times.push(t);
    }
    counting = false;
    const sqlTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const w = await watchedPage(browser);
      await w.page.goto(`${server.url}${path}`);
      await w.page.waitForFunction(() => !document.querySelector("observablehq-loading, .bb-chart-view:not([data-drawn])"), undefined, {timeout: 90_000});
      // The panel appears with its chart's cell, which may run after the page's inline figures settle.
      // It sits in a closed panel: wait for it to exist, not to be visible.
      if (!(await w.page.waitForSelector(".bb-reproduce .bb-sql-open", {state: "attached", timeout: 10_000}).catch(() => null))) {
        await w.context.close();
        break;
      }
      // A handle, not a locator: the button leaves the panel once DuckDB has loaded.
      const panel = (await w.page.$(".bb-reproduce:has(.bb-sql-open)"))!;
      await (await panel.$("summary"))!.click();
      const start = await w.page.evaluate(() => performance.now());
      await (await panel.$(".bb-sql-open"))!.click();
      await (await panel.waitForSelector(".bb-sql-run", {timeout: 120_000})).click();
      await panel.waitForSelector(".bb-sql-count", {timeout: 120_000});
      sqlTimes.push((await w.page.evaluate(() => performance.now())) - start);
      await w.context.close();
    }
    return {encoded, decoded, chartMs: times.length ? median(times) : null, sqlMs: median(sqlTimes)};
  } finally {
    await server.close();
  }
}

const kB = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`);
const total = (b: Bytes) => KINDS.reduce((s, k) => s + b[k], 0);
const ms = (n: number | null) => (n === null ? "–" : `${Math.round(n)} ms`);

export default async function bench(): Promise<void> {
  // Build times: without compression, with compression from an empty cache, and with a warm cache.
  const cache = mkdtempSync(join(tmpdir(), "buurtboek-compress-cache-"));
  build(repoRoot, {BUURTBOEK_COMPRESS: "0"}); // warm Framework's caches first, so the three differ only in compression
  const plain = build(repoRoot, {BUURTBOEK_COMPRESS: "0"});
  const cold = build(repoRoot, {BUURTBOEK_COMPRESS_CACHE: cache});
  const warm = build(repoRoot, {BUURTBOEK_COMPRESS_CACHE: cache});
  rmSync(cache, {recursive: true, force: true});
  const step = (o: string) => o.match(/\.br and \.gz beside .* in ([\d.]+) s/)?.[1] ?? "?";

  const before = checkout(BASELINE);
  const beforeBuild = build(before);
  const bare = bareProject();
  build(bare, {BUURTBOEK_COMPRESS: "0"});

  const sites = [
    {name: "now", dist: join(repoRoot, "dist"), precompressed: true},
    {name: "before", dist: join(before, "dist"), precompressed: false},
    {name: "bare", dist: join(bare, "dist"), precompressed: false}
  ];
  const browser = await launchBrowser();
  const rows: string[] = [];
  try {
    for (const site of sites) {
      for (const path of sitePages(site.dist)) {
        const f = await measurePage(browser, site.dist, path, site.precompressed);
        const cells = KINDS.map((k) => `${kB(f.encoded[k])} / ${kB(f.decoded[k])}`);
        rows.push(`| ${site.name} | ${path} | ${cells.join(" | ")} | ${kB(total(f.encoded))} / ${kB(total(f.decoded))} | ${ms(f.chartMs)} | ${ms(f.sqlMs)} |`);
        console.log(rows.at(-1));
      }
    }
  } finally {
    await browser.close();
  }
  console.log("\nbytes before interaction, encoded / decoded; times: median of 5 cold loads (chart), of 3 (SQL click to result)");
  console.log("| site | page | JS | data | wasm | other | total | first chart | SQL click → result |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);

  const nowAll = await treeSize(join(repoRoot, "dist"));
  const nowPlain = await treeSize(join(repoRoot, "dist"), (f) => !/\.(br|gz)$/.test(f));
  const beforeAll = await treeSize(join(before, "dist"));
  console.log(`\ndist/ size: before ${kB(beforeAll)}; now ${kB(nowPlain)} without, ${kB(nowAll)} with the .br/.gz copies`);
  console.log(`build time: before ${beforeBuild.seconds.toFixed(1)} s; now without compression ${plain.seconds.toFixed(1)} s, ` +
    `with compression (empty cache) ${cold.seconds.toFixed(1)} s (compression step ${step(cold.output)} s), ` +
    `warm cache ${warm.seconds.toFixed(1)} s (step ${step(warm.output)} s)`);
  rmSync(before, {recursive: true, force: true});
  rmSync(bare, {recursive: true, force: true});
}
