/**
 * Framework's page phase for workspaces of any size. Framework 1.13 renders every page in one process, from
 * scratch, at 0.05–0.15 s a page plus ten to twenty seconds of its own: for 342 gemeenten (two pages each) that is
 * minutes on every build, however little changed. But a rendered page depends on three things only: the code it
 * is rendered from (page sources, components, config, dependencies), its route parameter (the gemeente's code,
 * which appears in the page as that code and nowhere else), and the entries `registerFile(name, {path,
 * lastModified, size})` by which it finds its data files. So:
 *
 * - Per "page stamp" (a hash of that code), `.buurtboek/pages/<stamp>/` keeps one rendered gemeente per kind of
 *   gemeente (which pages it has: the poverty study and the technique page, and the take-up study where there is
 *   one) as the template for that kind, the site pages (home, overview) and the code assets (`_npm`,
 *   `_observablehq`, `_import`) as Framework wrote them.
 * - Every build writes each gemeente's pages from its kind's template, the template's code replaced by the
 *   gemeente's, and every page's data entries made anew from the current files (the content hash in the name, as
 *   Framework names it, the time and the size), and links those files in. A change of data, or a new gemeente,
 *   renders nothing; a change of code renders one gemeente per kind and the site pages.
 * - A gemeente is rendered after all when a data file its pages read is missing from Framework's loader cache, so
 *   that Framework runs that loader. Many such (a cold start of many take-up studies) are spread over Framework
 *   processes, as many at a time as cores, at most `UNITS_PER_SHARD` each, each with its own source root (a mirror
 *   of src/ sharing only the loader outputs and the vendored libraries, so no two processes write the same file).
 * Every page's references to `_file/`, `_import/`, `_npm/` and `_observablehq/` are checked to exist at the end.
 * `tests/build/pages.test.ts` checks that the site written this way is byte for byte the site Framework renders.
 */
import {spawn} from "node:child_process";
import {hashParts, sha256} from "../loaders/snapshot/hash.js";
import {collectGarbage} from "../loaders/site/store.js";
import {createWriteStream, existsSync} from "node:fs";
import {copyFile, link, mkdir, readdir, readFile, rename, rm, stat, symlink, utimes, writeFile} from "node:fs/promises";
import {relativePath, resolvePath} from "@observablehq/framework/dist/path.js";
import {availableParallelism} from "node:os";
import pLimit from "p-limit";
import {dirname, join, posix, relative, resolve} from "node:path";
import {nationalNavigation} from "../loaders/kwb/route.js";
import {sitePaths} from "../loaders/site/paths.js";
import {files} from "../loaders/snapshot/cache.js";
import type {Workspace} from "../loaders/snapshot/paths.js";

/**
 * Build this many units or more, and they are spread over processes (about half as many units per process at
 * least). `BUURTBOEK_SHARD_FROM` lowers it, so a test can shard a small workspace.
 */
const SHARD_FROM = Number(process.env.BUURTBOEK_SHARD_FROM) || 40;

/**
 * At most this many units per Framework process: it keeps every page it renders in memory until the end (some
 * 2 MB a page), so a cold national build runs more, smaller processes, as many at a time as there are cores.
 */
const UNITS_PER_SHARD = Number(process.env.BUURTBOEK_UNITS_PER_SHARD) || 90;

/** `BUURTBOEK_RENDER_ALL=1` renders every gemeente with Framework (shards included), as a check on the templates. */
const RENDER_ALL = process.env.BUURTBOEK_RENDER_ALL === "1";

/** A gemeente's pages, rendered and kept together. */
interface Unit {
  code: string;
  paths: string[];
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
  for (const f of ["observablehq.config.ts", "package-lock.json", "scripts/vendor.ts", "scripts/page-selection.ts", "loaders/kwb/route.ts", "loaders/site/paths.ts", "loaders/notebooks.ts"]) parts.push(f, await readFile(join(root, f)).catch(() => Buffer.alloc(0)));
  return hashParts(parts);
}

