/**
 * The poverty study of one gemeente as one page asset, computed at build time from the workspace: the tidy KWB
 * rows of the stable indicators (column-wise, so the asset stays small), editions, breaks, the boundaries as
 * ready-made SVG paths per level, and the join report. Pages then need no DuckDB and no map library.
 */
import {geoMercator, geoPath} from "d3-geo";
import type {Feature, FeatureCollection} from "geojson";
import {feature} from "topojson-client";
import type {GeometryCollection, Topology} from "topojson-specification";
import {formatJoin, joinReport, LAYER_OF_LEVEL, type JoinEntry} from "../geo/join.js";
import type {Dataset, GeometryDataset, KwbDataset, Manifest} from "../snapshot/manifest.js";
import type {Workspace} from "../snapshot/paths.js";
import {directReader, type SnapshotReader} from "../snapshot/reader.js";
import type {DefinitionBreak} from "./breaks.js";
import {assumedIncomeYear, type IncomeYear} from "./income-year.js";
import {INDICATORS} from "./indicators.js";
import type {KwbRecord} from "../snapshot/sources/kwb.js";

/** A gemeente with a study in the workspace. */
export interface StudyRef {
  code: string;
  name: string;
  kwb: string;
  geometry: string | null;
  editions: number[];
  demo: boolean;
}

/** The study asset. Values are aligned with `regions`: `values[edition][indicator][i]` belongs to `regions[i]`. */
export interface StudyData {
  gemeente: {code: string; name: string};
  datasets: {kwb: string; geometry: string | null};
  demo: boolean;
  editions: {edition: number; table: string; title: string; modified: string | null; first_release: boolean; nederland: boolean; income_year: IncomeYear}[];
  breaks: DefinitionBreak[];
  indicators: {id: string; label: string; unit: string; decimals: number; mapped: boolean; editions: number[]}[];
  regions: {code: string; name: string; level: string}[];
  /** Region indexes present in each edition. */
  present: Record<string, number[]>;
  values: Record<string, Record<string, (number | null)[]>>;
  /** Why a value is missing, by region index (only for missing values). */
  status: Record<string, Record<string, Record<string, string>>>;
  map: {width: number; height: number; geometryYear: number | null; levels: Record<string, {code: string; name: string; d: string}[]>};
  join: JoinEntry[];
}

const isKwb = (d: Dataset): d is KwbDataset => d.kind === "kwb";
const isGeometryOf = (code: string) => (d: Dataset): d is GeometryDataset => d.kind === "geometry" && d.gemeente === code;

/** The gemeenten of the workspace that have a `kwb` dataset, with their boundaries when there are any. */
export function studiesOf(manifest: Manifest): Omit<StudyRef, "name">[] {
  return manifest.datasets.filter(isKwb).map((d) => ({
    code: d.gemeente,
    kwb: d.name,
    geometry: manifest.datasets.find(isGeometryOf(d.gemeente))?.name ?? null,
    editions: [...d.editions].sort((a, b) => a - b),
    demo: Boolean(d.demo)
  }));
}

/** Reads the per-edition record beside a kwb snapshot. */
export async function readKwbRecord(ws: Workspace, name: string, read: SnapshotReader = directReader): Promise<KwbRecord> {
  return read.json<KwbRecord>(ws, `${name}.editions.json`);
}

const WIDTH = 640;
const HEIGHT = 480;

function projectLevels(topology: Topology): StudyData["map"]["levels"] {
  const collections: Record<string, Feature[]> = {};
  for (const [level, object] of Object.entries(LAYER_OF_LEVEL)) {
    const o = topology.objects[object] as GeometryCollection | undefined;
    collections[level] = o ? (feature(topology, o) as FeatureCollection).features.filter((f) => f.geometry) : [];
  }
  const all: FeatureCollection = {type: "FeatureCollection", features: [...collections.wijk, ...collections.buurt]};
  if (!all.features.length) return {wijk: [], buurt: []};
  const projection = geoMercator().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], all);
  const path = geoPath(projection);
  // One decimal is sub-pixel at this size and keeps the asset small.
  const round = (d: string) => d.replace(/\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10));
  return Object.fromEntries(
    Object.entries(collections).map(([level, features]) => [
      level,
      features.map((f) => ({code: String(f.properties?.code ?? f.id), name: String(f.properties?.name ?? f.properties?.code ?? ""), d: round(path(f) ?? "")}))
    ])
  );
}

