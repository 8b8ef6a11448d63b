/**
 * A gemeente at gemeente level: its row (and the Nederland row) of every stable indicator and context measure, per
 * edition, read from its kwb snapshot. The pre-step keeps one per gemeente beside its page assets, so the national
 * asset (national.ts) is put together from small summaries instead of re-reading every gemeente's snapshot.
 */
import {contextOfTitle} from "../kwb/context.js";
import {INDICATORS} from "../kwb/indicators.js";
import {readKwbRecord, studiesOf} from "../kwb/study.js";
import {readLock, type Lock} from "../snapshot/lock.js";
import type {Workspace} from "../snapshot/paths.js";
import {directReader, type SnapshotReader} from "../snapshot/reader.js";

/** A value or, when empty, why. */
export interface Cell {
  value: number | null;
  status: string | null;
}

export interface GemeenteSummary {
  code: string;
  name: string;
  provincie: {code: string; name: string} | null;
  kwb: string;
  demo: boolean;
  editions: number[];
  /** Per edition, per stable indicator id or context id: the gemeente's cell. */
  gemeente: Record<string, Record<string, Cell>>;
  /** The same for Nederland (every kwb snapshot carries the Nederland row). */
  nederland: Record<string, Record<string, Cell>>;
  /** Where the numbers come from: per edition the table and its version, and when the dataset was pulled. */
  tables: {edition: number; table: string; title: string; modified: string | null; first_release: boolean}[];
  fetched_at: string | null;
  source_type: string;
}

const STABLE = new Set(INDICATORS.map((d) => d.id));

/** The summary of one gemeente from its kwb snapshot and per-edition record. */
export async function gemeenteSummary(ws: Workspace, code: string, {read = directReader, lock}: {read?: SnapshotReader; lock?: Lock | null} = {}): Promise<GemeenteSummary> {
  const manifest = await read.manifest(ws);
  const ref = studiesOf(manifest).find((s) => s.code === code);
  if (!ref) throw new Error(`no kwb dataset for ${code} in ${ws.manifestPath}`);
  const dataset = manifest.datasets.find((d) => d.name === ref.kwb);
  const record = await readKwbRecord(ws, ref.kwb, read);
  // Context measures keep their CBS key in the snapshot; the record says which key had which title, per edition.
  const contextKey = new Map<string, string>();
  for (const e of record.editions) for (const s of e.indicators) {
    const id = s.key ? contextOfTitle(s.title) : null;
    if (id && !STABLE.has(s.indicator)) contextKey.set(`${e.edition}:${s.indicator}`, id);
  }
  const {table} = await read.table(ws, ref.kwb);
  const gemeente: GemeenteSummary["gemeente"] = {};
  const nederland: GemeenteSummary["nederland"] = {};
  for (const r of table.rows) {
    const into = r.region_code === code ? gemeente : r.region_code === "NL00" ? nederland : null;
    if (!into) continue;
    const edition = String(r.edition);
    const indicator = String(r.indicator);
    const id = STABLE.has(indicator) ? indicator : contextKey.get(`${edition}:${indicator}`);
    if (!id) continue;
    (into[edition] ??= {})[id] = {value: r.value == null ? null : Number(r.value), status: r.status == null ? null : String(r.status)};
  }
  // The pre-step passes the lock it read once; a loader reads it here.
  const entry = (lock === undefined ? await readLock(ws.lockPath) : lock)?.datasets[ref.kwb];
  return {
    code,
    name: record.gemeente.name,
    provincie: dataset?.kind === "kwb" ? dataset.provincie ?? null : null,
    kwb: ref.kwb,
    demo: ref.demo,
    editions: ref.editions,
    gemeente,
    nederland,
    tables: record.editions.map((e) => ({edition: e.edition, table: e.table, title: e.title, modified: e.modified, first_release: e.first_release})),
    fetched_at: entry?.fetched_at ?? null,
    source_type: entry?.source.type ?? (ref.demo ? "demo" : "cbs")
  };
}