/** The gemeenten's pages (units) and the site's dynamic pages (the overview). */
function unitsOf(dataDir: string, src: string): {units: Unit[]; site: string[]} {
  const byCode = new Map<string, string[]>();
  const site: string[] = [];
  for (const path of sitePaths(dataDir, src)) {
    const m = /^\/gemeente\/(GM\d{4})\//.exec(path);
    if (m) (byCode.get(m[1]) ?? byCode.set(m[1], []).get(m[1])!).push(path);
    else site.push(path);
  }
  return {units: [...byCode].sort(([a], [b]) => a.localeCompare(b)).map(([code, paths]) => ({code, paths: paths.sort()})), site};
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

/** Moves every file of `from` into `to` that `to` does not have yet (a shard's output into the merged output). */
async function mergeInto(from: string, to: string): Promise<void> {
  for (const file of await walk(from)) {
    const target = join(to, file);
    if (existsSync(target)) continue;
    await mkdir(dirname(target), {recursive: true});
    await rename(join(from, file), target);
  }
}

const REGISTER = /registerFile\(("(?:[^"\\]|\\.)*"), (\{[^}]*\})\);/g;

/** The name Framework gives a data file in the built site: `/_file/data/x.json` → `/_file/data/x.1a2b3c4d.json` (build.js, applyHash). */
function aliasOf(file: string, contents: Buffer): string {
  const path = posix.join("/_file", file);
  const ext = posix.extname(path);
  return posix.join(posix.dirname(path), `${posix.basename(path, ext)}.${sha256(contents).slice(0, 8)}${ext}`);
}

/** The data files of the site: where Framework has them, and their entries as built pages register them. */
class DataFiles {
  private readonly known = new Map<string, {source: string; alias: string; lastModified: number; size: number} | null>();
  constructor(private readonly src: string) {}

  /** A file (`/data/…`) from src/ or, made by a loader, from Framework's loader cache; null when neither has it. */
  async get(file: string) {
    if (!this.known.has(file)) {
      const candidates = [join(this.src, file), join(this.src, ".observablehq", "cache", file)];
      let found = null;
      for (const source of candidates) {
        const s = await stat(source).catch(() => null);
        if (!s?.isFile()) continue;
        found = {source, alias: aliasOf(file, await readFile(source)), lastModified: Math.floor(s.mtimeMs), size: s.size};
        break;
      }
      this.known.set(file, found);
    }
    return this.known.get(file)!;
  }
}

/** The data files a kept page registers (as site paths, `/data/…`). */
function registeredFiles(page: string, html: string): string[] {
  return [...html.matchAll(REGISTER)].map((m) => resolvePath(page, JSON.parse(m[1]) as string));
}

/**
 * A kept page as it must be now: each registerFile entry with the current file's name, time and size (the object
 * keeps Framework's key order). Returns the HTML and the files to put in dist/ (alias → source).
 */
async function currentPage(page: string, html: string, data: DataFiles): Promise<{html: string; files: Map<string, string>}> {
  const files = new Map<string, string>();
  const replacements = new Map<string, string>();
  for (const m of html.matchAll(REGISTER)) {
    const name = JSON.parse(m[1]) as string;
    const file = await data.get(resolvePath(page, name));
    if (!file) throw new Error(`${page}: ${name} is neither in src/ nor in the loader cache`);
    const entry = {...(JSON.parse(m[2]) as Record<string, unknown>), path: relativePath(page, file.alias), lastModified: file.lastModified, size: file.size};
    replacements.set(m[0], `registerFile(${m[1]}, ${JSON.stringify(entry)});`);
    files.set(file.alias, file.source);
  }
  return {html: html.replace(REGISTER, (entry) => replacements.get(entry)!), files};
}

/** Hard-links (or copies) `from` to `to`, unless `to` is there already. */
async function place(from: string, to: string): Promise<void> {
  if (existsSync(to)) return;
  await mkdir(dirname(to), {recursive: true});
  await link(from, to).catch(() => copyFile(from, to));
}

/** A page's path in the site (`/gemeente/GM0518/armoede`, `/index`) from its HTML file. */
const pageOf = (file: string) => `/${file.replace(/\.html$/, "")}`;

/** The kind of a gemeente: which pages it has (`armoede,techniek`, or with `regelingen`). */
const kindOf = (u: Unit) => u.paths.map((p) => p.split("/").at(-1)).join(",");

/** A template gemeente's page made into another gemeente's: the only place a page has its code is the code. */
const fromTemplate = (html: string, template: string, code: string) => (template === code ? html : html.replaceAll(template, code));

/**
 * Builds every page into `<root>/dist` (as Framework writes it, before postbuild), rendering only what is not kept.
 * `shards`: Framework processes at a time (default one per core, at most 4).
 */
export async function buildPages(root: string, ws: Workspace, {shards = Math.min(4, availableParallelism()), log}: {shards?: number; log?: (line: string) => void} = {}): Promise<PagesReport> {
  const start = performance.now();
  const src = join(root, "src");
  const stamp = await pageStamp(root, ws.dataDir);
  const {units, site} = unitsOf(ws.dataDir, src);
  const store = join(root, ".buurtboek", "pages", stamp.slice(0, 32));
  const data = new DataFiles(src);
  const templateDir = (kind: string) => join(store, "templates", kind);
  const templateCode = (kind: string) => readFile(join(templateDir(kind), ".code"), "utf8").catch(() => null);

  /** Whether a page can be written now: it is kept (as itself or as its template) and every file it registers is there. */
  const ready = async (kept: string | null, page: string) => {
    if (kept == null) return false;
    for (const file of registeredFiles(page, kept)) if (!(await data.get(file))) return false;
    return true;
  };
  const templatePage = async (u: Unit, page: string) => {
    const template = await templateCode(kindOf(u));
    if (!template) return null;
    const html = await readFile(join(templateDir(kindOf(u)), `${page.replace(u.code, template)}.html`), "utf8").catch(() => null);
    return html == null ? null : fromTemplate(html, template, u.code);
  };
  const unitReady = async (u: Unit) => {
    for (const page of u.paths) if (!(await ready(await templatePage(u, page), page))) return false;
    return true;
  };

  let framework = 0;
  let n = 0;
  const rendered = new Set<Unit>();
  /** Renders units (and the site pages) with Framework, in shards, and keeps templates, site pages and code assets. */
  const renderUnits = async (render: Unit[], withSite: boolean) => {
    const began = performance.now();
    const parallel = render.length >= SHARD_FROM ? Math.max(1, Math.min(shards, Math.floor(render.length / (SHARD_FROM / 2)))) : 1;
    const count = Math.max(parallel, Math.ceil(render.length / UNITS_PER_SHARD));
    n = Math.max(n, count);
    // Shard 0 from src/ (with the site pages), the others each from a mirror of their own.
    const shardRoot = join(root, ".buurtboek", "shards");
    const outs: string[] = [];
    const jobs: (() => Promise<void>)[] = [];
    for (let s = 0; s < count; s++) {
      const dir = join(shardRoot, String(s));
      await mkdir(dir, {recursive: true});
      const out = join(dir, "out");
      outs.push(out);
      const paths = [...(s === 0 && withSite ? site : []), ...render.filter((_, i) => i % count === s).flatMap((u) => u.paths)];
      jobs.push(async () => frameworkBuild(root, s === 0 ? src : await mirrorSource(root, join(dir, "src")), out, paths, dir));
    }
    const limit = pLimit(parallel);
    await Promise.all(jobs.map((job) => limit(job)));
    const fresh = join(shardRoot, "fresh");
    await rm(fresh, {recursive: true, force: true});
    await rename(outs[0], fresh);
    for (const out of outs.slice(1)) {
      await mergeInto(out, fresh);
      await rm(out, {recursive: true, force: true});
    }
    // The first rendered gemeente of a kind without a template becomes its template.
    for (const u of render) {
      rendered.add(u);
      const kind = kindOf(u);
      if (await templateCode(kind)) continue;
      const temp = `${templateDir(kind)}.tmp-${process.pid}`;
      await rm(temp, {recursive: true, force: true});
      for (const page of u.paths) await place(join(fresh, `${page}.html`), join(temp, `${page}.html`));
      await writeFile(join(temp, ".code"), u.code);
      await mkdir(dirname(templateDir(kind)), {recursive: true});
      await rename(temp, templateDir(kind));
    }
    // Code assets are only added: a render of a few gemeenten brings what their pages use, not all the site's.
    const siteTemp = join(store, `site.tmp-${process.pid}`);
    await rm(siteTemp, {recursive: true, force: true});
    const siteList: string[] = [];
    for (const file of await walk(fresh)) {
      if (file.endsWith(".html")) {
        if (!withSite || file.startsWith("gemeente/")) continue;
        await place(join(fresh, file), join(siteTemp, file));
        siteList.push(pageOf(file));
      } else if (!file.startsWith("_file/data/")) await place(join(fresh, file), join(store, "code", file));
    }
    await writeFile(join(store, "code", ".complete"), "");
    if (withSite) {
      await writeFile(join(siteTemp, ".pages"), JSON.stringify(siteList.sort()));
      await rm(join(store, "site"), {recursive: true, force: true});
      await rename(siteTemp, join(store, "site"));
    }
    // Framework's copies of the data files and the other gemeenten' pages are not needed any more.
    await rm(fresh, {recursive: true, force: true});
    framework += (performance.now() - began) / 1000;
  };

  // 1. What has no template yet (the first gemeente of each kind), and the site pages when they are not kept.
  const firstOfKind = new Map<string, Unit>();
  for (const u of units) if (!firstOfKind.has(kindOf(u))) firstOfKind.set(kindOf(u), u);
  const untemplated: Unit[] = [];
  for (const [kind, u] of firstOfKind) if (!(await templateCode(kind))) untemplated.push(u);
  const sitePages = JSON.parse(await readFile(join(store, "site", ".pages"), "utf8").catch(() => "null")) as string[] | null;
  let siteReady = sitePages != null && existsSync(join(store, "code", ".complete"));
  for (const page of sitePages ?? []) if (siteReady) siteReady = await ready(await readFile(join(store, "site", `${page}.html`), "utf8").catch(() => null), page);
  const first = RENDER_ALL ? units : untemplated;
  if (first.length || !siteReady) await renderUnits(first, true);
  // 2. Gemeenten whose data files are not all there yet: rendering them makes Framework run those loaders.
  const unready: Unit[] = [];
  for (const u of units) if (!rendered.has(u) && !(await unitReady(u))) unready.push(u);
  if (unready.length) await renderUnits(unready, false);

  // 3. The site: the code assets, then every page with its current data entries, and those data files.
  const dist = join(root, "dist");
  await rm(dist, {recursive: true, force: true});
  for (const file of await walk(join(store, "code"))) {
    if (file === ".complete") continue;
    // postbuild rewrites Framework's client scripts in place: those are copied, so the kept ones stay as rendered.
    if (file.startsWith("_observablehq/") && file.endsWith(".js")) {
      await mkdir(dirname(join(dist, file)), {recursive: true});
      await copyFile(join(store, "code", file), join(dist, file));
    } else await place(join(store, "code", file), join(dist, file));
  }
  const write = async (page: string, kept: string) => {
    const current = await currentPage(page, kept, data);
    await mkdir(dirname(join(dist, `${page}.html`)), {recursive: true});
    await writeFile(join(dist, `${page}.html`), current.html);
    for (const [alias, source] of current.files) await place(source, join(dist, alias));
  };
  const pagesOfSite = JSON.parse(await readFile(join(store, "site", ".pages"), "utf8")) as string[];
  for (const page of pagesOfSite) await write(page, await readFile(join(store, "site", `${page}.html`), "utf8"));
  for (const u of units) for (const page of u.paths) await write(page, (await templatePage(u, page))!);
  const now = new Date();
  await utimes(store, now, now);
  await verifyReferences(dist);
  await collectGarbage(join(root, ".buurtboek", "pages"));
  const pages = units.reduce((a, u) => a + u.paths.length, 0) + pagesOfSite.length;
  const report: PagesReport = {pages, units: units.length, rendered: [...rendered].map((u) => u.code), reused: units.length - rendered.size, shards: n, seconds: (performance.now() - start) / 1000};
  log?.(`pages: ${units.length} gemeenten, ${rendered.size} rendered${n > 1 ? ` in ${n} processes` : ""}, ${report.reused} from a template, in ${report.seconds.toFixed(1)} s${n ? ` (Framework ${framework.toFixed(1)} s)` : " (no rendering: data only)"}`);
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

