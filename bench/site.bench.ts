/**
 * Site benchmark: cold and warm build time, and the weight of the demo page as the browser loads it
 * (JS, data, wasm, other), against a bare Framework page built the same way.
 */
import {spawnSync} from "node:child_process";
import {cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {serveStatic} from "../scripts/serve.js";
import {postbuild} from "../scripts/postbuild.js";
import {launchBrowser, watchedPage} from "../tests/support/browser.js";
import {repoRoot} from "../tests/support/paths.js";

type Weight = Record<"js" | "data" | "wasm" | "other", number>;

function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, {cwd, stdio: "pipe", env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
}

function kind(path: string): keyof Weight {
  const p = path.split("?")[0];
  if (p.endsWith(".wasm")) return "wasm";
  if (p.endsWith(".js")) return "js";
  if (/\.(arrow|csv|json|topojson|parquet)$/.test(p)) return "data";
  return "other";
}

/**
 * Loads a page and sums the bytes the server sent, by kind, once the page has settled. Counting at the
 * server includes what DuckDB's worker fetches (the wasm and registered files), which page events miss.
 */
async function pageWeight(dist: string, path: string, ready: string): Promise<Weight> {
  const weight: Weight = {js: 0, data: 0, wasm: 0, other: 0};
  const server = await serveStatic(dist, 0, (p, bytes) => void (weight[kind(p)] += bytes));
  const browser = await launchBrowser();
  try {
    const w = await watchedPage(browser);
    await w.page.goto(`${server.url}${path}`, {waitUntil: "networkidle"});
    await w.page.waitForSelector(ready, {timeout: 60_000});
    await w.page.waitForLoadState("networkidle");
    return weight;
  } finally {
    await browser.close();
    await server.close();
  }
}

function buildBare(): string {
  const dir = mkdtempSync(join(tmpdir(), "buurtboek-bare-"));
  mkdirSync(join(dir, "src"));
  cpSync(join(repoRoot, "observablehq.config.ts"), join(dir, "observablehq.config.ts"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({type: "module", private: true}));
  writeFileSync(join(dir, "src", "index.md"), "# Hallo\n\nEen lege Framework-pagina.\n");
  return dir;
}

const mb = (n: number) => (n >= 1e5 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`);

export default async function bench(): Promise<void> {
  rmSync(join(repoRoot, "src", ".observablehq", "cache"), {recursive: true, force: true});
  rmSync(join(repoRoot, "dist"), {recursive: true, force: true});
  const cold = timed(() => run("npm", ["run", "build"], repoRoot));
  const warm = timed(() => run("npm", ["run", "build"], repoRoot));

  const bare = buildBare();
  const bareCold = timed(() => {
    // Same steps as scripts/build.ts, in a project that has one empty page.
    run("npx", ["tsx", "-e", `import("${join(repoRoot, "scripts/vendor.ts")}").then((m) => m.vendor("${join(bare, "src")}"))`], repoRoot);
    run(join(repoRoot, "node_modules", ".bin", "observable"), ["build"], bare);
  });
  await postbuild(join(bare, "dist"));
  const bareWarm = timed(() => run(join(repoRoot, "node_modules", ".bin", "observable"), ["build"], bare));

  const demo = await pageWeight(join(repoRoot, "dist"), "/techniek", "#chart svg .mark-rect path");
  const base = await pageWeight(join(bare, "dist"), "/", "h1");
  rmSync(bare, {recursive: true, force: true});

  const total = (w: Weight) => w.js + w.data + w.wasm + w.other;
  console.log(`build time (whole workspace)  cold ${cold.toFixed(1)} s   warm ${warm.toFixed(1)} s`);
  console.log(`build time (bare page)        cold ${bareCold.toFixed(1)} s   warm ${bareWarm.toFixed(1)} s`);
  console.log(`ratio workspace/bare          cold ${(cold / bareCold).toFixed(2)}×  warm ${(warm / bareWarm).toFixed(2)}×`);
  console.log(`page weight /techniek         JS ${mb(demo.js)}  data ${mb(demo.data)}  wasm ${mb(demo.wasm)}  other ${mb(demo.other)}  total ${mb(total(demo))}`);
  console.log(`page weight bare page         JS ${mb(base.js)}  data ${mb(base.data)}  wasm ${mb(base.wasm)}  other ${mb(base.other)}  total ${mb(total(base))}`);
  console.log(`ratio demo/bare               JS ${(demo.js / base.js).toFixed(1)}×  total ${(total(demo) / total(base)).toFixed(1)}×`);
}
