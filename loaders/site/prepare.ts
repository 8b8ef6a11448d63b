/**
 * The build's pre-step: every data asset the pages read, made once per dataset rather than once per gemeente.
 *
 * Framework runs a data loader as a process of its own for each file a page reads: five `tsx` processes of about a
 * second per gemeente, some 27 minutes for the whole country. Here one process reads the workspace and writes every
 * gemeente's assets (gemeente.ts) and the site-wide ones (assets.ts) straight into Framework's loader cache, where
 * a build takes an existing output as it is. Outputs are kept in a content-addressed store,
 * `.buurtboek/site/<key>/`, keyed on everything they are made from (the gemeente's manifest entries, lock entries
 * and snapshot files, the workspace's name and the loader code), so an unchanged gemeente costs a hash and a link.
 * Many misses (a cold build) are split over child processes, one per core.
 *
 * The loaders stay as they are: `npm run dev` and Studio run them on demand, and they make the same bytes.
 */
import {spawn} from "node:child_process";
import {hashParts} from "../snapshot/hash.js";
import {collectGarbage} from "./store.js";
import {existsSync} from "node:fs";
import {link, mkdir, readFile, rename, rm, stat, unlink, utimes, writeFile, copyFile} from "node:fs/promises";
import {availableParallelism} from "node:os";
import {join, relative} from "node:path";
import {studiesOf} from "../kwb/study.js";
import {CODE, files} from "../snapshot/cache.js";
import {stableJson} from "../snapshot/json.js";
import {readLock, type Lock} from "../snapshot/lock.js";
import type {Manifest} from "../snapshot/manifest.js";
import {repoRoot, type Workspace} from "../snapshot/paths.js";
import {memoReader} from "../snapshot/reader.js";
import {datasetsOfGemeente, gemeenteAsset, GEMEENTE_ASSETS} from "./gemeente.js";
import {SITE_ASSETS, siteAsset} from "./assets.js";
import {gemeenteSummary, type GemeenteSummary} from "./summary.js";

/** The file beside a gemeente's assets that holds its summary (not a page asset). */
export const SUMMARY = "summary.json";

/** Below this many gemeenten to compute, child processes cost more than they save. */
const IN_PROCESS = 12;

/** How the pre-step went. */
export interface PrepareReport {
  gemeenten: number;
  /** Gemeenten whose assets were computed (the others came from the store). */
  computed: string[];
  national: "computed" | "stored";
  workers: number;
  seconds: number;
}

/** One gemeente to prepare: its code and the key of its inputs. */
export interface Item {
  code: string;
  key: string;
}


/** A hash of the code that makes the assets (the same folders the loader-cache stamp covers). */
export async function codeStamp(root = repoRoot): Promise<string> {
  const parts: (string | Buffer)[] = [];
  for (const dir of CODE) for (const f of await files(join(root, dir))) parts.push(relative(root, f), await readFile(f));
  return hashParts(parts);
}

/** A lock entry without its request URLs: pages never show those, and a national pass lists every gemeente's. */
function entryForKey(lock: Lock, name: string): string {
  const entry = lock.datasets[name];
  if (!entry) throw new Error(`${name}: not in the data lock; run \`buurtboek data pull ${name}\``);
  const {requests: _requests, ...source} = entry.source;
  return stableJson({...entry, source});
}

/** The key of a gemeente's assets: everything they are made from. */
async function gemeenteKey(ws: Workspace, manifest: Manifest, lock: Lock, code: string, stamp: string): Promise<string> {
  const names = datasetsOfGemeente(manifest, ws.snapshotsDir, code);
  const parts: (string | Buffer)[] = [stamp, "gemeente", code, stableJson({name: manifest.name, title: manifest.title, demo: Boolean(manifest.demo), municipality: manifest.municipality ?? null})];
  for (const name of names) {
    parts.push(stableJson(manifest.datasets.find((d) => d.name === name)), entryForKey(lock, name));
    for (const file of Object.keys(lock.datasets[name].files).sort()) parts.push(file, await readFile(join(ws.snapshotsDir, file)));
  }
  return hashParts(parts);
}

/** Makes a gemeente's assets and summary into `dir` (written beside it, then renamed into place). */
export async function computeGemeente(ws: Workspace, code: string, dir: string, read = memoReader(), lock?: Lock | null): Promise<GemeenteSummary> {
  const temp = `${dir}.tmp-${process.pid}`;
  await rm(temp, {recursive: true, force: true});
  await mkdir(temp, {recursive: true});
  for (const asset of GEMEENTE_ASSETS) await writeFile(join(temp, asset), await gemeenteAsset(ws, code, asset, {read, lock}));
  const summary = await gemeenteSummary(ws, code, {read, lock});
  await writeFile(join(temp, SUMMARY), JSON.stringify(summary));
  await rm(dir, {recursive: true, force: true});
  await rename(temp, dir);
  return summary;
}

