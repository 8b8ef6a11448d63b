/**
 * Snapshots on disk: render a fetched dataset to its files, commit a set of them atomically (lock last),
 * and read them back. Tables are `<name>.csv` + `<name>.schema.json`; geometries are `<name>.topojson`.
 */
import {mkdir, readdir, readFile, rename, rm} from "node:fs/promises";
import {join} from "node:path";
import type {Topology} from "topojson-specification";
import {writeFileAtomic} from "./atomic.js";
import {sha256} from "./hash.js";
import {stableJson} from "./json.js";
import {lockJson, readLock, TOOL, type Lock, type LockEntry, type LockSource} from "./lock.js";
import type {Workspace} from "./paths.js";
import {csvToRows, tableSchemaJson, tableToCsv, type TableData, type TableSchema} from "./table.js";

/** A dataset as fetched, before it is written. */
export type Snapshot =
  | {
      name: string;
      title: string;
      kind: "table";
      table: TableData;
      source: LockSource;
      fetchedAt: string;
      /** Extra JSON files beside the table, by suffix: `{editions: …}` becomes `<name>.editions.json`. */
      attachments?: Record<string, unknown>;
    }
  | {name: string; title: string; kind: "geometry"; topology: Topology; source: LockSource; fetchedAt: string};

/** A snapshot rendered to file contents, with the lock entry that describes them. */
export interface RenderedSnapshot {
  name: string;
  files: Record<string, string>;
  entry: LockEntry;
}

/** Renders a snapshot to its text files and lock entry. */
export function renderSnapshot(snapshot: Snapshot): RenderedSnapshot {
  const files: Record<string, string> = {};
  let rows: number;
  let columns: number;
  if (snapshot.kind === "table") {
    files[`${snapshot.name}.csv`] = tableToCsv(snapshot.table);
    files[`${snapshot.name}.schema.json`] = tableSchemaJson(snapshot.name, snapshot.table);
    for (const [suffix, value] of Object.entries(snapshot.attachments ?? {})) files[`${snapshot.name}.${suffix}.json`] = stableJson(value);
    rows = snapshot.table.rows.length;
    columns = snapshot.table.columns.length;
  } else {
    files[`${snapshot.name}.topojson`] = stableJson(snapshot.topology);
    const objects = Object.values(snapshot.topology.objects);
    rows = objects.reduce((n, o) => n + ("geometries" in o ? o.geometries.length : 1), 0);
    columns = objects.length;
  }
  const entry: LockEntry = {
    kind: snapshot.kind,
    title: snapshot.title,
    source: snapshot.source,
    fetched_at: snapshot.fetchedAt,
    rows,
    columns,
    files: Object.fromEntries(Object.entries(files).map(([f, text]) => [f, sha256(text)])),
    tool: TOOL
  };
  return {name: snapshot.name, files, entry};
}

/** Workspace-level facts recorded at the top of the lock. */
export type LockWorkspace = Lock["workspace"];

/**
 * Writes rendered snapshots and then the lock. Every file is first written in full to a staging folder
 * (`snapshots/.staging-<pid>/`), then renamed into place, and the lock is written last, atomically.
 * Killing the process before the renames leaves the old snapshots and lock untouched.
 */
export async function commitSnapshots(
  ws: Workspace,
  rendered: RenderedSnapshot[],
  meta: LockWorkspace,
  {keep}: {keep?: string[]} = {}
): Promise<Lock> {
  const lockPath = ws.lockPath;
  await mkdir(ws.snapshotsDir, {recursive: true});
  const staging = join(ws.snapshotsDir, `.staging-${process.pid}`);
  await rm(staging, {recursive: true, force: true});
  for (const r of rendered) for (const [file, text] of Object.entries(r.files)) await writeFileAtomic(join(staging, file), text);
  const old = await readLock(lockPath);
  const lock: Lock = {lockfileVersion: 1, workspace: meta, datasets: {...(old?.datasets ?? {})}};
  for (const r of rendered) {
    // Remove files the dataset no longer has (e.g. a table that became a geometry).
    for (const file of Object.keys(old?.datasets[r.name]?.files ?? {})) {
      if (!(file in r.files)) await rm(join(ws.snapshotsDir, file), {force: true});
    }
    for (const file of Object.keys(r.files)) await rename(join(staging, file), join(ws.snapshotsDir, file));
    lock.datasets[r.name] = r.entry;
  }
  await rm(staging, {recursive: true, force: true});
  // Datasets dropped from the manifest leave the lock; their files are removed after the lock no longer names them.
  const dropped = keep ? Object.keys(lock.datasets).filter((name) => !keep.includes(name)) : [];
  const orphans = dropped.flatMap((name) => Object.keys(lock.datasets[name].files));
  for (const name of dropped) delete lock.datasets[name];
  await writeFileAtomic(lockPath, lockJson(lock));
  for (const file of orphans) await rm(join(ws.snapshotsDir, file), {force: true});
  return lock;
}

/** Removes staging folders and temporary files left behind by killed pulls. */
export async function cleanStaleStaging(ws: Workspace): Promise<void> {
  const entries = await readdir(ws.snapshotsDir).catch(() => [] as string[]);
  for (const name of entries) if (/^\.staging-\d+$|\.tmp-\d+$/.test(name)) await rm(join(ws.snapshotsDir, name), {recursive: true, force: true});
}

/** Reads a table snapshot (CSV + schema) from a snapshots folder. */
export async function readTableSnapshot(snapshotsDir: string, name: string): Promise<{schema: TableSchema; table: TableData}> {
  const schemaFile = join(snapshotsDir, `${name}.schema.json`);
  const csvFile = join(snapshotsDir, `${name}.csv`);
  const schema = JSON.parse(await readFile(schemaFile, "utf8")) as TableSchema;
  const rows = csvToRows(await readFile(csvFile, "utf8"), schema, csvFile);
  return {schema, table: {key: schema.key, columns: schema.columns, rows}};
}
