/**
 * Where a workspace keeps its data: the manifest, the snapshots and the lock.
 * The data folder is `BUURTBOEK_DATA_DIR` when set (tests build from a temporary workspace), else `<repo>/data`.
 */
import {dirname, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {finishSwitch} from "./switch.js";

/** The repository root (the folder holding package.json). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Paths of one workspace's data files. */
export interface Workspace {
  /** The data folder. */
  dataDir: string;
  /** `workspace.json`: the declarative list of datasets. */
  manifestPath: string;
  /** `snapshots/`: one sorted CSV + schema JSON (or one TopoJSON) per dataset. */
  snapshotsDir: string;
  /** `data.lock.json`: provenance and hashes of every snapshot. */
  lockPath: string;
}

/** The data folder: an explicit argument, else `BUURTBOEK_DATA_DIR`, else `<repo>/data`. */
export function defaultDataDir(): string {
  return resolve(process.env.BUURTBOEK_DATA_DIR || resolve(repoRoot, "data"));
}

/**
 * Resolves the files of the workspace in `dataDir` (default: {@link defaultDataDir}). A `data pull` that was killed
 * after its commit point is finished first (switch.ts), so every reader sees the old state or the new one.
 */
export function workspace(dataDir: string = defaultDataDir()): Workspace {
  const dir = resolve(dataDir);
  finishSwitch(dir);
  return {
    dataDir: dir,
    manifestPath: resolve(dir, "workspace.json"),
    snapshotsDir: resolve(dir, "snapshots"),
    lockPath: resolve(dir, "data.lock.json")
  };
}
