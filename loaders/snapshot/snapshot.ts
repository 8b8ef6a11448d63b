/**
 * Snapshots on disk: render a fetched dataset to its files, commit a set of them atomically (switch.ts),
 * and read them back. Tables are `<name>.csv` + `<name>.schema.json`; geometries are `<name>.topojson`.
 */
import {readdir, readFile, rm} from "node:fs/promises";
import {join} from "node:path";
import type {Topology} from "topojson-specification";
import {writeFileAtomic} from "./atomic.js";
import {sha256} from "./hash.js";
import {stableJson} from "./json.js";
import {lockJson, readLock, TOOL, type Lock, type LockEntry, type LockSource} from "./lock.js";
import type {Workspace} from "./paths.js";
import {carryOver, cleanAbandoned, commitGeneration, stageFile, stageGeneration} from "./switch.js";
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
      /** Files for the workspace's git-ignored `private/` folder (never snapshots/ or the lock), by path inside it. */
      privateFiles?: Record<string, string>;
    }
  | {name: string; title: string; kind: "geometry"; topology: Topology; source: LockSource; fetchedAt: string};

/** A snapshot rendered to file contents, with the lock entry that describes them. */
export interface RenderedSnapshot {
  name: string;
  files: Record<string, string>;
  entry: LockEntry;
  /** Written into `<data>/private/` after the commit (a municipal dataset's private audit). */
  privateFiles?: Record<string, string>;
}

/** Renders a snapshot to its text files and lock entry. */
export function renderSnapshot(snapshot: Snapshot): RenderedSnapshot {
  const files: Record<string, string> = {};
  let rows: number;
  let columns: number;
  if (snapshot.kind === "table") {
    files[`${snapshot.name}.csv`] = tableToCsv(snapshot.table, snapshot.name);
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
  return {name: snapshot.name, files, entry, ...(snapshot.kind === "table" && snapshot.privateFiles ? {privateFiles: snapshot.privateFiles} : {})};
}

/** Workspace-level facts recorded at the top of the lock. */
export type LockWorkspace = Lock["workspace"];

/**
 * Commits rendered snapshots and the new lock as one atomic switch (switch.ts): the complete new state is staged,
 * then one rename commits it. Files of datasets not pulled this time are carried over unchanged; files of datasets
 * dropped from the manifest (`keep`) and files a dataset no longer has are left behind with the old state.
 */
export async function commitSnapshots(
  ws: Workspace,
  rendered: RenderedSnapshot[],
  meta: LockWorkspace,
  {keep}: {keep?: string[]} = {}
): Promise<Lock> {
  const old = await readLock(ws.lockPath);
  const lock: Lock = {lockfileVersion: 1, workspace: meta, datasets: {...(old?.datasets ?? {})}};
  for (const r of rendered) lock.datasets[r.name] = r.entry;
  const dropped = keep ? Object.keys(lock.datasets).filter((name) => !keep.includes(name)) : [];
  for (const name of dropped) delete lock.datasets[name];
  // Files the old state has that the new one must not: replaced, no longer produced, or of dropped datasets.
  const leave = new Set<string>();
  for (const name of [...rendered.map((r) => r.name), ...dropped]) for (const file of Object.keys(old?.datasets[name]?.files ?? {})) leave.add(file);
  for (const r of rendered) for (const file of Object.keys(r.files)) leave.add(file);

  const gen = await stageGeneration(ws.dataDir);
  try {
    for (const r of rendered) for (const [file, text] of Object.entries(r.files)) await stageFile(gen, file, text);
    // Everything else in snapshots/ (other datasets, files the lock does not name) stays as it is.
    for (const entry of await readdir(ws.snapshotsDir, {withFileTypes: true}).catch(() => [])) {
      if (entry.isFile() && !entry.name.startsWith(".") && !leave.has(entry.name)) await carryOver(join(ws.snapshotsDir, entry.name), gen, entry.name);
    }
    await writeFileAtomic(gen.lockPath, lockJson(lock));
  } catch (error) {
    await rm(gen.dir, {recursive: true, force: true});
    throw error;
  }
  await commitGeneration(ws.dataDir, gen);
  // After the commit: a kill in between leaves the previous private file, which names the snapshot hash it describes.
  for (const r of rendered) for (const [file, text] of Object.entries(r.privateFiles ?? {})) await writeFileAtomic(join(ws.dataDir, "private", file), text);
  return lock;
}

/** Removes what killed pulls left behind before their commit. */
export function cleanStaleStaging(ws: Workspace): Promise<void> {
  return cleanAbandoned(ws.dataDir);
}

/** Reads a table snapshot (CSV + schema) from a snapshots folder. */
export async function readTableSnapshot(snapshotsDir: string, name: string): Promise<{schema: TableSchema; table: TableData}> {
  const schemaFile = join(snapshotsDir, `${name}.schema.json`);
  const csvFile = join(snapshotsDir, `${name}.csv`);
  const schema = JSON.parse(await readFile(schemaFile, "utf8")) as TableSchema;
  const rows = csvToRows(await readFile(csvFile, "utf8"), schema, csvFile);
  return {schema, table: {key: schema.key, columns: schema.columns, rows}};
}
