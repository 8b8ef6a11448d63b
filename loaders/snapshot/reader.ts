/**
 * Reading a workspace's manifest and snapshots, once. A data loader builds one asset and reads what it needs; the
 * build's pre-step (loaders/site/prepare.ts) builds every asset of every gemeente in one process, and with a
 * memoising reader each manifest, table and JSON file is parsed once however many assets use it.
 */
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import type {TableData, TableSchema} from "./table.js";
import {loadManifest, type Manifest} from "./manifest.js";
import type {Workspace} from "./paths.js";
import {readTableSnapshot} from "./snapshot.js";

/** What readers of a workspace ask for. */
export interface SnapshotReader {
  manifest(ws: Workspace): Promise<Manifest>;
  /** A table snapshot (`<name>.csv` + schema). */
  table(ws: Workspace, name: string): Promise<{schema: TableSchema; table: TableData}>;
  /** A JSON file in snapshots/ (`<name>.editions.json`, `<name>.topojson`). */
  json<T>(ws: Workspace, file: string): Promise<T>;
}

/** Reads from disk every time (one loader, one asset). */
export const directReader: SnapshotReader = {
  manifest: (ws) => loadManifest(ws.manifestPath),
  table: (ws, name) => readTableSnapshot(ws.snapshotsDir, name),
  json: async (ws, file) => JSON.parse(await readFile(join(ws.snapshotsDir, file), "utf8"))
};

/**
 * Reads each file once and hands out the same object afterwards; callers must not change what they get. `forget`
 * drops a gemeente's files once its assets are written, so a national build holds one gemeente's tables at a time.
 */
export function memoReader(): SnapshotReader & {forget(match: (key: string) => boolean): void} {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let p = cache.get(key) as Promise<T> | undefined;
    if (!p) cache.set(key, (p = load()));
    return p;
  };
  return {
    manifest: (ws) => once(`manifest:${ws.manifestPath}`, () => directReader.manifest(ws)),
    table: (ws, name) => once(`table:${ws.snapshotsDir}:${name}`, () => directReader.table(ws, name)),
    json: <T>(ws: Workspace, file: string) => once(`json:${ws.snapshotsDir}:${file}`, () => directReader.json<T>(ws, file)),
    forget(match) {
      for (const key of [...cache.keys()]) if (match(key)) cache.delete(key);
    }
  };
}
