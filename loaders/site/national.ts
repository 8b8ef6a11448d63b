/**
 * The national assets, put together from every gemeente's summary (summary.ts):
 * - `nederland.json`: per gemeente and edition the study's indicators at gemeente level, Nederland's values, the
 *   provincie, and the three peer sets (peers.ts). The overview page `/nederland` and every study's section
 *   "Vergelijkbare gemeenten" read it; the page computes medians, indexes and ranks (src/components/peers-data.ts).
 * - `nederland.csv`: the same numbers as a tidy table, the download behind both.
 * - `nederland-kaart.json`: the gemeenten's boundaries (PDOK collection `gemeenten`) as SVG paths, for the overview map.
 */
import {geoMercator, geoPath} from "d3-geo";
import type {Feature, FeatureCollection} from "geojson";
import {feature} from "topojson-client";
import type {GeometryCollection, Topology} from "topojson-specification";
import type {DatasetProvenance, Provenance} from "../../src/lib/provenance.js";
import {INDICATORS} from "../kwb/indicators.js";
import {FEATURES, K, peerSets, SIZE_CLASSES, STEDELIJKHEID_CLASSES, type ContextValues} from "../kwb/peers.js";
import {sha256} from "../snapshot/hash.js";
import {KWB_COLUMNS} from "../snapshot/sources/kwb.js";
import {tableToCsv} from "../snapshot/table.js";
import type {GemeenteSummary} from "./summary.js";

/** A mapped indicator as the national asset lists it. */
export interface NationalIndicator {
  id: string;
  label: string;
  unit: string;
  decimals: number;
}

/** The national asset `data/nederland.json`. Arrays run over `gemeenten` (sorted by code). */
export interface NationalData {
  title: string;
  demo: boolean;
  /**
   * Provenance as pages show it: `nederland` is `nederland.csv`, the derived table behind every number here; the
   * gemeenten's boundaries, when the workspace has them, are `nederland-grenzen.topojson`.
   */
  bronnen: Provenance;
  editions: number[];
  indicators: NationalIndicator[];
  gemeenten: {code: string; name: string; provincie: string | null}[];
  /** Synthetic (demo) gemeenten left out because the workspace also has real ones: they are never compared. */
  leftOut: string[];
  values: Record<string, Record<string, (number | null)[]>>;
  /** Why a value is missing, by gemeente index (only for missing values). */
  status: Record<string, Record<string, Record<number, string>>>;
  nederland: Record<string, Record<string, number | null>>;
  peers: {
    size: {year: number | null; classes: {id: number; label: string}[]; of: (number | null)[]; inwoners: (number | null)[]};
    stedelijkheid: {year: number | null; classes: {id: number; label: string}[]; of: (number | null)[]};
    nearest: {year: number | null; k: number; features: {id: string; label: string}[]; of: (number[] | null)[]; tied: boolean[]; missing: string[][]};
  };
}

/** The overview map: one path per gemeente of the workspace with a boundary. */
export interface NationalMap {
  width: number;
  height: number;
  geometryYear: number | null;
  paths: {code: string; d: string}[];
  /** Gemeenten of the workspace without a boundary in that year. */
  withoutShape: string[];
}

/** Said of a gemeente whose snapshot has no row in an edition (the edition is not in its dataset). */
export const NOT_PULLED = "niet opgehaald";

const MAPPED = INDICATORS.filter((d) => d.mapped);

/** The newest edition in which at least half of the `total` gemeenten have what `count` counts (null when none). */
function newestCommon(editions: number[], count: (edition: number) => number, total: number): number | null {
  for (const e of [...editions].sort((a, b) => b - a)) {
    const n = count(e);
    if (n > 0 && n * 2 >= total) return e;
  }
  return null;
}

