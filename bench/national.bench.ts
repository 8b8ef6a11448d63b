/**
 * National build benchmark, `npm run bench -- national`: a synthetic national workspace (`buurtboek demo
 * --gemeenten 342`, BENCH_GEMEENTEN to change it) built with `npm run build` in a temporary copy of the repository
 * (its own empty `.buurtboek/` stores and loader cache; the vendored libraries copied, as they are not data):
 * 1. the snapshot size of all gemeenten × 5 editions;
 * 2. a cold build: wall time and peak memory (the sum over the build's process tree, sampled every 100 ms);
 * 3. a build with nothing changed;
 * 4. a rebuild after one gemeente's data changed (a revised figure, written as a new pull writes it);
 * 5. gemeenten added, one and then ten more: each rebuild, and what one gemeente adds (the difference between the
 *    two rebuilds over the ten; both recompute the site-wide assets once, which the difference leaves out);
 * 6. a cold build of half as many gemeenten, for what a gemeente costs a cold build (the slope between the two);
 * 7. what the home page, the overview and the largest gemeente's study transfer before any interaction.
 * Each build's own report lines (pre-step, pages, compression) are printed with it. Note the machine's load.
 */
import {spawn} from "node:child_process";
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from "node:fs";
import {loadavg, tmpdir} from "node:os";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {writeDemo} from "../loaders/demo/write.js";
import {sha256} from "../loaders/snapshot/hash.js";
import {workspace} from "../loaders/snapshot/paths.js";
import {repoRoot} from "../tests/support/paths.js";
import {serveStatic} from "../scripts/serve.js";
import {launchBrowser, watchedPage} from "../tests/support/browser.js";

