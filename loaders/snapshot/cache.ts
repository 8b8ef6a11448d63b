/**
 * Keeps Framework's loader cache honest. Framework 1.13 reuses a loader's cached output while the loader
 * file is unchanged, even when the snapshots it reads, or the modules it imports, have changed. We stamp the
 * cache with a hash of every input of the `src/data` loaders (the data folder's lock and snapshots, the code under
 * loaders/ and src/, and the shared context files the take-up page reads) and drop the cached outputs when the
 * stamp differs, so an unchanged workspace builds warm and a changed one never ships stale numbers.
 * Runs before every build and preview, and after every pull.
 */
import {mkdir, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {join, relative, resolve} from "node:path";
import {contextFiles} from "../municipal/context.js";
import {sha256} from "./hash.js";
import {repoRoot, workspace, type Workspace} from "./paths.js";

/** Code the loaders run: their own folder, the shared modules they import, and the dependency versions. */
export const CODE = ["loaders", "src/data", "src/lib", "src/components", "package-lock.json"];

/** Where Framework caches the outputs of loaders under `src/data/`. */
export function loaderCacheDir(root = repoRoot): string {
  return resolve(root, "src/.observablehq/cache/data");
}

/** Every file under `path` (or `path` itself when it is a file), sorted; dot-files left out. */
export async function files(path: string): Promise<string[]> {
  const entries = await readdir(path, {withFileTypes: true}).catch(() => null);
  if (entries === null) return (await readFile(path).then(() => true, () => false)) ? [path] : [];
  const nested = await Promise.all(
    entries.filter((e) => !e.name.startsWith(".")).map((e) => (e.isDirectory() ? files(join(path, e.name)) : [join(path, e.name)]))
  );
  return nested.flat().sort();
}

/**
 * A hash of everything the src/data loaders read: the data folder path, its lock and snapshots, the code, and the
 * files of the shared folder (`BUURTBOEK_SHARED` or ../shared) the take-up page shows as context, present or not.
 */
export async function inputStamp(ws: Workspace, root = repoRoot): Promise<string> {
  const parts = [ws.dataDir, await readFile(ws.lockPath, "utf8").catch(() => "")];
  for (const f of await files(ws.snapshotsDir)) parts.push(relative(ws.snapshotsDir, f), sha256(await readFile(f)));
  for (const dir of CODE) for (const f of await files(join(root, dir))) parts.push(relative(root, f), sha256(await readFile(f)));
  for (const f of Object.values(contextFiles())) parts.push(f, await readFile(f).then(sha256, () => "absent"));
  return sha256(parts.join("\n"));
}

/** Drops the cached loader outputs when any input changed since they were made. Returns true if dropped. */
export async function syncLoaderCache(ws: Workspace = workspace(), root = repoRoot): Promise<boolean> {
  const dir = loaderCacheDir(root);
  const stampFile = join(dir, ".inputs-stamp");
  const stamp = await inputStamp(ws, root);
  if ((await readFile(stampFile, "utf8").catch(() => null)) === stamp) return false;
  await rm(dir, {recursive: true, force: true});
  await mkdir(dir, {recursive: true});
  await writeFile(stampFile, stamp);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(repoRoot, "loaders/snapshot/cache.ts")) {
  const dropped = await syncLoaderCache();
  if (dropped) console.log("data or loader code changed: cleared Framework's cached src/data outputs");
}
