/**
 * The atomic switch of `data pull` from the old snapshots and lock to the new ones.
 *
 * A pull writes the complete new state (every snapshot file, including unchanged ones, and the lock) into a
 * staging folder `<data>/.pull-staging-<pid>/`. One rename of that folder to `<data>/.pull-commit` is the commit
 * point. After it the new state is authoritative and the switch rolls forward: the old `snapshots/` moves into the
 * commit folder, the new `snapshots/` and `data.lock.json` move into place, and the commit folder (holding the old
 * files) is removed. Every step can be repeated, so a kill anywhere is finished by the next `workspace()` call
 * (see paths.ts): before the commit rename the old state stays, after it the new state appears. Nothing else ever
 * writes into `snapshots/` or the lock.
 */
import {existsSync, fsyncSync, openSync, closeSync, readdirSync, renameSync, rmSync} from "node:fs";
import {link, mkdir, readdir, rm, copyFile} from "node:fs/promises";
import {join} from "node:path";
import {writeFileAtomic} from "./atomic.js";

/** The folder whose existence says "the new state is committed; finish moving it into place". */
export const COMMIT_DIR = ".pull-commit";
const STAGING = /^\.pull-staging-(\d+)$/;

/** A staged generation: the complete new state, not yet visible. */
export interface Generation {
  dir: string;
  snapshotsDir: string;
  lockPath: string;
}

/**
 * Test hook: `BUURTBOEK_TEST_PAUSE_AT=<step>` stops the pull at that step of the switch (printing
 * `switch: paused at <step>` on stderr) so a test can kill it exactly there.
 */
const pauseAt = process.env.BUURTBOEK_TEST_PAUSE_AT ?? "";

/** The steps of the switch after the commit rename, in order; each is idempotent. */
export const SWITCH_STEPS = ["committed", "old-moved", "snapshots-moved", "lock-moved"] as const;

async function pause(step: string): Promise<void> {
  if (step !== pauseAt) return;
  process.stderr.write(`switch: paused at ${step}\n`);
  await new Promise(() => setTimeout(() => {}, 2 ** 31 - 1));
}

/** Flushes a folder's entries (renames) to disk; best effort where the platform cannot open folders. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported here (e.g. Windows); the rename itself is still atomic.
  }
}

/** Renames unless the source is already gone (another process finished this step). */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** One step of rolling a committed switch forward in `dataDir`. */
function runStep(dataDir: string, step: (typeof SWITCH_STEPS)[number]): void {
  const commit = join(dataDir, COMMIT_DIR);
  const snapshots = join(dataDir, "snapshots");
  switch (step) {
    case "committed":
      return;
    case "old-moved":
      // Park the old snapshots inside the commit folder, so they go when it goes.
      if (existsSync(join(commit, "snapshots")) && existsSync(snapshots) && !existsSync(join(commit, "previous-snapshots"))) {
        move(snapshots, join(commit, "previous-snapshots"));
      }
      return;
    case "snapshots-moved":
      if (existsSync(join(commit, "snapshots")) && !existsSync(snapshots)) move(join(commit, "snapshots"), snapshots);
      return;
    case "lock-moved":
      if (existsSync(join(commit, "data.lock.json"))) move(join(commit, "data.lock.json"), join(dataDir, "data.lock.json"));
      syncDir(dataDir);
      return;
  }
}

/**
 * Finishes a switch that was committed but interrupted (synchronous, so path resolution can call it).
 * Returns true when there was one to finish. A no-op costing one `existsSync` otherwise.
 */
export function finishSwitch(dataDir: string): boolean {
  if (!existsSync(join(dataDir, COMMIT_DIR))) return false;
  for (const step of SWITCH_STEPS) runStep(dataDir, step);
  rmSync(join(dataDir, COMMIT_DIR), {recursive: true, force: true});
  return true;
}

/** Creates an empty staging generation for this process. */
export async function stageGeneration(dataDir: string): Promise<Generation> {
  const dir = join(dataDir, `.pull-staging-${process.pid}`);
  await rm(dir, {recursive: true, force: true});
  await mkdir(join(dir, "snapshots"), {recursive: true});
  return {dir, snapshotsDir: join(dir, "snapshots"), lockPath: join(dir, "data.lock.json")};
}

/** Adds an unchanged file to the generation: a hard link (snapshot files are never changed in place) or a copy. */
export async function carryOver(from: string, gen: Generation, file: string): Promise<void> {
  await link(from, join(gen.snapshotsDir, file)).catch(() => copyFile(from, join(gen.snapshotsDir, file)));
}

/** Writes a new file into the generation, flushed to disk. */
export function stageFile(gen: Generation, file: string, text: string): Promise<void> {
  return writeFileAtomic(join(gen.snapshotsDir, file), text);
}

/** Makes the staged generation the workspace's state: one rename commits it, then the switch rolls forward. */
export async function commitGeneration(dataDir: string, gen: Generation): Promise<void> {
  finishSwitch(dataDir);
  syncDir(gen.snapshotsDir);
  syncDir(gen.dir);
  await pause("staged");
  renameSync(gen.dir, join(dataDir, COMMIT_DIR));
  syncDir(dataDir);
  for (const step of SWITCH_STEPS) {
    runStep(dataDir, step);
    await pause(step);
  }
  await rm(join(dataDir, COMMIT_DIR), {recursive: true, force: true});
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes staging folders of pulls that died before their commit (their process is gone), and older leftovers. */
export async function cleanAbandoned(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    const m = STAGING.exec(name);
    if (m && !alive(Number(m[1]))) await rm(join(dataDir, name), {recursive: true, force: true});
  }
  // Leftovers of the file-by-file commit this module replaced.
  const snapshots = join(dataDir, "snapshots");
  for (const name of existsSync(snapshots) ? readdirSync(snapshots) : []) {
    if (/^\.staging-\d+$|\.tmp-\d+$/.test(name)) await rm(join(snapshots, name), {recursive: true, force: true});
  }
}
