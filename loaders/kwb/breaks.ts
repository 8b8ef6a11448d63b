/**
 * Definition breaks between KWB editions, so charts can mark where a series is not comparable: a changed unit, and
 * wijken and buurten whose boundaries changed. Re-codings come from CBS's own column `IndelingswijzigingWijkenEnBuurten`
 * (`IndelingswijzigingGemeenteWijkBuurt` from 2022): 1 = code and boundary unchanged since the year before, 2 = new
 * code with the same boundary (joined to its old code), 3 = boundary changed (a break in that area's series only).
 * Nothing is inferred from a level an edition lacks: an edition without buurt rows says nothing about buurten.
 * A measure that first appears (CBS's new poverty measure) is a note, not a break: it cuts no other series.
 */
import type {IndicatorSource} from "./indicators.js";

/** CBS's re-coding indicator of one area: 1 unchanged, 2 new code same boundary, 3 boundary changed. */
export type AreaChange = 1 | 2 | 3;

/** A re-coded area: its code in the previous edition and in this one. */
export interface Recoding {
  from: string;
  to: string;
}

/**
 * A break or note before `edition` (compared with `previous`). `definitie` breaks cut every series of their
 * `indicators`; `indeling` breaks cut only the series of `codes` (areas whose boundary changed); a `nieuwe maat`
 * note cuts nothing.
 */
export interface DefinitionBreak {
  edition: number;
  previous: number;
  kind: "definitie" | "indeling" | "nieuwe maat";
  indicators: string[];
  level?: "gemeente" | "wijk" | "buurt";
  /** The series this break cuts (indeling): areas present in both editions whose boundary changed. */
  codes?: string[];
  /** Dutch, for readers. */
  description: string;
  removed?: string[];
  added?: string[];
  /** Areas whose boundary changed (CBS says 3). */
  changed?: string[];
  /** New codes for unchanged areas (CBS says 2), joined to their old code. */
  recoded?: Recoding[];
  /** How the break was found: CBS's column, or (for editions without it) a comparison of code lists. */
  basis?: "cbs" | "codes";
}

/** One area of an edition as break detection needs it. */
export interface AreaFact {
  code: string;
  level: string;
  name?: string;
  /** CBS's re-coding indicator, or null when the edition has no such column or leaves the cell empty. */
  change?: AreaChange | null;
}

/** What break detection needs of each edition. */
export interface EditionFacts {
  edition: number;
  indicators: IndicatorSource[];
  /** The gemeente's own areas in this edition (gemeente, wijken, buurten). */
  codes: AreaFact[];
}

const LOW_INCOME = ["laag_inkomen_pct", "sociaal_minimum_pct", "tot_110_pct", "tot_120_pct"];
const LEVELS = ["gemeente", "wijk", "buurt"] as const;
const NOUN = {gemeente: ["gemeente", "gemeenten"], wijk: ["wijk", "wijken"], buurt: ["buurt", "buurten"]} as const;

