/**
 * Pure functions over the poverty-study asset (`data/gemeente/<code>/armoede.json`): the rows each chart draws,
 * classes for the map legend, the figures the prose cites, and the SQL that selects the same rows from the
 * downloadable tidy snapshot. No DOM here, so Node tests use the same code as the page.
 */
import {formatNumber, formatPercent} from "../lib/format.js";
import type {StudyData} from "../../loaders/kwb/study.js";
import type {TidyRow} from "../../loaders/kwb/tidy.js";

export type {StudyData};

/**
 * One area in a chart: a row of the tidy snapshot, its value or, when empty, why. The status is any text, not only
 * the snapshot's: the take-up study adds "afgeschermd" for cells that disclosure control suppressed.
 */
export type AreaRow = Omit<TidyRow, "status"> & {status: string | null};

type Indicator = StudyData["indicators"][number];

/** The indicator definition by id (throws for an id the study does not have). */
export function indicatorOf(study: StudyData, id: string): Indicator {
  const d = study.indicators.find((i) => i.id === id);
  if (!d) throw new Error(`onbekende indicator ${id}`);
  return d;
}

/** A value in the indicator's unit, Dutch: `12,4%`, `27,1`, `1.234`. */
export function formatValue(indicator: Indicator, value: number | null | undefined): string {
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

/** The areas the map draws: a row in this edition and a shape in the boundaries. */
export function mapRows(study: StudyData, edition: number, indicator: string, level: string): AreaRow[] {
  const shapes = new Set((study.map.levels[level] ?? []).map((p) => p.code));
  return levelRows(study, edition, indicator, level).filter((r) => shapes.has(r.region_code));
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

/** The series of a trend chart: one row per region and edition in which the indicator exists. */
export function trendRows(study: StudyData, indicator: string, codes: string[]): AreaRow[] {
  const out: AreaRow[] = [];
  for (const code of codes) {
    for (const e of study.editions) {
      const row = regionRow(study, e.edition, indicator, code);
      if (row) out.push(row);
    }
  }
  return out;
}

/** Breaks that matter for an indicator: its definition changes, and re-codings at the levels shown. */
export function breaksFor(study: StudyData, indicator: string, levels: string[] = []): StudyData["breaks"] {
  return study.breaks.filter((b) => (b.kind === "definitie" && b.indicators.includes(indicator)) || (b.kind === "indeling" && b.level != null && levels.includes(b.level)));
}

/** Whether an edition has the indicator but CBS has not published it yet (first release). */
export function notYetPublished(study: StudyData, edition: number, indicator: string): boolean {
  const column = study.values[edition]?.[indicator];
  if (!column) return false;
  const statuses = Object.values(study.status[edition]?.[indicator] ?? {});
  return column.every((v) => v == null) && statuses.length > 0 && statuses.every((s) => s === "nog niet gepubliceerd");
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

/** Top three wijken, the spread and the gemeente and Nederland values of an indicator in an edition. */
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
export function sqlFor(kind: "kaart" | "verdeling" | "ranglijst" | "trend", o: {indicator: string; edition?: number; level?: string; codes?: string[]; valued?: boolean; geometryYear?: number | null}): string {
  const lines = ["SELECT region_code, region_name, region_level, edition, indicator, value, status", "FROM kwb", `WHERE indicator = '${o.indicator}'`];
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