const N = Number(process.env.BENCH_GEMEENTEN ?? 342);
const ADDED = 10;

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(Number(name));
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${name}/status`, "utf8"));
      rss.set(Number(name), m ? Number(m[1]) * 1024 : 0);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const queue = [root];
  for (const pid of queue) {
    total += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

interface BuildFigures {
  seconds: number;
  peakRss: number;
  lines: string[];
}

/** Runs `npm run build` in `root` for the workspace in `dataDir`, sampling the process tree's memory. */
function build(root: string, dataDir: string): Promise<BuildFigures> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn("npm", ["run", "build"], {cwd: root, env: {...process.env, BUURTBOEK_DATA_DIR: dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true"}, stdio: ["ignore", "pipe", "pipe"]});
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 100);
    child.on("close", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`build failed (${code}):\n${err.slice(-3000)}\n${out.slice(-3000)}`));
      resolve({seconds: (performance.now() - start) / 1000, peakRss: peak, lines: out.split("\n").filter((l) => l.startsWith("build: "))});
    });
  });
}

/** The repository's code in a temporary folder, with empty stores; the vendored libraries copied. */
function copyRepo(): string {
  const root = mkdtempSync(join(tmpdir(), "buurtboek-national-"));
  for (const entry of ["src", "loaders", "scripts", "observablehq.config.ts", "package.json", "package-lock.json", "tsconfig.json"]) {
    cpSync(join(repoRoot, entry), join(root, entry), {recursive: true, filter: (src) => !src.includes("/.observablehq/cache")});
  }
  cpSync(join(repoRoot, "src/.observablehq/cache/_npm"), join(root, "src/.observablehq/cache/_npm"), {recursive: true});
  symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
  return root;
}

function folderBytes(dir: string): {raw: number; gzip: number; files: number} {
  let raw = 0, gzip = 0, files = 0;
  for (const f of readdirSync(dir)) {
    const data = readFileSync(join(dir, f));
    raw += data.length;
    gzip += gzipSync(data, {level: 6}).length;
    files++;
  }
  return {raw, gzip, files};
}

/** A revision of one gemeente's figures, written as a pull writes it: the snapshot and its hash in the lock. */
function revise(dataDir: string, code: string): void {
  const ws = workspace(dataDir);
  const name = `kwb-${code.toLowerCase()}`;
  const file = join(ws.snapshotsDir, `${name}.csv`);
  const text = readFileSync(file, "utf8").replace(new RegExp(`^(${code},[^,]*,gemeente,2023,laag_inkomen_pct,)([^,]*),`, "m"), (_, head, v) => `${head}${(Number(v) + 0.7).toFixed(1)},`);
  writeFileSync(file, text);
  const lock = JSON.parse(readFileSync(ws.lockPath, "utf8"));
  lock.datasets[name].files[`${name}.csv`] = sha256(text);
  writeFileSync(ws.lockPath, JSON.stringify(lock, null, 2));
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

export default async function national(): Promise<void> {
  console.log(`${N} synthetic gemeenten; machine load ${load()}`);
  const dataDir = mkdtempSync(join(tmpdir(), "buurtboek-national-data-"));
  let t = performance.now();
  await writeDemo(workspace(dataDir), 2024, {gemeenten: N});
  const gen = (performance.now() - t) / 1000;
  const size = folderBytes(join(dataDir, "snapshots"));
  const per = size.raw / N;
  console.log(`workspace: generated and pulled in one pass in ${gen.toFixed(1)} s`);
  console.log(`snapshots, ${N} gemeenten × 5 editions (the study's measures): ${mb(size.raw)} in ${size.files} files (${mb(size.gzip)} gzipped, as git stores them); ${(per / 1e3).toFixed(0)} kB per gemeente`);
  const root = copyRepo();
  try {
    const report = (label: string, f: BuildFigures) => {
      console.log(`${label}: ${f.seconds.toFixed(1)} s, peak memory ${mb(f.peakRss)} (process tree); load ${load()}`);
      for (const line of f.lines) console.log(`  ${line}`);
    };
    const cold = await build(root, dataDir);
    report("cold build (empty stores and loader cache)", cold);
    const same = await build(root, dataDir);
    report("build, nothing changed", same);
    revise(dataDir, "GM9003");
    const changed = await build(root, dataDir);
    report("rebuild after one gemeente's data changed", changed);
    await writeDemo(workspace(dataDir), 2024, {gemeenten: N + 1});
    const one = await build(root, dataDir);
    report("rebuild with 1 gemeente added", one);
    await writeDemo(workspace(dataDir), 2024, {gemeenten: N + 1 + ADDED});
    const added = await build(root, dataDir);
    report(`rebuild with ${ADDED} more gemeenten added`, added);
    console.log(`per added gemeente: ${((added.seconds - one.seconds) / ADDED).toFixed(2)} s (the ${ADDED} over the 1; over the unchanged build ${((added.seconds - same.seconds) / ADDED).toFixed(2)} s, the site-wide assets' recomputation included)`);
    console.log(`dist/: ${mb(dirSize(join(root, "dist")))}`);
    await pageWeights(join(root, "dist"), dataDir);

    const half = Math.floor(N / 2);
    const halfDir = mkdtempSync(join(tmpdir(), "buurtboek-national-half-"));
    const halfRoot = copyRepo();
    try {
      await writeDemo(workspace(halfDir), 2024, {gemeenten: half});
      const smaller = await build(halfRoot, halfDir);
      report(`cold build of ${half} gemeenten`, smaller);
      console.log(`per gemeente in a cold build: ${((cold.seconds - smaller.seconds) / (N - half)).toFixed(2)} s (the slope from ${half} to ${N})`);
    } finally {
      rmSync(halfRoot, {recursive: true, force: true});
      rmSync(halfDir, {recursive: true, force: true});
    }
  } finally {
    rmSync(root, {recursive: true, force: true});
    rmSync(dataDir, {recursive: true, force: true});
  }
}

/** Bytes the server sends (encoded, workers included) for a cold load of the home page, the overview and a study. */
async function pageWeights(dist: string, dataDir: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dataDir, "workspace.json"), "utf8"));
  // The gemeente with the largest study asset.
  const largest = manifest.datasets
    .filter((d: {kind: string}) => d.kind === "kwb")
    .map((d: {gemeente: string; name: string}) => ({code: d.gemeente, size: statSync(join(dataDir, "snapshots", `${d.name}.csv`)).size}))
    .sort((a: {size: number}, b: {size: number}) => b.size - a.size)[0].code;
  let sent = 0;
  const server = await serveStatic(dist, 0, {log: (_path, bytes) => (sent += bytes)});
  const browser = await launchBrowser();
  try {
    const weights: string[] = [];
    for (const path of ["/", "/nederland", `/gemeente/${largest}/armoede`]) {
      const w = await watchedPage(browser);
      sent = 0;
      await w.page.goto(`${server.url}${path}`, {waitUntil: "networkidle"});
      await w.page.waitForSelector(".bb-provenance", {timeout: 60_000});
      await server.idle(1500);
      weights.push(`${path} ${(sent / 1000).toFixed(0)} kB`);
      await w.context.close();
    }
    console.log(`page weight before interaction (brotli, budget 250 kB): ${weights.join(", ")}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(path) : statSync(path).size;
  }
  return total;
}
