/**
 * Framework's page phase for workspaces of any size. Framework 1.13 renders every page in one process, from
 * scratch, at 0.05–0.15 s a page: for 342 gemeenten (two pages each) that is over a minute on every build, however
 * little changed. So the pages are built per gemeente ("unit": its study pages) and kept by key:
 *
 * - a unit's key hashes the page code (src/, config, lockfile) and the data assets its pages read from
 *   `data/gemeente/<code>/` (made by the pre-step, loaders/site/prepare.ts); an unchanged unit's pages and assets
 *   are taken from `.buurtboek/pages/<key>/` instead of being rendered again;
 * - the units to render (all of them in a cold build) are spread over one Framework process per core, each with
 *   its own source root (a mirror of src/ whose `.observablehq/cache` shares only the loader outputs and the
 *   vendored libraries, so the processes never write the same file) and output folder; the outputs are merged;
 * - one unit of each kind is always rendered (a "witness"): it brings the current code assets, and the current
 *   entry of every site-wide data file (`data/nederland.json`, …) that reused pages refer to. Those references are
 *   the one part of a reused page that changes with other gemeenten; they are replaced by the witness's.
 * Every page's references to `_file/`, `_import/`, `_npm/` and `_observablehq/` are checked to exist at the end.
 */
import {spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {createWriteStream, existsSync} from "node:fs";
import {copyFile, link, mkdir, readdir, readFile, rename, rm, stat, symlink, utimes, writeFile} from "node:fs/promises";
import {availableParallelism} from "node:os";
import {dirname, join, relative, resolve} from "node:path";
import {nationalNavigation, nationalPaths, studyPaths} from "../loaders/kwb/route.js";
import {takeUpPaths} from "../loaders/municipal/study.js";
import {files} from "../loaders/snapshot/cache.js";
import type {Workspace} from "../loaders/snapshot/paths.js";

/**
 * Build this many units or more, and they are spread over processes (about half as many units per process at
 * least). `BUURTBOEK_SHARD_FROM` lowers it, so a test can shard a small workspace.
 */
const SHARD_FROM = Number(process.env.BUURTBOEK_SHARD_FROM) || 40;

/** A gemeente's pages, built and kept together. */
interface Unit {
  code: string;
  paths: string[];
  /** Which pages it has (`armoede,techniek` or with `regelingen`): units of one kind refer to the same code and site files. */
  kind: string;
  key: string;
  /** Units whose assets a loader makes during the build (the take-up study) are always rendered. */
  volatile: boolean;
}

/** What the page phase did. */
export interface PagesReport {
  pages: number;
  units: number;
  rendered: string[];
  reused: number;
  shards: number;
  seconds: number;
}

const sha = (parts: (string | Buffer)[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex");
};

async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true}).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path, base)));
    else out.push(relative(base, path));
  }
  return out;
}

/** A hash of what every page is rendered from besides its data: page sources, config, navigation, dependencies. */
async function pageStamp(root: string, dataDir: string): Promise<string> {
  const parts: (string | Buffer)[] = [JSON.stringify(nationalNavigation(dataDir))];
  for (const f of await files(join(root, "src"))) if (!relative(root, f).startsWith("src/data/")) parts.push(relative(root, f), await readFile(f));
  for (const f of ["observablehq.config.ts", "package-lock.json", "scripts/vendor.ts", "scripts/page-selection.ts", "loaders/kwb/route.ts"]) parts.push(f, await readFile(join(root, f)).catch(() => Buffer.alloc(0)));
  return sha(parts);
}

/** The units of the workspace, keyed on the stamp and on their data assets in Framework's loader cache. */
async function unitsOf(root: string, dataDir: string, stamp: string): Promise<{units: Unit[]; site: string[]}> {
  const byCode = new Map<string, string[]>();
  const site: string[] = [];
  for (const path of [...nationalPaths(dataDir), ...studyPaths(dataDir), ...takeUpPaths(dataDir)]) {
    const m = /^\/gemeente\/(GM\d{4})\//.exec(path);
    if (m) (byCode.get(m[1]) ?? byCode.set(m[1], []).get(m[1])!).push(path);
    else site.push(path);
  }
  const cache = join(root, "src", ".observablehq", "cache", "data", "gemeente");
  const units: Unit[] = [];
  for (const [code, paths] of [...byCode].sort(([a], [b]) => a.localeCompare(b))) {
    paths.sort();
    const kind = paths.map((p) => p.split("/").at(-1)).join(",");
    const assets: string[] = [];
    for (const f of (await readdir(join(cache, code)).catch(() => [] as string[])).sort()) {
      const s = await stat(join(cache, code, f));
      assets.push(`${f}:${s.size}:${s.mtimeMs}`);
    }
    units.push({code, paths, kind, key: sha([stamp, ...paths, ...assets]), volatile: kind.includes("regelingen")});
  }
  return {units, site};
}

