/**
 * Definition breaks between KWB editions, so charts can mark where a series is not comparable:
 * a new poverty measure replacing the low-income measures, a changed unit, and re-coded wijken and buurten.
 */
import type {IndicatorSource} from "./indicators.js";

/** A break before `edition` (compared with `previous`). `indicators` empty means all indicators at `level`. */
export interface DefinitionBreak {
  edition: number;
  previous: number;
  kind: "definitie" | "indeling";
  indicators: string[];
  level?: "wijk" | "buurt";
  /** Dutch, for readers. */
  description: string;
  removed?: string[];
  added?: string[];
}

/** What break detection needs of each edition. */
export interface EditionFacts {
  edition: number;
  indicators: IndicatorSource[];
  /** Wijk and buurt codes of the gemeente in this edition. */
  codes: {code: string; level: string}[];
}

const LOW_INCOME = ["laag_inkomen_pct", "sociaal_minimum_pct", "tot_110_pct", "tot_120_pct"];

/** Finds the breaks between consecutive editions (sorted by year). */
export function findBreaks(editions: EditionFacts[]): DefinitionBreak[] {
  const sorted = [...editions].sort((a, b) => a.edition - b.edition);
  const out: DefinitionBreak[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    const had = new Map(prev.indicators.map((s) => [s.indicator, s]));
    const has = new Map(cur.indicators.map((s) => [s.indicator, s]));
    if (has.has("armoede_personen_pct") && !had.has("armoede_personen_pct")) {
      out.push({
        edition: cur.edition, previous: prev.edition, kind: "definitie",
        indicators: ["armoede_personen_pct", ...LOW_INCOME.filter((id) => has.has(id) || had.has(id))],
        description: `Vanaf ${cur.edition} meet het CBS armoede met een nieuwe maat (personen in armoede). De oudere maten voor laag inkomen en sociaal minimum zijn daarmee niet vergelijkbaar.`
      });
    }
    for (const [id, s] of has) {
      const p = had.get(id);
      if (p && p.unit && s.unit && p.unit !== s.unit && p.key && s.key) {
        out.push({edition: cur.edition, previous: prev.edition, kind: "definitie", indicators: [id],
          description: `De eenheid van „${s.title}” veranderde van ${p.unit} in ${s.unit}.`});
      }
    }
    for (const level of ["wijk", "buurt"] as const) {
      const before = new Set(prev.codes.filter((c) => c.level === level).map((c) => c.code));
      const after = new Set(cur.codes.filter((c) => c.level === level).map((c) => c.code));
      const removed = [...before].filter((c) => !after.has(c)).sort();
      const added = [...after].filter((c) => !before.has(c)).sort();
      if (!removed.length && !added.length) continue;
      const noun = level === "wijk" ? "wijkcodes" : "buurtcodes";
      out.push({
        edition: cur.edition, previous: prev.edition, kind: "indeling", indicators: [], level, removed, added,
        description: `De ${level === "wijk" ? "wijk" : "buurt"}indeling veranderde tussen ${prev.edition} en ${cur.edition}: ${removed.length} ${noun} vervielen, ${added.length} kwamen erbij.`
      });
    }
  }
  return out;
}
