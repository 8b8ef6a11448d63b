/**
 * The income year of a KWB edition. CBS's income figures in "Kerncijfers wijken en buurten <Y>" describe an
 * earlier year (the population of 1 January of the income year, with its income over that year): in the editions
 * checked so far two years earlier, so KWB 2024 carries income year 2022. The year is read from the edition's own
 * metadata where CBS states it (a year in the income measures' titles or descriptions), and otherwise taken as
 * edition − 2; the record says which, so a page can show how the reference year was chosen.
 */
import type {IndicatorSource} from "./indicators.js";

/** The usual distance between a KWB edition and the year its income figures describe. */
export const DEFAULT_INCOME_LAG = 2;

/** The measures whose figures are income figures of the edition. */
export const INCOME_INDICATORS = ["inkomen_per_inwoner", "laag_inkomen_pct", "sociaal_minimum_pct", "tot_110_pct", "tot_120_pct", "armoede_personen_pct"];

/** The income year of an edition and how it was found. */
export interface IncomeYear {
  year: number;
  /** edition − year. */
  lag: number;
  /** `metadata`: CBS states the year; `aanname`: no year in the metadata, edition − 2 assumed. */
  basis: "metadata" | "aanname";
  /** The words it was read from, or why it is assumed (English, for the record and the pull log). */
  evidence: string;
}

// "inkomensjaar 2022", "verslagjaar 2022", "inkomen over 2022", "betrekking op (het jaar) 2022", "cijfers over 2022", "(2022)".
const STATED = [
  /\b(?:inkomens?jaar|verslagjaar|peiljaar)\s+(\d{4})\b/i,
  /\binkomen(?:sgegevens)?\s+(?:over|in|van)\s+(?:het\s+jaar\s+)?(\d{4})\b/i,
  /\bbetrekking\s+op\s+(?:het\s+(?:inkomens|verslag)?jaar\s+)?(\d{4})\b/i,
  /\b(?:cijfers|gegevens)\s+over\s+(?:het\s+jaar\s+)?(\d{4})\b/i,
  /\((\d{4})\)/
];

/**
 * Reads the income year from the income measures' titles and descriptions. The target group's measure
 * (`tot_120_pct`) is read first; a stated year must lie between edition − 5 and the edition itself.
 */
export function incomeYearOf(edition: number, measures: {key: string; title: string; description?: string | null}[], sources: IndicatorSource[]): IncomeYear {
  const income = sources.filter((s) => s.key && INCOME_INDICATORS.includes(s.indicator));
  income.sort((a, b) => Number(b.indicator === "tot_120_pct") - Number(a.indicator === "tot_120_pct"));
  for (const s of income) {
    const m = measures.find((x) => x.key === s.key);
    for (const text of [m?.title ?? "", m?.description ?? ""]) {
      for (const pattern of STATED) {
        const hit = pattern.exec(text);
        const year = hit ? Number(hit[1]) : NaN;
        if (year >= edition - 5 && year <= edition) {
          return {year, lag: edition - year, basis: "metadata", evidence: `${s.key}: "${hit![0]}"`};
        }
      }
    }
  }
  const why = income.length ? "the income measures' titles and descriptions state no year" : "the edition has no income measures";
  return assumedIncomeYear(edition, why);
}

/** The usual lag, marked as assumed, with why nothing better was known. */
export function assumedIncomeYear(edition: number, why: string): IncomeYear {
  return {year: edition - DEFAULT_INCOME_LAG, lag: DEFAULT_INCOME_LAG, basis: "aanname", evidence: `${why}; assumed edition − ${DEFAULT_INCOME_LAG}`};
}