/** A mirror of src/ for a second Framework process: its own `.observablehq/cache`, sharing loader outputs and `_npm`. */
async function mirrorSource(root: string, dir: string): Promise<string> {
  await rm(dir, {recursive: true, force: true});
  await mkdir(join(dir, ".observablehq", "cache"), {recursive: true});
  const src = join(root, "src");
  for (const entry of await readdir(src)) if (entry !== ".observablehq") await symlink(join(src, entry), join(dir, entry));
  for (const shared of ["data", "_npm"]) {
    await mkdir(join(src, ".observablehq", "cache", shared), {recursive: true});
    await symlink(join(src, ".observablehq", "cache", shared), join(dir, ".observablehq", "cache", shared));
  }
  return dir;
}

/** Runs one Framework build of `paths` from `srcRoot` into `out`; its output goes to a log file. */
function frameworkBuild(root: string, srcRoot: string, out: string, paths: string[], dir: string): Promise<void> {
  return (async () => {
    const list = join(dir, "paths.json");
    await writeFile(list, JSON.stringify(paths));
    const logFile = join(dir, "build.log");
    const log = createWriteStream(logFile);
    const child = spawn(join(root, "node_modules", ".bin", "observable"), ["build"], {
      cwd: root,
      env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", BUURTBOEK_SRC_ROOT: relative(root, srcRoot) || ".", BUURTBOEK_OUTPUT: relative(root, out), BUURTBOEK_BUILD_PATHS: list},
      stdio: ["ignore", "pipe", "pipe"]
    });
    child.stdout.pipe(log, {end: false});
    child.stderr.pipe(log, {end: false});
    const code = await new Promise<number | null>((ok, fail) => {
      child.on("error", fail);
      child.on("close", ok);
    });
    await new Promise<void>((ok) => log.end(ok));
    if (code !== 0) {
      const tail = (await readFile(logFile, "utf8")).split("\n").slice(-30).join("\n");
      throw new Error(`observable build failed (exit ${code}); the end of ${relative(root, logFile)}:\n${tail}`);
    }
  })();
}

/** Moves every file of `from` into `to` that `to` does not have yet (a shard's output into the merged site). */
async function mergeInto(from: string, to: string): Promise<void> {
  for (const file of await walk(from)) {
    const target = join(to, file);
    if (existsSync(target)) continue;
    await mkdir(dirname(target), {recursive: true});
    await rename(join(from, file), target);
  }
}

const REGISTER = /registerFile\(("(?:[^"\\]|\\.)*"), (\{[^}]*\})\);/g;

/** The registerFile entries of a page, by file name (relative to the page, as Framework writes them). */
function registrations(html: string): Map<string, string> {
  return new Map([...html.matchAll(REGISTER)].map((m) => [JSON.parse(m[1]) as string, m[0]]));
}

/** Whether a registered name (relative to /gemeente/<code>/) is one of that gemeente's own assets. */
const ownAsset = (name: string, code: string) => name.includes(`/data/gemeente/${code}/`);

/**
 * Builds every page into `<root>/dist` (Framework's output, before postbuild), rendering only what changed.
 * `shards`: Framework processes for many units (default one per core, at most 4).
 */
