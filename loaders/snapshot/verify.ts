/**
 * `buurtboek data verify`: checks offline that every snapshot matches its lock entry (files present, sha256,
 * schema, row and column counts). With `live`, also asks each source whether a newer version exists.
 */
import {readdir, readFile} from "node:fs/promises";
import {join, relative} from "node:path";
import {sha256} from "./hash.js";
import {readLock, type LockEntry} from "./lock.js";
import {loadManifest, type Dataset, type Manifest} from "./manifest.js";
import {workspace as defaultWorkspace, type Workspace} from "./paths.js";
import {definitionHash} from "./pull.js";
import {renderSnapshot} from "./snapshot.js";
import {loadCbsClient, type CbsClient} from "./sources/cbs-contract.js";
import {fetchSnapshot} from "./sources/index.js";
import {csvToRows, type TableSchema} from "./table.js";

/** A snapshot that does not match its lock; `file` is relative to the data folder. */
export interface Problem {
  dataset: string;
  file?: string;
  reason: string;
}

/** A source that has a newer version than the one locked. */
export interface Update {
  dataset: string;
  locked: string | null | undefined;
  available: string | null | undefined;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: Problem[];
  updates: Update[];
  /** Files in snapshots/ that no lock entry names (reported, not fatal). */
  strays: string[];
}

export interface VerifyOptions {
  live?: boolean;
  client?: CbsClient;
  /** CBS HTTP cache folder for the live check. */
  cacheDir?: string;
}

/** Verifies the workspace; never throws for a bad snapshot, it reports it. */
export async function verify(ws: Workspace = defaultWorkspace(), options: VerifyOptions = {}): Promise<VerifyResult> {
  const problems: Problem[] = [];
  const updates: Update[] = [];
  const rel = (file: string) => relative(ws.dataDir, file) || file;
  const manifest = await loadManifest(ws.manifestPath);
  let lock;
  try {
    lock = await readLock(ws.lockPath);
  } catch (error) {
    problems.push({dataset: "(lock)", file: rel(ws.lockPath), reason: (error as Error).message});
  }
  if (!lock) {
    if (!problems.length) problems.push({dataset: "(lock)", file: rel(ws.lockPath), reason: "no data lock; run `buurtboek data pull`"});
    return {ok: false, checked: 0, problems, updates, strays: []};
  }
  for (const d of manifest.datasets) {
    const entry = lock.datasets[d.name];
    if (!entry) problems.push({dataset: d.name, reason: "in the manifest but not in the lock; run `buurtboek data pull " + d.name + "`"});
    else if (entry.definition && entry.definition !== definitionHash(d)) {
      problems.push({dataset: d.name, file: rel(ws.manifestPath), reason: "the manifest entry changed since the last pull; run `buurtboek data pull " + d.name + "`"});
    }
  }
  const named = new Set<string>();
  for (const [name, entry] of Object.entries(lock.datasets)) {
    if (!manifest.datasets.some((d) => d.name === name)) problems.push({dataset: name, reason: "in the lock but not in the manifest"});
    for (const file of Object.keys(entry.files)) named.add(file);
    problems.push(...(await checkEntry(ws, name, entry)).map((p) => ({...p, file: p.file && rel(join(ws.snapshotsDir, p.file))})));
  }
  const strays = (await readdir(ws.snapshotsDir).catch(() => [] as string[])).filter((f) => !f.startsWith(".") && !named.has(f)).sort();
  if (options.live) updates.push(...(await checkLive(ws, manifest, lock.datasets, options.client, options.cacheDir)));
  return {ok: problems.length === 0, checked: Object.keys(lock.datasets).length, problems, updates, strays};
}

/** Checks one lock entry's files: presence, hash, then content against the schema. */
async function checkEntry(ws: Workspace, name: string, entry: LockEntry): Promise<Problem[]> {
  const problems: Problem[] = [];
  const texts = new Map<string, string>();
  for (const [file, hash] of Object.entries(entry.files)) {
    let text: string;
    try {
      text = await readFile(join(ws.snapshotsDir, file), "utf8");
    } catch {
      problems.push({dataset: name, file, reason: "missing"});
      continue;
    }
    const actual = sha256(text);
    if (actual !== hash) problems.push({dataset: name, file, reason: `sha256 ${actual.slice(0, 12)}… does not match the lock (${hash.slice(0, 12)}…)`});
    texts.set(file, text);
  }
  if (problems.length) return problems;
  try {
    if (entry.kind === "table") {
      const schemaFile = `${name}.schema.json`;
      const csvFile = `${name}.csv`;
      const schema = JSON.parse(texts.get(schemaFile) ?? "null") as TableSchema | null;
      if (!schema || schema.kind !== "table" || !Array.isArray(schema.columns)) return [{dataset: name, file: schemaFile, reason: "not a table schema"}];
      const rows = csvToRows(texts.get(csvFile) ?? "", schema, csvFile);
      if (rows.length !== entry.rows || rows.length !== schema.rows) problems.push({dataset: name, file: csvFile, reason: `${rows.length} rows; the lock says ${entry.rows}`});
      if (schema.columns.length !== entry.columns) problems.push({dataset: name, file: schemaFile, reason: `${schema.columns.length} columns; the lock says ${entry.columns}`});
    } else {
      const file = `${name}.topojson`;
      const topo = JSON.parse(texts.get(file) ?? "null");
      if (topo?.type !== "Topology" || !topo.objects) problems.push({dataset: name, file, reason: "not a TopoJSON topology"});
    }
  } catch (error) {
    const message = (error as Error).message;
    const file = message.match(/^([^:]+\.(?:csv|json|topojson)):/)?.[1];
    problems.push({dataset: name, file: file ?? Object.keys(entry.files)[0], reason: file ? message.slice(file.length + 2) : message});
  }
  return problems;
}

/** Asks each source for its current version: CBS `Modified`; demo/file sources by regenerating and hashing. */
async function checkLive(ws: Workspace, manifest: Manifest, entries: Record<string, LockEntry>, client?: CbsClient, cacheDir?: string): Promise<Update[]> {
  const updates: Update[] = [];
  for (const d of manifest.datasets as Dataset[]) {
    const entry = entries[d.name];
    if (!entry) continue;
    if (d.kind === "cbs") {
      client ??= await loadCbsClient();
      const info = await client.tableInfo(d.table, {api: d.api, cacheDir});
      if (info.modified !== entry.source.modified) {
        updates.push({dataset: d.name, locked: entry.source.modified, available: info.modified, reason: `CBS ${d.table} has version ${info.modified}; the lock has ${entry.source.modified}`});
      }
    } else {
      const fresh = renderSnapshot(await fetchSnapshot(d, {manifest, dataDir: ws.dataDir}));
      const changed = Object.keys(fresh.entry.files).filter((f) => fresh.entry.files[f] !== entry.files[f]);
      if (changed.length) updates.push({dataset: d.name, locked: entry.fetched_at, available: fresh.entry.fetched_at, reason: `the ${d.kind} source now gives different ${changed.join(", ")}`});
    }
  }
  return updates;
}
