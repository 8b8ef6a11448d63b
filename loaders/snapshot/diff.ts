/**
 * `buurtboek data diff`: pulls into a temporary folder and reports, per dataset, what a pull would change:
 * rows added or removed, cells changed (counts and first examples), columns that went from empty to filled.
 */
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Cell} from "../arrow.js";
import {readLock, type LockEntry} from "./lock.js";
import {loadManifest} from "./manifest.js";
import {workspace as defaultWorkspace, type Workspace} from "./paths.js";
import {fetchRendered, selectDatasets, type PullOptions} from "./pull.js";
import {readTableSnapshot, type RenderedSnapshot} from "./snapshot.js";
import type {TableData} from "./table.js";

export interface CellChange {
  key: string;
  column: string;
  old: Cell;
  new: Cell;
}

/** The difference between two versions of one table. */
export interface TableDiff {
  rowsBefore: number;
  rowsAfter: number;
  rowsAdded: string[];
  rowsRemoved: string[];
  /** Changed cells in rows present in both versions, not counting columns that were filled or added. */
  cellsChanged: number;
  cellsChangedByColumn: Record<string, number>;
  examples: CellChange[];
  /** Columns that were entirely empty before and have values now, with how many cells were filled. */
  columnsFilled: {column: string; cells: number}[];
  /** Columns that had values and are entirely empty now. */
  columnsEmptied: string[];
  columnsAdded: string[];
  columnsRemoved: string[];
}

/** What a pull would change for one dataset. */
export interface DatasetDiff {
  dataset: string;
  status: "new" | "unchanged" | "changed";
  versionBefore?: string | null;
  versionAfter?: string | null;
  table?: TableDiff;
  /** For geometry: files whose content changed. */
  filesChanged: string[];
}

const rowKey = (row: Record<string, Cell>, key: string[]) => key.map((k) => row[k] ?? "").join(" | ");
const same = (a: Cell | undefined, b: Cell | undefined) => (a ?? null) === (b ?? null);

/** Compares two tables by their key columns. `examples` caps the example list (default 10). */
export function diffTables(before: TableData, after: TableData, examples = 10): TableDiff {
  const key = after.key;
  const oldRows = new Map(before.rows.map((r) => [rowKey(r, key), r]));
  const newRows = new Map(after.rows.map((r) => [rowKey(r, key), r]));
  const oldCols = before.columns.map((c) => c.name);
  const newCols = after.columns.map((c) => c.name);
  const filledIn = (rows: Record<string, Cell>[], column: string) => rows.filter((r) => r[column] != null).length;
  const columnsFilled: TableDiff["columnsFilled"] = [];
  const columnsEmptied: string[] = [];
  for (const c of newCols.filter((c) => oldCols.includes(c))) {
    const was = filledIn(before.rows, c);
    const now = filledIn(after.rows, c);
    if (was === 0 && now > 0) columnsFilled.push({column: c, cells: now});
    if (was > 0 && now === 0) columnsEmptied.push(c);
  }
  const filled = new Set(columnsFilled.map((f) => f.column));
  const compared = newCols.filter((c) => oldCols.includes(c) && !filled.has(c) && !key.includes(c));
  const byColumn: Record<string, number> = {};
  const list: CellChange[] = [];
  let count = 0;
  for (const [k, row] of newRows) {
    const old = oldRows.get(k);
    if (!old) continue;
    for (const c of compared) {
      if (same(old[c], row[c])) continue;
      count++;
      byColumn[c] = (byColumn[c] ?? 0) + 1;
      if (list.length < examples) list.push({key: k, column: c, old: old[c] ?? null, new: row[c] ?? null});
    }
  }
  return {
    rowsBefore: before.rows.length,
    rowsAfter: after.rows.length,
    rowsAdded: [...newRows.keys()].filter((k) => !oldRows.has(k)).sort(),
    rowsRemoved: [...oldRows.keys()].filter((k) => !newRows.has(k)).sort(),
    cellsChanged: count,
    cellsChangedByColumn: byColumn,
    examples: list,
    columnsFilled,
    columnsEmptied,
    columnsAdded: newCols.filter((c) => !oldCols.includes(c)),
    columnsRemoved: oldCols.filter((c) => !newCols.includes(c))
  };
}

export interface DiffOptions extends PullOptions {
  examples?: number;
  /** Keep the temporary pull and report its folder. */
  keep?: boolean;
}