export async function buildPages(root: string, ws: Workspace, {shards = Math.min(4, availableParallelism()), log}: {shards?: number; log?: (line: string) => void} = {}): Promise<PagesReport> {
  const start = performance.now();
  const stamp = await pageStamp(root, ws.dataDir);
  const {units, site} = await unitsOf(root, ws.dataDir, stamp);
  const store = join(root, ".buurtboek", "pages");
  const stored = (u: Unit) => !u.volatile && existsSync(join(store, u.key, "complete"));
  const witnesses = new Set<Unit>();
  const kinds = new Set<string>();
  for (const u of units) if (!kinds.has(u.kind)) kinds.add(u.kind), witnesses.add(u);
  const render = units.filter((u) => witnesses.has(u) || !stored(u));
  const reuse = units.filter((u) => !render.includes(u));
  const n = render.length >= SHARD_FROM ? Math.max(1, Math.min(shards, Math.floor(render.length / (SHARD_FROM / 2)))) : 1;

  // Render: shard 0 from src/ with the site pages, the others from mirrors.
  const shardRoot = join(root, ".buurtboek", "shards");
  const jobs: Promise<void>[] = [];
  const outs: string[] = [];
  for (let s = 0; s < n; s++) {
    const dir = join(shardRoot, String(s));
    await mkdir(dir, {recursive: true});
    const out = join(dir, "out");
    outs.push(out);
    const paths = [...(s === 0 ? site : []), ...render.filter((_, i) => i % n === s).flatMap((u) => u.paths)];
    const srcRoot = s === 0 ? join(root, "src") : await mirrorSource(root, join(dir, "src"));
    jobs.push(frameworkBuild(root, srcRoot, out, paths, dir));
  }
  await Promise.all(jobs);

  // Merge the shards into dist/.
  const dist = join(root, "dist");
  await rm(dist, {recursive: true, force: true});
  await rename(outs[0], dist);
  for (const out of outs.slice(1)) await mergeInto(out, dist);

  // Keep what was rendered, unit by unit: Framework's HTML (copied: postbuild rewrites dist/ in place) and the
  // gemeente's own data files (linked: nothing changes them).
  const fresh = new Map<string, string>();
  for (const u of render) {
    const temp = join(store, `${u.key}.tmp-${process.pid}`);
    await rm(temp, {recursive: true, force: true});
    for (const path of u.paths) {
      const html = await readFile(join(dist, `${path}.html`), "utf8");
      for (const [name, entry] of registrations(html)) if (!ownAsset(name, u.code)) fresh.set(name, entry);
      if (u.volatile) continue;
      await mkdir(join(temp, "pages", dirname(path)), {recursive: true});
      await writeFile(join(temp, "pages", `${path}.html`), html);
    }
    if (u.volatile) continue;
    const own = join("_file", "data", "gemeente", u.code);
    for (const f of await walk(join(dist, own))) {
      await mkdir(dirname(join(temp, "files", own, f)), {recursive: true});
      await link(join(dist, own, f), join(temp, "files", own, f)).catch(() => copyFile(join(dist, own, f), join(temp, "files", own, f)));
    }
    await writeFile(join(temp, "complete"), "");
    await rm(join(store, u.key), {recursive: true, force: true});
    await rename(temp, join(store, u.key));
  }

  // Reuse the others: their data files as they were, their pages with the current site-wide file entries.
  const now = new Date();
  for (const u of reuse) {
    const dir = join(store, u.key);
    await utimes(dir, now, now);
    for (const f of await walk(join(dir, "files"))) {
      await mkdir(dirname(join(dist, f)), {recursive: true});
      await link(join(dir, "files", f), join(dist, f)).catch(() => copyFile(join(dir, "files", f), join(dist, f)));
    }
    for (const path of u.paths) {
      const html = (await readFile(join(dir, "pages", `${path}.html`), "utf8")).replace(REGISTER, (entry, quoted: string) => {
        const name = JSON.parse(quoted) as string;
        if (ownAsset(name, u.code)) return entry;
        const current = fresh.get(name);
        if (!current) throw new Error(`${path}: no page rendered in this build registers ${name}; remove .buurtboek/pages and build again`);
        return current;
      });
      await mkdir(dirname(join(dist, `${path}.html`)), {recursive: true});
      await writeFile(join(dist, `${path}.html`), html);
    }
  }
  await verifyReferences(dist);
  await collectGarbage(store);
  const pages = units.reduce((a, u) => a + u.paths.length, 0) + site.length;
  const report: PagesReport = {pages, units: units.length, rendered: render.map((u) => u.code), reused: reuse.length, shards: n, seconds: (performance.now() - start) / 1000};
  log?.(`pages: ${units.length} gemeenten, ${render.length} rendered${n > 1 ? ` in ${n} processes` : ""}, ${reuse.length} reused, in ${report.seconds.toFixed(1)} s`);
  return report;
}

/** Fails when a page refers to a file of the site that is not there (a reused page the merge got wrong). */
export async function verifyReferences(dist: string): Promise<void> {
  const missing: string[] = [];
  const known = new Set(await walk(dist));
  for (const file of known) {
    if (!file.endsWith(".html")) continue;
    const html = await readFile(join(dist, file), "utf8");
    for (const m of html.matchAll(/["'(]((?:\.\.\/|\.\/)*_(?:file|import|npm|observablehq)\/[^"'()\s?#]+)/g)) {
      const target = relative(dist, resolve(dist, dirname(file), m[1]));
      if (!known.has(target)) missing.push(`${file} → ${m[1]}`);
    }
  }
  if (missing.length) throw new Error(`pages refer to files the site does not have:\n  ${[...new Set(missing)].slice(0, 20).join("\n  ")}`);
}

/** Removes kept units no build has used for `days` days. */
async function collectGarbage(store: string, days = 3): Promise<void> {
  const cutoff = Date.now() - days * 86_400_000;
  for (const name of await readdir(store).catch(() => [] as string[])) {
    const s = await stat(join(store, name)).catch(() => null);
    if (s && s.mtimeMs < cutoff) await rm(join(store, name), {recursive: true, force: true});
  }
}
