/** Temporary workspace data folders and file-tree helpers for tests. */
import {mkdtemp, readdir, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {workspace, type Workspace} from "../../loaders/snapshot/paths.js";

/** A fresh, empty workspace data folder in the system temp dir. */
export async function tempWorkspace(prefix = "buurtboek-ws-"): Promise<Workspace> {
  return workspace(await mkdtemp(join(tmpdir(), prefix)));
}

/** Every file under `dir` (relative paths), sorted. */
export async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, base)));
    else out.push(path.slice(base.length + 1));
  }
  return out.sort();
}

/** All files of a folder as a map of relative path → bytes. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = await listFiles(dir);
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(join(dir, f))] as const)));
}

/** Removes a temporary folder. */
export function remove(dir: string | undefined): Promise<void> {
  return dir ? rm(dir, {recursive: true, force: true}) : Promise.resolve();
}