/** Pulls the named datasets (or all) into a temporary folder and compares them with the current snapshots. */
export async function diff(ws: Workspace = defaultWorkspace(), options: DiffOptions = {}): Promise<{diffs: DatasetDiff[]; tempDir?: string}> {
  const manifest = await loadManifest(ws.manifestPath);
  const datasets = selectDatasets(manifest, options.names);
  const lock = await readLock(ws.lockPath);
  const temp = await mkdtemp(join(tmpdir(), "buurtboek-diff-"));
  try {
    const rendered = await fetchRendered(ws, manifest, datasets, options);
    for (const r of rendered) for (const [file, text] of Object.entries(r.files)) await writeFile(join(temp, file), text);
    const diffs: DatasetDiff[] = [];
    for (const r of rendered) diffs.push(await diffOne(ws, r, lock?.datasets[r.name], temp, options.examples));
    return {diffs, tempDir: options.keep ? temp : undefined};
  } finally {
    if (!options.keep) await rm(temp, {recursive: true, force: true});
  }
}

async function diffOne(ws: Workspace, r: RenderedSnapshot, entry: LockEntry | undefined, temp: string, examples?: number): Promise<DatasetDiff> {
  const base = {dataset: r.name, versionBefore: entry?.source.modified, versionAfter: r.entry.source.modified};
  if (!entry) return {...base, status: "new", filesChanged: Object.keys(r.files)};
  const filesChanged: string[] = [];
  for (const [file, text] of Object.entries(r.files)) {
    const old = await readFile(join(ws.snapshotsDir, file), "utf8").catch(() => null);
    if (old !== text) filesChanged.push(file);
  }
  const versionChanged = (entry.source.modified ?? null) !== (r.entry.source.modified ?? null);
  const status = filesChanged.length || versionChanged ? "changed" : "unchanged";
  if (r.entry.kind !== "table" || !filesChanged.length) return {...base, status, filesChanged};
  const before = await readTableSnapshot(ws.snapshotsDir, r.name).catch(() => null);
  const after = await readTableSnapshot(temp, r.name);
  if (!before) return {...base, status, filesChanged};
  return {...base, status, filesChanged, table: diffTables(before.table, after.table, examples)};
}

const show = (v: Cell) => (v == null ? "(leeg)" : String(v));

/** A readable report of a diff, one block per dataset. */
export function formatDiff(diffs: DatasetDiff[]): string {
  const out: string[] = [];
  for (const d of diffs) {
    if (d.status === "new") {
      out.push(`${d.dataset}: new dataset (not in the lock yet)`);
      continue;
    }
    if (d.status === "unchanged") {
      out.push(`${d.dataset}: unchanged`);
      continue;
    }
    const version = d.versionBefore !== d.versionAfter ? ` — version ${d.versionBefore ?? "?"} → ${d.versionAfter ?? "?"}` : "";
    out.push(`${d.dataset}: changed${version}`);
    const t = d.table;
    if (!t) {
      if (d.filesChanged.length) out.push(`  files changed: ${d.filesChanged.join(", ")}`);
      continue;
    }
    out.push(`  rows: ${t.rowsBefore} → ${t.rowsAfter}; ${t.rowsAdded.length} added, ${t.rowsRemoved.length} removed`);
    for (const k of t.rowsAdded.slice(0, 10)) out.push(`    + ${k}`);
    for (const k of t.rowsRemoved.slice(0, 10)) out.push(`    - ${k}`);
    const cols = Object.entries(t.cellsChangedByColumn).map(([c, n]) => `${c}: ${n}`).join(", ");
    out.push(`  cells changed: ${t.cellsChanged}${cols ? ` (${cols})` : ""}`);
    for (const e of t.examples) out.push(`    ${e.key} ${e.column}: ${show(e.old)} → ${show(e.new)}`);
    for (const f of t.columnsFilled) out.push(`  column filled (empty → ${f.cells} values): ${f.column}`);
    for (const c of t.columnsEmptied) out.push(`  column emptied: ${c}`);
    if (t.columnsAdded.length) out.push(`  columns added: ${t.columnsAdded.join(", ")}`);
    if (t.columnsRemoved.length) out.push(`  columns removed: ${t.columnsRemoved.join(", ")}`);
  }
  return out.join("\n");
}