/** Builds the study asset of one gemeente (`read`: how snapshots are read; the build's pre-step reads each once). */
export async function buildStudy(ws: Workspace, code: string, read: SnapshotReader = directReader): Promise<StudyData> {
  const manifest = await read.manifest(ws);
  const ref = studiesOf(manifest).find((s) => s.code === code);
  if (!ref) throw new Error(`no kwb dataset for ${code} in ${ws.manifestPath}; run \`buurtboek init ${code}\``);
  const record = await readKwbRecord(ws, ref.kwb, read);
  const {table} = await read.table(ws, ref.kwb);
  const stable = new Set(INDICATORS.map((d) => d.id));
  const rows = table.rows.filter((r) => stable.has(String(r.indicator)));
  const regionIndex = new Map<string, number>();
  const regions: StudyData["regions"] = [];
  const order = {land: 0, gemeente: 1, wijk: 2, buurt: 3} as Record<string, number>;
  const sorted = [...new Map(table.rows.map((r) => [String(r.region_code), r])).values()].sort(
    (a, b) => (order[String(a.region_level)] ?? 9) - (order[String(b.region_level)] ?? 9) || String(a.region_code).localeCompare(String(b.region_code))
  );
  for (const r of sorted) {
    regionIndex.set(String(r.region_code), regions.length);
    regions.push({code: String(r.region_code), name: String(r.region_name), level: String(r.region_level)});
  }
  const present: StudyData["present"] = {};
  const values: StudyData["values"] = {};
  const status: StudyData["status"] = {};
  for (const r of table.rows) {
    const e = String(r.edition);
    (present[e] ??= []).push(regionIndex.get(String(r.region_code))!);
  }
  for (const e of Object.keys(present)) present[e] = [...new Set(present[e])].sort((a, b) => a - b);
  for (const r of rows) {
    const e = String(r.edition);
    const id = String(r.indicator);
    const i = regionIndex.get(String(r.region_code))!;
    const column = ((values[e] ??= {})[id] ??= new Array(regions.length).fill(null));
    column[i] = r.value == null ? null : Number(r.value);
    if (r.value == null && r.status) ((status[e] ??= {})[id] ??= {})[i] = String(r.status);
  }
  const indicators = INDICATORS.filter((d) => Object.values(values).some((v) => v[d.id])).map((d) => ({
    id: d.id, label: d.label, unit: d.unit, decimals: d.decimals, mapped: d.mapped,
    editions: Object.keys(values).filter((e) => values[e][d.id]).map(Number).sort((a, b) => a - b)
  }));
  let map: StudyData["map"] = {width: WIDTH, height: HEIGHT, geometryYear: null, levels: {wijk: [], buurt: []}};
  let joins: JoinEntry[] = [];
  if (ref.geometry) {
    const topology = await read.json<Topology>(ws, `${ref.geometry}.topojson`);
    const geometry = manifest.datasets.find((d) => d.name === ref.geometry) as GeometryDataset;
    map = {width: WIDTH, height: HEIGHT, geometryYear: geometry.year, levels: projectLevels(topology)};
    joins = joinReport(table.rows.map((r) => ({edition: Number(r.edition), region_level: String(r.region_level), region_code: String(r.region_code)})), topology);
  }
  return {
    gemeente: record.gemeente,
    datasets: {kwb: ref.kwb, geometry: ref.geometry},
    demo: ref.demo,
    editions: record.editions.map((e) => ({
      edition: e.edition, table: e.table, title: e.title, modified: e.modified, first_release: e.first_release, nederland: e.nederland,
      // Snapshots pulled before the income year was recorded: the usual lag, marked as assumed.
      income_year: e.income_year ?? assumedIncomeYear(e.edition, "not recorded in this snapshot")
    })),
    breaks: record.breaks,
    indicators,
    regions,
    present,
    values,
    status,
    map,
    join: joins
  };
}

/** The join report of every study with boundaries, as log lines (printed after `data pull`). */
export async function studyJoinLines(ws: Workspace, read: SnapshotReader = directReader): Promise<string[]> {
  const lines: string[] = [];
  for (const s of studiesOf(await read.manifest(ws))) {
    if (!s.geometry) {
      lines.push(`${s.code}: no boundaries in the manifest; the study page has no map`);
      continue;
    }
    // Only the codes are needed, not the whole study: a national workspace has hundreds of gemeenten.
    const {table} = await read.table(ws, s.kwb);
    const topology = await read.json<Topology>(ws, `${s.geometry}.topojson`);
    const mismatches = formatJoin(joinReport(table.rows.map((r) => ({edition: Number(r.edition), region_level: String(r.region_level), region_code: String(r.region_code)})), topology));
    lines.push(`${s.code} join of ${s.kwb} with ${s.geometry}: ${mismatches.length ? "" : "every code has a shape and every shape data"}`.trimEnd(), ...mismatches.map((l) => `  ${l}`));
  }
  return lines;
}
