/**
 * Pure functions over the poverty-study asset (`data/gemeente/<code>/armoede.json`): the rows each chart draws,
 * classes for the map legend, the figures the prose cites, and the SQL that selects the same rows from the
 * downloadable tidy snapshot. No DOM here, so Node tests use the same code as the page.
 */
import {formatNumber, formatPercent} from "../lib/format.js";
import {lineage as codeLineage} from "../lib/lineage.js";
import type {StudyData} from "../../loaders/kwb/study.js";
import type {TidyRow} from "../../loaders/kwb/tidy.js";

export type {StudyData};

/**
 * One area in a chart: a row of the tidy snapshot, its value or, when empty, why. The status is any text, not only
 * the snapshot's: the take-up study adds "afgeschermd" for cells that disclosure control suppressed.
 */
export type AreaRow = Omit<TidyRow, "status"> & {
  status: string | null;
  /** In a trend: the series (the area's current code) the row belongs to. */
  series?: string;
  /** On a map: the boundary it is drawn in, when CBS gave the same boundary a new code later (`lineage`). */
  shape?: string;
};

type Indicator = StudyData["indicators"][number];

/** The indicator definition by id (throws for an id the study does not have). */
export function indicatorOf(study: StudyData, id: string): Indicator {
  const d = study.indicators.find((i) => i.id === id);
  if (!d) throw new Error(`onbekende indicator ${id}`);
  return d;
}

/** A value in the indicator's unit, Dutch: `12,4%`, `27,1`, `1.234`. */
export function formatValue(indicator: Pick<Indicator, "unit" | "decimals">, value: number | null | undefined): string {
  return indicator.unit === "%" ? formatPercent(value, indicator.decimals) : formatNumber(value, indicator.decimals);
}

/** The row of one region in one edition, or null when the region is not in that edition. */
export function regionRow(study: StudyData, edition: number, indicator: string, code: string): AreaRow | null {
  const i = study.regions.findIndex((r) => r.code === code);
  if (i < 0 || !study.present[edition]?.includes(i)) return null;
  const column = study.values[edition]?.[indicator];
  if (!column) return null;
  const r = study.regions[i];
  return {region_code: r.code, region_name: r.name, region_level: r.level, edition, indicator, value: column[i], status: column[i] == null ? study.status[edition]?.[indicator]?.[i] ?? "niet beschikbaar" : null};
}

/** Every region of a level in an edition, with the indicator's value or status, in code order. */
export function levelRows(study: StudyData, edition: number, indicator: string, level: string): AreaRow[] {
  return (study.present[edition] ?? [])
    .filter((i) => study.regions[i].level === level)
    .map((i) => regionRow(study, edition, indicator, study.regions[i].code))
    .filter((r): r is AreaRow => r != null);
}

/** Why an area on the map has no row in an edition: the edition has no rows at that level, or not under this code. */
export function missingReason(study: StudyData, edition: number, level: string): string {
  const hasLevel = (study.present[edition] ?? []).some((i) => study.regions[i].level === level);
  return hasLevel ? `code niet in editie ${edition}` : `geen cijfers per ${level === "wijk" ? "wijk" : "buurt"} in editie ${edition}`;
}

/**
 * The areas the map draws: every shape of the level, so the map never goes blank. A shape takes the row of its
 * code in this edition, or of an earlier code CBS gave the same boundary (a re-coding, `lineage`); a shape without
 * either is drawn empty with the reason (`missingReason`).
 */
export function mapRows(study: StudyData, edition: number, indicator: string, level: string): AreaRow[] {
  const rows = new Map(levelRows(study, edition, indicator, level).map((r) => [r.region_code, r]));
  const reason = missingReason(study, edition, level);
  return (study.map.levels[level] ?? [])
    .map((shape): AreaRow => {
      const own = rows.get(shape.code);
      if (own) return own;
      const earlier = lineage(study, shape.code).slice(1).map((c) => rows.get(c)).find((r) => r != null);
      if (earlier) return {...earlier, shape: shape.code};
      return {region_code: shape.code, region_name: shape.name, region_level: level, edition, indicator, value: null, status: reason};
    })
    .sort((a, b) => (a.shape ?? a.region_code).localeCompare(b.shape ?? b.region_code));
}

/** How many areas of a level have a value for an indicator in an edition, out of how many rows. */
export function coverage(study: StudyData, edition: number, indicator: string, level: string): {valued: number; rows: number} {
  const rows = levelRows(study, edition, indicator, level);
  return {valued: rows.filter((r) => r.value != null).length, rows: rows.length};
}

/** Class limits for the legend: quantile breaks of the values, rounded to the indicator's decimals, deduplicated. */
export function classLimits(values: number[], decimals: number, classes = 5): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return [];
  const f = 10 ** decimals;
  const limits: number[] = [];
  for (let k = 1; k < classes; k++) {
    const q = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / classes))];
    const v = Math.round(q * f) / f;
    if (v > sorted[0] && v <= sorted.at(-1)! && !limits.includes(v)) limits.push(v);
  }
  return limits;
}

/** The class of a value: the number of limits it reaches. */
export function classOf(value: number, limits: number[]): number {
  let k = 0;
  while (k < limits.length && value >= limits[k]) k++;
  return k;
}

/** The codes an area had, newest first, following CBS's re-codings (see src/lib/lineage.ts). */
export function lineage(study: StudyData, code: string): string[] {
  return codeLineage(study.breaks, code);
}

