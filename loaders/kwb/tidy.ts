/**
 * One KWB edition, wide as the CBS client returns it, turned into tidy (long) rows: one row per region and
 * indicator. An empty cell is never zero: it gets a `status` saying why it is empty.
 */
import type {IndicatorSource} from "./indicators.js";
import {INDICATORS} from "./indicators.js";

/** Why a cell has no value. */
export const STATUS = {
  /** A first release leaves the whole column empty; CBS fills it in a later revision. */
  notPublished: "nog niet gepubliceerd",
  /** Suppressed among filled cells (too few households or persons). */
  secret: "geheim",
  /** Otherwise: nothing to publish (no inhabitants) or not published for this gemeente. */
  unavailable: "niet beschikbaar"
} as const;

export type Status = (typeof STATUS)[keyof typeof STATUS];

/** A row of the tidy KWB snapshot. */
export interface TidyRow {
  region_code: string;
  region_name: string;
  region_level: string;
  edition: number;
  indicator: string;
  value: number | null;
  status: Status | null;
}

/** A wide row: region columns plus one column per measure key. */
export type WideRow = Record<string, string | number | null>;

// Income measures that every published edition fills; all of them empty means a first release.
const INCOME = ["inkomen_per_inwoner", "laag_inkomen_pct", "sociaal_minimum_pct"];

/**
 * The cells that decide whether an edition is a first release: the gemeente's own rows (gemeente, wijken,
 * buurten), never the Nederland row, which CBS may fill before the gemeente's.
 */
function ownCells(rows: WideRow[]): WideRow[] {
  return rows.filter((r) => r.region_level === "gemeente" || r.region_level === "wijk" || r.region_level === "buurt");
}

/** True when the edition's income columns exist and are all empty over the gemeente's own cells: a first release. */
export function isFirstRelease(rows: WideRow[], sources: IndicatorSource[]): boolean {
  const income = sources.filter((s) => INCOME.includes(s.indicator) && s.key);
  const own = ownCells(rows);
  return income.length > 0 && own.length > 0 && income.every((s) => own.every((r) => r[s.key!] == null));
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Tidy rows of one edition. `rows` are the gemeente's regions (and the Nederland row, if pulled). Why a cell is
 * empty is decided per area, within its own level: a level whose cells are all empty for a column was not
 * published (a first release) or is not available at that level; an empty cell among filled ones is suppressed
 * ("geheim"); an area without inhabitants has nothing to publish ("niet beschikbaar"). Derived indicators (per
 * 1,000 inwoners) are added where CBS does not publish them, with the status of their inputs.
 */
export function tidyEdition(edition: number, rows: WideRow[], sources: IndicatorSource[]): TidyRow[] {
  const firstRelease = isFirstRelease(rows, sources);
  const out: TidyRow[] = [];
  const inwonersKey = sources.find((s) => s.indicator === "inwoners")?.key ?? null;
  const byIndicator = new Map<string, Map<string, TidyRow>>();
  const levels = new Map<string, WideRow[]>();
  for (const r of rows) levels.set(String(r.region_level), [...(levels.get(String(r.region_level)) ?? []), r]);
  for (const s of sources) {
    const key = s.key!;
    const emptyLevels = new Set([...levels].filter(([, group]) => group.every((r) => r[key] == null)).map(([level]) => level));
    const cells = new Map<string, TidyRow>();
    for (const r of rows) {
      const value = r[key];
      const base = {region_code: String(r.region_code), region_name: String(r.region_name ?? ""), region_level: String(r.region_level), edition, indicator: s.indicator};
      let status: Status | null = null;
      if (value == null) {
        const uninhabited = inwonersKey != null && r[inwonersKey] === 0 && s.key !== inwonersKey;
        if (uninhabited) status = STATUS.unavailable;
        else if (emptyLevels.has(String(r.region_level))) status = firstRelease ? STATUS.notPublished : STATUS.unavailable;
        else status = STATUS.secret;
      }
      const row: TidyRow = {...base, value: typeof value === "number" ? value : value == null ? null : Number(value), status};
      cells.set(row.region_code, row);
      out.push(row);
    }
    byIndicator.set(s.indicator, cells);
  }
  for (const def of INDICATORS) {
    if (!def.derive || byIndicator.has(def.id)) continue;
    const num = byIndicator.get(def.derive.numerator);
    const den = byIndicator.get(def.derive.denominator);
    if (!num || !den) continue;
    for (const [code, n] of num) {
      const d = den.get(code);
      const row: TidyRow = {...n, indicator: def.id, value: null, status: null};
      if (n.value != null && d?.value != null && d.value > 0) row.value = round((n.value / d.value) * 1000, def.decimals);
      else row.status = n.status ?? d?.status ?? STATUS.unavailable;
      out.push(row);
    }
  }
  return out;
}

/** The derived indicators an edition gets, for the per-edition record. */
export function derivedSources(sources: IndicatorSource[]): IndicatorSource[] {
  const have = new Set(sources.map((s) => s.indicator));
  return INDICATORS.filter((d) => d.derive && !have.has(d.id) && have.has(d.derive.numerator) && have.has(d.derive.denominator)).map((d) => ({
    indicator: d.id,
    key: null,
    title: `afgeleid: ${d.derive!.numerator} / ${d.derive!.denominator} × 1.000`,
    unit: d.unit
  }));
}
