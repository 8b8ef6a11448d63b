/**
 * Keeps Framework's loader cache honest. Framework 1.13 reuses a loader's cached output while the loader
 * file is unchanged, even when the snapshots it reads have changed. We stamp the cache with a hash of the
 * data folder's lock and snapshots and drop the cached `src/data` outputs when the stamp differs.
 * Runs before every preview (`predev`) and after every pull; `npm run build` clears the cache outright.
 */
import {mkdir, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {join, resolve} from "node:path";
import {sha256} from "./hash.js";
import {repoRoot, workspace, type Workspace} from "./paths.js";

/** Where Framework caches the outputs of loaders under `src/data/`. */
export function loaderCacheDir(root = repoRoot): string {
  return resolve(root, "src/.observablehq/cache/data");
}

/** A hash of everything the src/data loaders read: the data folder path, the lock and every snapshot file. */
export async function snapshotStamp(ws: Workspace): Promise<string> {
  const parts = [ws.dataDir, await readFile(ws.lockPath, "utf8").catch(() => "")];
  const files = (await readdir(ws.snapshotsDir).catch(() => [] as string[])).filter((f) => !f.startsWith(".")).sort();
  for (const f of files) parts.push(f, sha256(await readFile(join(ws.snapshotsDir, f))));
  return sha256(parts.join("\n"));
}

/** Drops the cached loader outputs when the snapshots changed since they were made. Returns true if dropped. */
export async function syncLoaderCache(ws: Workspace = workspace(), root = repoRoot): Promise<boolean> {
  const dir = loaderCacheDir(root);
  const stampFile = join(dir, ".snapshots-stamp");
  const stamp = await snapshotStamp(ws);
  if ((await readFile(stampFile, "utf8").catch(() => null)) === stamp) return false;
  await rm(dir, {recursive: true, force: true});
  await mkdir(dir, {recursive: true});
  await writeFile(stampFile, stamp);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(repoRoot, "loaders/snapshot/cache.ts")) {
  const dropped = await syncLoaderCache();
  if (dropped) console.log("snapshots changed: cleared Framework's cached src/data outputs");
}
