/**
 * Each gemeente's provincie, from CBS's yearly table "Gebieden in Nederland <year>" (every gemeente with the
 * regions it lies in). Its columns come in pairs per kind of region, a code and a name (`Code_28`, `Naam_29` for
 * the provincies in 2025), and the keys shift between years, so the provincie's pair is found by what it holds:
 * the column whose every value is a provincie code (PV20 … PV31), and the name beside it.
 */
import {fetchTable, searchTables, type FetchOptions} from "../cbs/index.js";

/** A provincie as CBS codes and names it. */
export interface Provincie {
  code: string;
  name: string;
}

/** What the lookup found: the table it used and each gemeente's provincie. */
export interface ProvincieLookup {
  table: string;
  title: string;
  byGemeente: Map<string, Provincie>;
}

/** "Gebieden in Nederland 2024" → 2024. */
function yearOf(title: string): number | null {
  const m = /^\s*Gebieden in Nederland (\d{4})\s*$/i.exec(title);
  return m ? Number(m[1]) : null;
}

/** Folds a provincie name for comparison; CBS writes Fryslân, people also write Friesland. */
export function foldProvincie(name: string): string {
  const s = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z]+/g, " ").trim();
  return s === "friesland" ? "fryslan" : s;
}

/**
 * The provincie of every gemeente in "Gebieden in Nederland" of `year` (or the newest year before it the catalogue
 * lists, else the newest). Throws when the catalogue has no such table or the table has no provincie column.
 */
export async function lookUpProvincies(year: number, session: Pick<FetchOptions, "api" | "cacheDir" | "offline" | "http">): Promise<ProvincieLookup> {
  const tables = (await searchTables("gebieden in nederland", session))
    .map((t) => ({...t, year: yearOf(t.title)}))
    .filter((t): t is typeof t & {year: number} => t.year != null)
    .sort((a, b) => b.year - a.year);
  const table = tables.find((t) => t.year <= year) ?? tables[0];
  if (!table) throw new Error(`the CBS catalogue (${session.api ?? "v3"}) lists no "Gebieden in Nederland <year>" table, so the provincies are unknown`);
  const result = await fetchTable({...session, table: table.id, levels: ["gemeente"]});
  const text = (v: unknown) => (v == null ? "" : String(v).trim());
  const codeColumn = result.measures.findIndex((m) => result.rows.length > 0 && result.rows.every((r) => /^PV\d{2}$/.test(text(r[m.key]))));
  const nameColumn = result.measures[codeColumn + 1];
  if (codeColumn < 0 || !nameColumn || result.rows.some((r) => !text(r[nameColumn.key]))) {
    throw new Error(`CBS table ${table.id} (${table.title}) has no column of provincie codes with their names beside it`);
  }
  const byGemeente = new Map<string, Provincie>();
  for (const r of result.rows) byGemeente.set(String(r.region_code), {code: text(r[result.measures[codeColumn].key]), name: text(r[nameColumn.key])});
  return {table: table.id, title: table.title, byGemeente};
}