/** Builds `nederland.json` and `nederland.csv` from the summaries; `bronnen` is the boundaries' provenance. */
export function nationalData(summaries: GemeenteSummary[], meta: {title: string; demo: boolean; bronnen: Provenance}): {data: NationalData; csv: string} {
  // Synthetic gemeenten beside real ones (a demo left in a real workspace) are not ranked or compared with them.
  const real = summaries.filter((g) => g.source_type !== "demo");
  const leftOut = real.length && real.length < summaries.length ? summaries.filter((g) => g.source_type === "demo").map((g) => g.code).sort() : [];
  const gemeenten = (leftOut.length ? real : [...summaries]).sort((a, b) => a.code.localeCompare(b.code));
  const editions = [...new Set(gemeenten.flatMap((g) => g.editions))].sort((a, b) => a - b);
  const cell = (g: GemeenteSummary, e: number, id: string) => g.gemeente[e]?.[id];
  const values: NationalData["values"] = {};
  const status: NationalData["status"] = {};
  const nederland: NationalData["nederland"] = {};
  const present = MAPPED.filter((d) => gemeenten.some((g) => editions.some((e) => cell(g, e, d.id))));
  for (const e of editions) {
    for (const d of present) {
      const column = gemeenten.map((g) => cell(g, e, d.id)?.value ?? null);
      if (!gemeenten.some((g) => cell(g, e, d.id))) continue;
      (values[e] ??= {})[d.id] = column;
      gemeenten.forEach((g, i) => {
        if (column[i] == null) ((status[e] ??= {})[d.id] ??= {})[i] = cell(g, e, d.id)?.status ?? NOT_PULLED;
      });
      // Every snapshot has the Nederland row; take it from the most recently pulled one that has this cell.
      const withNl = gemeenten.filter((g) => g.nederland[e]?.[d.id]).sort((a, b) => (b.fetched_at ?? "").localeCompare(a.fetched_at ?? ""));
      (nederland[e] ??= {})[d.id] = withNl[0]?.nederland[e][d.id].value ?? null;
    }
  }

  // Peer sets, each from the newest edition that most gemeenten have the inputs for.
  const count = (has: (g: GemeenteSummary) => boolean) => gemeenten.filter(has).length;
  const sizeYear = newestCommon(editions, (e) => count((g) => cell(g, e, "inwoners")?.value != null), gemeenten.length);
  const stedYear = newestCommon(editions, (e) => count((g) => cell(g, e, "stedelijkheid")?.value != null), gemeenten.length);
  const context = (g: GemeenteSummary, e: number | null): ContextValues =>
    e == null ? {} : Object.fromEntries(["inwoners", "huishoudens", "bevolkingsdichtheid", "ouderen", "eenpersoonshuishoudens", "koopwoningen", "woz"].map((id) => [id, cell(g, e, id)?.value ?? null]));
  const complete = (g: GemeenteSummary, e: number) => FEATURES.every((f) => f.value(context(g, e)) != null);
  const nearYear = newestCommon(editions, (e) => count((g) => complete(g, e)), gemeenten.length);
  const sets = peerSets(gemeenten.map((g) => ({
    code: g.code,
    inwoners: sizeYear == null ? null : cell(g, sizeYear, "inwoners")?.value ?? null,
    stedelijkheid: stedYear == null ? null : cell(g, stedYear, "stedelijkheid")?.value ?? null,
    context: context(g, nearYear)
  })));

  // The derived table: gemeente and Nederland rows of the indicators and context measures, tidy like a kwb snapshot.
  const rows: Record<string, string | number | null>[] = [];
  const nlDone = new Set<string>();
  for (const g of gemeenten) {
    for (const [e, cells] of Object.entries(g.gemeente)) for (const [id, c] of Object.entries(cells)) rows.push({region_code: g.code, region_name: g.name, region_level: "gemeente", edition: Number(e), indicator: id, value: c.value, status: c.status});
    for (const [e, cells] of Object.entries(g.nederland)) for (const [id, c] of Object.entries(cells)) {
      if (nlDone.has(`${e}:${id}`)) continue;
      nlDone.add(`${e}:${id}`);
      rows.push({region_code: "NL00", region_name: "Nederland", region_level: "land", edition: Number(e), indicator: id, value: c.value, status: c.status});
    }
  }
  const csv = tableToCsv({key: ["region_code", "edition", "indicator"], columns: KWB_COLUMNS, rows}, "nederland");
  const tables = new Map<number, GemeenteSummary["tables"][number]>();
  for (const g of gemeenten) for (const t of g.tables) if (!tables.has(t.edition) || (t.modified ?? "") > (tables.get(t.edition)!.modified ?? "")) tables.set(t.edition, t);
  const sortedTables = [...tables.values()].sort((a, b) => a.edition - b.edition);
  const span = editions.length > 1 ? `${editions[0]}–${editions.at(-1)}` : `${editions[0] ?? ""}`;
  const demo = gemeenten.some((g) => g.source_type === "demo") || (!gemeenten.length && meta.demo);
  const bron: DatasetProvenance = {
    name: "nederland",
    title: `Kerncijfers wijken en buurten ${span}, ${gemeenten.length} gemeenten op gemeenteniveau`,
    kind: "table",
    source: {
      type: demo ? "demo" : "cbs",
      table: sortedTables.map((t) => t.table).join(", "),
      title: `Kerncijfers wijken en buurten ${span}`,
      modified: sortedTables.map((t) => t.modified).filter((m): m is string => m != null).sort().at(-1) ?? null,
      publisher: demo ? "Buurtboek-demogenerator" : "CBS",
      license: demo ? "CC0 1.0 (synthetische data)" : "CC BY 4.0"
    },
    fetched_at: gemeenten.map((g) => g.fetched_at).filter((f): f is string => f != null).sort().at(-1) ?? "",
    rows: rows.length,
    file: "nederland.csv",
    sha256: sha256(csv)
  };
  const data: NationalData = {
    title: meta.title,
    demo,
    // The overview's banner says "synthetic" when what it shows is: its gemeenten or their boundaries.
    bronnen: {...meta.bronnen, workspace: {...meta.bronnen.workspace, demo: demo || Object.values(meta.bronnen.datasets).some((d) => d.source.type === "demo")}, datasets: {...meta.bronnen.datasets, nederland: bron}},
    editions,
    indicators: present.map(({id, label, unit, decimals}) => ({id, label, unit, decimals})),
    gemeenten: gemeenten.map((g) => ({code: g.code, name: g.name, provincie: g.provincie?.name ?? null})),
    leftOut,
    values,
    status,
    nederland,
    peers: {
      size: {year: sizeYear, classes: SIZE_CLASSES.map(({id, label}) => ({id, label})), of: sets.map((s) => s.size.class), inwoners: gemeenten.map((g) => (sizeYear == null ? null : cell(g, sizeYear, "inwoners")?.value ?? null))},
      stedelijkheid: {year: stedYear, classes: STEDELIJKHEID_CLASSES.map(({id, label}) => ({id, label})), of: sets.map((s) => s.stedelijkheid.class)},
      nearest: {
        year: nearYear,
        k: K,
        features: FEATURES.map(({id, label}) => ({id, label})),
        of: sets.map((s) => s.nearest.members),
        tied: sets.map((s) => ("tied" in s.nearest ? s.nearest.tied : false)),
        missing: sets.map((s) => ("missing" in s.nearest ? s.nearest.missing : []))
      }
    }
  };
  return {data, csv};
}