const normaliseName = (name: string | undefined) => (name ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
const count = (n: number, [one, many]: readonly [string, string]) => `${n} ${n === 1 ? one : many}`;

/** Finds the breaks and notes between editions (sorted by year). */
export function findBreaks(editions: EditionFacts[]): DefinitionBreak[] {
  const sorted = [...editions].sort((a, b) => a.edition - b.edition);
  const out: DefinitionBreak[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    const had = new Map(prev.indicators.map((s) => [s.indicator, s]));
    const has = new Map(cur.indicators.map((s) => [s.indicator, s]));
    if (has.has("armoede_personen_pct") && !sorted.slice(0, i).some((e) => e.indicators.some((s) => s.indicator === "armoede_personen_pct"))) {
      out.push({
        edition: cur.edition, previous: prev.edition, kind: "nieuwe maat",
        indicators: ["armoede_personen_pct", ...LOW_INCOME.filter((id) => has.has(id) || had.has(id))],
        description: `Vanaf ${cur.edition} meet het CBS armoede ook met een nieuwe maat (personen in armoede). Die is niet vergelijkbaar met de maten voor laag inkomen en sociaal minimum; hun reeksen lopen gewoon door.`
      });
    }
    for (const [id, s] of has) {
      const p = had.get(id);
      if (p && p.unit && s.unit && p.unit !== s.unit && p.key && s.key) {
        out.push({edition: cur.edition, previous: prev.edition, kind: "definitie", indicators: [id],
          description: `De eenheid van „${s.title}” veranderde van ${p.unit} in ${s.unit}.`});
      }
    }
  }
  for (const level of LEVELS) out.push(...levelBreaks(sorted, level));
  return out.sort((a, b) => a.edition - b.edition || order(a) - order(b));
}

const order = (b: DefinitionBreak) => ["nieuwe maat", "definitie", "indeling"].indexOf(b.kind) * 10 + (b.level ? LEVELS.indexOf(b.level) : 0);

/**
 * Re-codings and boundary changes at one level. Each edition with rows at the level is compared with the latest
 * earlier edition that has rows at that level; editions without such rows are skipped, never read as "all removed".
 */
function levelBreaks(sorted: EditionFacts[], level: (typeof LEVELS)[number]): DefinitionBreak[] {
  const out: DefinitionBreak[] = [];
  const withLevel = sorted.filter((e) => e.codes.some((c) => c.level === level));
  for (let i = 1; i < withLevel.length; i++) {
    const prev = withLevel[i - 1];
    const cur = withLevel[i];
    const before = new Map(prev.codes.filter((c) => c.level === level).map((c) => [c.code, c]));
    const after = cur.codes.filter((c) => c.level === level);
    const fromCbs = after.some((c) => c.change != null);
    const changed: string[] = [];
    const recoded: Recoding[] = [];
    const added: string[] = [];
    const gone = new Set([...before.keys()].filter((c) => !after.some((a) => a.code === c)));
    for (const area of after) {
      const existed = before.has(area.code);
      if (fromCbs && area.change === 3) {
        changed.push(area.code);
        if (!existed) added.push(area.code);
        continue;
      }
      if (existed) continue;
      // A new code for an unchanged area: CBS does not name the old code, so find the one code that went away
      // under the same name. Without a unique match the area starts a new series.
      const twins = area.change === 2 ? [...gone].filter((c) => normaliseName(before.get(c)!.name) === normaliseName(area.name) && area.name) : [];
      if (area.change === 2 && twins.length === 1) {
        recoded.push({from: twins[0], to: area.code});
        gone.delete(twins[0]);
      } else added.push(area.code);
    }
    const removed = [...gone].sort();
    if (!changed.length && !recoded.length && !removed.length && !added.length) continue;
    const codes = changed.filter((c) => before.has(c)).sort();
    const [one] = NOUN[level];
    const parts = [
      changed.length ? `${count(changed.length, NOUN[level])} ${changed.length === 1 ? "kreeg" : "kregen"} andere grenzen (${changed.sort().join(", ")})` : "",
      recoded.length ? `${count(recoded.length, NOUN[level])} ${recoded.length === 1 ? "kreeg" : "kregen"} een nieuwe code met dezelfde grenzen (${recoded.map((r) => `${r.from} → ${r.to}`).join(", ")})` : "",
      removed.length ? `${count(removed.length, [`${one}code`, `${one}codes`])} ${removed.length === 1 ? "verviel" : "vervielen"}` : "",
      added.length ? `${count(added.length, [`${one}code`, `${one}codes`])} ${added.length === 1 ? "kwam" : "kwamen"} erbij` : ""
    ].filter(Boolean);
    const gap = cur.edition - prev.edition > 1 && fromCbs ? ` Het CBS vergelijkt met ${cur.edition - 1}; wijzigingen tussen ${prev.edition} en ${cur.edition - 1} staan niet in deze tabel.` : "";
    const source = fromCbs ? "volgens het CBS" : "volgens de codes (deze editie heeft geen CBS-kolom voor indelingswijzigingen)";
    out.push({
      edition: cur.edition, previous: prev.edition, kind: "indeling", indicators: [], level, codes,
      removed, added: added.sort(), changed: changed.sort(), recoded, basis: fromCbs ? "cbs" : "codes",
      description: `De ${level === "gemeente" ? "gemeentegrens" : `${one}indeling`} veranderde tussen ${prev.edition} en ${cur.edition} (${source}): ${joinDutch(parts)}.${gap}`
    });
  }
  return out;
}

function joinDutch(parts: string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join("; ")} en ${parts.at(-1)}` : parts.join("");
}

/** CBS's re-coding indicator from a cell ("1", "2", "3", padded, or a number); null for anything else ("." or empty). */
export function parseChange(value: unknown): AreaChange | null {
  const n = Number(String(value ?? "").trim());
  return n === 1 || n === 2 || n === 3 ? n : null;
}

/** The key of CBS's re-coding column in an edition (renamed in 2022), by key or title; null when absent. */
export function changeColumn(measures: {key: string; title: string}[]): string | null {
  return measures.find((m) => /^Indelingswijziging/i.test(m.key) || /^indelingswijziging\b/i.test(m.title.trim()))?.key ?? null;
}