/** Computes the items in child processes (`worker.ts`), one per core, each with its share. */
async function computeInChildren(ws: Workspace, items: Item[], store: string, workers: number, root: string): Promise<void> {
  const shares = Array.from({length: workers}, (_, w) => items.filter((_, i) => i % workers === w));
  const tsx = join(root, "node_modules", ".bin", "tsx");
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((ok, fail) => {
          const child = spawn(tsx, [join(root, "loaders/site/worker.ts")], {cwd: root, stdio: ["pipe", "inherit", "inherit"]});
          child.stdin.end(JSON.stringify({dataDir: ws.dataDir, store, items: share}));
          child.on("error", fail);
          child.on("close", (code) => (code === 0 ? ok() : fail(new Error(`the pre-step's worker exited with code ${code}`))));
        })
    )
  );
}

/** Puts a stored file at Framework's cache path of a loader output: a hard link, else a copy with the same time. */
async function place(from: string, to: string): Promise<void> {
  const [a, b] = await Promise.all([stat(from), stat(to).catch(() => null)]);
  if (b && a.ino === b.ino && a.dev === b.dev) return;
  await mkdir(join(to, ".."), {recursive: true});
  if (b) await unlink(to);
  await link(from, to).catch(async () => {
    await copyFile(from, to);
    await utimes(to, a.atime, a.mtime);
  });
}


/**
 * Prepares every data asset of the workspace into Framework's loader cache under `root`; returns what it did.
 * `workers`: child processes for a cold start (default one per core, at most 4).
 */
export async function prepareSite(ws: Workspace, {root = repoRoot, workers = Math.min(4, availableParallelism()), log}: {root?: string; workers?: number; log?: (line: string) => void} = {}): Promise<PrepareReport> {
  const start = performance.now();
  if (!existsSync(ws.manifestPath)) {
    log?.(`pre-step: no manifest in ${ws.dataDir}; nothing to prepare`);
    return {gemeenten: 0, computed: [], national: "stored", workers: 0, seconds: 0};
  }
  const read = memoReader();
  const manifest = await read.manifest(ws);
  const lock = await readLock(ws.lockPath);
  if (!lock) throw new Error(`${ws.lockPath}: no data lock; run \`buurtboek data pull\` or \`buurtboek demo\``);
  const store = join(root, ".buurtboek", "site");
  const cache = join(root, "src", ".observablehq", "cache", "data");
  await mkdir(store, {recursive: true});
  const stamp = await codeStamp(root);
  const items: Item[] = [];
  for (const s of studiesOf(manifest)) items.push({code: s.code, key: `g-${await gemeenteKey(ws, manifest, lock, s.code, stamp)}`});
  const missing = items.filter((i) => !existsSync(join(store, i.key, SUMMARY)));
  const children = missing.length > IN_PROCESS ? Math.max(1, Math.min(workers, Math.ceil(missing.length / IN_PROCESS))) : 0;
  if (children > 1) await computeInChildren(ws, missing, store, children, root);
  else for (const i of missing) {
    await computeGemeente(ws, i.code, join(store, i.key), read, lock);
    read.forget((key) => !key.startsWith("manifest:"));
  }
  const now = new Date();
  const summaries: GemeenteSummary[] = [];
  for (const i of items) {
    const dir = join(store, i.key);
    await utimes(dir, now, now);
    for (const asset of GEMEENTE_ASSETS) await place(join(dir, asset), join(cache, "gemeente", i.code, asset));
    summaries.push(JSON.parse(await readFile(join(dir, SUMMARY), "utf8")));
  }

  // The site-wide assets depend on every gemeente, the gemeenten's boundaries and the whole lock.
  const boundaries = manifest.datasets.filter((d) => d.kind === "geometry" && d.collections).map((d) => d.name);
  const nationalParts: (string | Buffer)[] = [stamp, "site", stableJson(manifest), stableJson(lock), ...items.map((i) => i.key)];
  for (const name of boundaries) for (const file of Object.keys(lock.datasets[name]?.files ?? {})) nationalParts.push(await readFile(join(ws.snapshotsDir, file)));
  const nationalKey = `n-${hashParts(nationalParts)}`;
  const nationalDir = join(store, nationalKey);
  const national = existsSync(join(nationalDir, SITE_ASSETS.at(-1)!)) ? "stored" : "computed";
  if (national === "computed") {
    const temp = `${nationalDir}.tmp-${process.pid}`;
    await rm(temp, {recursive: true, force: true});
    await mkdir(temp, {recursive: true});
    const ctx = {read, lock, summaries};
    for (const asset of SITE_ASSETS) await writeFile(join(temp, asset), await siteAsset(ws, asset, ctx));
    await rm(nationalDir, {recursive: true, force: true});
    await rename(temp, nationalDir);
  }
  await utimes(nationalDir, now, now);
  for (const asset of SITE_ASSETS) await place(join(nationalDir, asset), join(cache, asset));
  await collectGarbage(store);
  const report: PrepareReport = {gemeenten: items.length, computed: missing.map((i) => i.code), national, workers: children, seconds: (performance.now() - start) / 1000};
  log?.(`pre-step: ${report.gemeenten} gemeenten, ${report.computed.length} computed${children > 1 ? ` in ${children} processes` : ""}, site assets ${national}, in ${report.seconds.toFixed(1)} s`);
  return report;
}
