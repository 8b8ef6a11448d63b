/**
 * Pure functions over the take-up study asset (`data/gemeente/<code>/regelingen.json`): the rows each part of the
 * page shows and the rows of its CSV downloads. A suppressed count is always the word "afgeschermd", never a number.
 * No DOM here, so Node tests use the same code as the page.
 */
import type {TakeUpRow, TakeUpStudy} from "../../loaders/municipal/study.js";
import type {AreaRow} from "./study-data.js";

export type {TakeUpRow, TakeUpStudy};

/** What a suppressed count reads as, everywhere. */
export const AFGESCHERMD = "afgeschermd";

/** The rows of one scheme, year and level, in code order. */
export function selectRows(study: TakeUpStudy, regeling: string, jaar: string, level: string): TakeUpRow[] {
  return study.rows.filter((r) => r.regeling === regeling && r.jaar === jaar && r.region_level === level).sort((a, b) => a.region_code.localeCompare(b.region_code));
}

/** Rows in the form the study map and legend draw: the take-up as value, or why it is missing. */
export function asAreaRows(rows: TakeUpRow[]): AreaRow[] {
  return rows.map((r) => ({region_code: r.region_code, region_name: r.region_name, region_level: r.region_level, edition: Number(r.jaar) || 0, indicator: "bereik", value: r.bereik, status: r.status}));
}

/** The map's indicator: take-up in percent. */
export const BEREIK_INDICATOR = {id: "bereik", label: "Bereik (%)", unit: "%", decimals: 1, mapped: true, editions: [] as number[]};

/** Scatter points per wijk: poverty (KWB reference edition) against take-up; areas without either are left out. */
export function scatterPoints(study: TakeUpStudy, regeling: string, jaar: string): {code: string; name: string; armoede: number; bereik: number}[] {
  const edition = study.reference[jaar];
  const poverty = edition == null ? {} : study.poverty.values[edition] ?? {};
  return selectRows(study, regeling, jaar, "wijk")
    .filter((r) => r.bereik != null && poverty[r.region_code] != null)
    .map((r) => ({code: r.region_code, name: r.region_name, armoede: poverty[r.region_code]!, bereik: r.bereik!}));
}

/** Column order of the CSV download. */
export const CSV_COLUMNS = ["region_code", "region_name", "region_level", "regeling", "jaar", "gebruikers", "doelgroep", "bereik_pct", "status", "kwb_editie"];

/** Rows as the CSV download has them: a suppressed count is the word "afgeschermd"; a missing rate leaves its reason. */
export function csvRows(rows: TakeUpRow[]): Record<string, string | number | null>[] {
  return rows.map((r) => ({
    region_code: r.region_code, region_name: r.region_name, region_level: r.region_level, regeling: r.regeling, jaar: r.jaar,
    gebruikers: r.gebruikers ?? AFGESCHERMD, doelgroep: r.doelgroep, bereik_pct: r.bereik, status: r.status, kwb_editie: r.kwb_editie
  }));
}

/** Dutch text of the interval rule a published table was protected with (the audit's parameters). */
export function intervalText({threshold, round, intervals}: TakeUpStudy["audit"]["parameters"]): string {
  const base = `Wie alle gepubliceerde getallen combineert (optellingen, afrondingsmarges, geen negatieve aantallen), kan een klein afgeschermd aantal niet beperken tot onder ${threshold} of tot een marge smaller dan ${round}`;
  return intervals === "protection" ? `${base}; de bovengrens ligt steeds minstens ${threshold} boven het echte aantal.` : `${base}.`;
}

/** Rows of the `armoede` table in the SQL console: the poverty share per wijk and KWB edition. */
export function povertyRows(study: TakeUpStudy): {kwb_editie: string; region_code: string; armoede_pct: number}[] {
  return Object.entries(study.poverty.values).flatMap(([kwb_editie, values]) =>
    Object.entries(values ?? {}).filter(([, v]) => v != null).map(([region_code, v]) => ({kwb_editie, region_code, armoede_pct: v as number})));
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The WHERE conditions of a chart's rows; `regeling` null means every scheme. */
function conditions(study: TakeUpStudy, regeling: string | null, jaar: string, level: string, prefix = ""): string[] {
  const where = [`${prefix}region_level = ${quote(level)}`];
  if (study.schemeColumn && regeling != null) where.push(`${prefix}regeling = ${quote(regeling)}`);
  if (study.yearColumn) where.push(`${prefix}jaar = ${quote(jaar)}`);
  return where;
}

const TABLE_NOTE = "-- regelingen: alle rijen van dit onderzoek, zoals in de download (afgeschermd blijft afgeschermd)";

/**
 * The SQL over the table `regelingen` (every row of the study, as the CSV download has them) that selects a chart's
 * rows; `regeling` null selects every scheme, `withRate` only rows that have a take-up.
 */
export function takeUpSql(study: TakeUpStudy, regeling: string | null, jaar: string, level: string, {withRate = false} = {}): string {
  const where = conditions(study, regeling, jaar, level);
  if (withRate) where.push("bereik_pct IS NOT NULL");
  return [TABLE_NOTE, `SELECT region_code, region_name, region_level, regeling, jaar, gebruikers, doelgroep, bereik_pct, status, kwb_editie`, `FROM regelingen`, `WHERE ${where.join("\n  AND ")}`, `ORDER BY region_code${regeling == null ? ", regeling" : ""};`].join("\n");
}

/** The SQL of the scatter: take-up per wijk joined to the poverty share (table `armoede`) of the reference edition. */
export function scatterSql(study: TakeUpStudy, regeling: string, jaar: string): string {
  const edition = study.reference[jaar];
  const where = [...conditions(study, regeling, jaar, "wijk", "r."), "r.bereik_pct IS NOT NULL"];
  return [TABLE_NOTE, `-- armoede: ${study.poverty.label.toLowerCase()} per wijk en editie van de kerncijfers`,
    `SELECT r.region_code, r.region_name, a.armoede_pct, r.bereik_pct`, `FROM regelingen r`,
    `JOIN armoede a ON a.region_code = r.region_code AND a.kwb_editie = ${quote(String(edition ?? ""))}`,
    `WHERE ${where.join("\n  AND ")}`, `ORDER BY r.region_code;`].join("\n");
}