const WIDTH = 640;
/** The tallest the map gets; its height follows the gemeenten's extent. */
const MAX_HEIGHT = 760;

/** The overview map of the workspace's gemeenten from a topology with an object `gemeenten` (PDOK's collection). */
export function nationalMap(codes: string[], topology: Topology | null, geometryYear: number | null): NationalMap {
  const object = topology?.objects.gemeenten as GeometryCollection | undefined;
  const wanted = new Set(codes);
  const features = object ? (feature(topology!, object) as FeatureCollection).features.filter((f): f is Feature => f.geometry != null && wanted.has(String(f.properties?.code ?? f.id))) : [];
  if (!features.length) return {width: WIDTH, height: 0, geometryYear, paths: [], withoutShape: [...codes].sort()};
  const all: FeatureCollection = {type: "FeatureCollection", features};
  const projection = geoMercator().fitExtent([[4, 4], [WIDTH - 4, MAX_HEIGHT - 4]], all);
  // Fitted into the widest box, then moved up: a wide selection of gemeenten gets a low map, not empty bands.
  const [[, top], [, bottom]] = geoPath(projection).bounds(all);
  const [tx, ty] = projection.translate();
  projection.translate([tx, ty - (top - 4)]);
  const path = geoPath(projection);
  const height = Math.ceil(bottom - top + 8);
  // One decimal is sub-pixel at this size and keeps the asset small.
  const round = (d: string) => d.replace(/\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10));
  const paths = features.map((f) => ({code: String(f.properties?.code ?? f.id), d: round(path(f) ?? "")})).sort((a, b) => a.code.localeCompare(b.code));
  const drawn = new Set(paths.map((p) => p.code));
  return {width: WIDTH, height, geometryYear, paths, withoutShape: codes.filter((c) => !drawn.has(c)).sort()};
}