/**
 * The series of a trend chart: one row per series and edition in which the indicator exists. A series follows its
 * area's earlier codes (`lineage`); each row keeps the code it has in its edition and names its series.
 */
export function trendRows(study: StudyData, indicator: string, codes: string[]): AreaRow[] {
  const out: AreaRow[] = [];
  for (const code of codes) {
    const chain = lineage(study, code);
    for (const e of study.editions) {
      const row = chain.map((c) => regionRow(study, e.edition, indicator, c)).find((r) => r != null);
      if (row) out.push({...row, series: code});
    }
  }
  return out;
}

/** A break in a trend: where, why, and which series it cuts (all when `codes` is absent). */
export type TrendBreak = StudyData["breaks"][number];

/**
 * Breaks that cut a trend of `indicator` over the series `codes`: its definition changes (every series), and
 * boundary changes of exactly those areas or their earlier codes (`codes` of the result names the series cut).
 * A re-coding elsewhere in the gemeente cuts neither the gemeente's nor Nederland's line, and a newly published
 * measure is a note (`notesFor`), not a break.
 */
export function breaksFor(study: StudyData, indicator: string, codes: string[] = []): TrendBreak[] {
  const shown = new Map(codes.map((c) => [c, new Set(lineage(study, c))]));
  const cuts = (b: TrendBreak) => codes.filter((c) => (b.codes ?? []).some((x) => shown.get(c)!.has(x)));
  return study.breaks
    .filter((b) => (b.kind === "definitie" && b.indicators.includes(indicator)) || (b.kind === "indeling" && cuts(b).length > 0))
    .map((b) => (b.kind === "indeling" ? {...b, codes: cuts(b)} : b));
}

/** Notes for a trend of `indicator` that cut nothing: a new CBS measure that appears beside it. */
export function notesFor(study: StudyData, indicator: string): TrendBreak[] {
  return study.breaks.filter((b) => b.kind === "nieuwe maat" && b.indicators.includes(indicator));
}

/**
 * Whether an edition has the indicator but CBS has not published it yet (first release), judged over the
 * gemeente's own areas: none has a value and some say "nog niet gepubliceerd" (Nederland may already have one).
 */
export function notYetPublished(study: StudyData, edition: number, indicator: string): boolean {
  const column = study.values[edition]?.[indicator];
  if (!column) return false;
  const status = study.status[edition]?.[indicator] ?? {};
  const own = (study.present[edition] ?? []).filter((i) => study.regions[i].level !== "land");
  return own.length > 0 && own.every((i) => column[i] == null) && own.some((i) => status[i] === "nog niet gepubliceerd");
}

/** The figures the prose cites, computed from the rows (never typed). */
export interface Summary {
  top: AreaRow[];
  lowest: AreaRow | null;
  highest: AreaRow | null;
  withValue: number;
  total: number;
  gemeente: AreaRow | null;
  nederland: AreaRow | null;
}

/** The top three areas of a level, the spread, and the gemeente and Nederland values of an indicator in an edition. */
export function summarise(study: StudyData, edition: number, indicator: string, level = "wijk"): Summary {
  const rows = levelRows(study, edition, indicator, level);
  const valued = rows.filter((r) => r.value != null).sort((a, b) => b.value! - a.value! || a.region_code.localeCompare(b.region_code));
  return {
    top: valued.slice(0, 3),
    highest: valued[0] ?? null,
    lowest: valued.at(-1) ?? null,
    withValue: valued.length,
    total: rows.length,
    gemeente: regionRow(study, edition, indicator, study.gemeente.code),
    nederland: regionRow(study, edition, indicator, "NL00")
  };
}

/** A difference in the indicator's terms: "3,2 procentpunt" for shares, else a plain number. */
export function formatDifference(indicator: Indicator, difference: number): string {
  const n = formatNumber(Math.abs(difference), indicator.decimals);
  return indicator.unit === "%" ? `${n} procentpunt` : n;
}

/** The SQL over the downloadable tidy snapshot (table `kwb`) that selects a chart's rows. */
export function sqlFor(kind: "kaart" | "verdeling" | "ranglijst" | "trend", o: {indicator: string; edition?: number; level?: string; codes?: string[]; valued?: boolean; geometryYear?: number | null; withoutRow?: number}): string {
  const lines = ["SELECT region_code, region_name, region_level, edition, indicator, value, status", "FROM kwb", `WHERE indicator = '${o.indicator}'`];
  if (o.withoutRow) lines.unshift(`-- ${o.withoutRow} gebied(en) op de kaart hebben geen rij in deze editie: de download noemt ze met de reden als status`);
  if (o.edition != null) lines.push(`  AND edition = ${o.edition}`);
  if (o.level) lines.push(`  AND region_level = '${o.level}'`);
  if (o.valued) lines.push("  AND value IS NOT NULL");
  if (kind === "kaart" && o.codes) lines.push(`  -- alleen gebieden met een vorm in de gebiedsindeling${o.geometryYear ? ` ${o.geometryYear}` : ""} (zie de koppeling)`);
  if (o.codes) lines.push(`  AND region_code IN (${o.codes.map((c) => `'${c}'`).join(", ")})`);
  lines.push(kind === "ranglijst" ? "ORDER BY value DESC NULLS LAST, region_code;" : kind === "trend" ? "ORDER BY region_code, edition;" : "ORDER BY region_code;");
  return lines.join("\n");
}

/** Column order of every CSV download: the tidy snapshot's columns. */
export const CSV_COLUMNS: (keyof AreaRow)[] = ["region_code", "region_name", "region_level", "edition", "indicator", "value", "status"];
