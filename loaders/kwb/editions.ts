/**
 * KWB editions ("Kerncijfers wijken en buurten <year>"): one CBS table per year. The ids come from cbs-odata.md §3.1
 * and are confirmed against the catalogue title, because a wrong id would silently pull another statistic.
 */

/** Edition year → CBS table id, 2013–2025. */
export const KWB_TABLES: Readonly<Record<number, string>> = {
  2013: "82339NED",
  2014: "82931NED",
  2015: "83220NED",
  2016: "83487NED",
  2017: "83765NED",
  2018: "84286NED",
  2019: "84583NED",
  2020: "84799NED",
  2021: "85039NED",
  2022: "85318NED",
  2023: "85618NED",
  2024: "85984NED",
  2025: "86165NED"
};

/** The catalogue title of an edition. */
export function editionTitle(year: number): string {
  return `Kerncijfers wijken en buurten ${year}`;
}

/** The edition year in a catalogue title, or null when the title is not exactly a KWB edition's. */
export function editionOfTitle(title: string): number | null {
  const m = /^\s*Kerncijfers wijken en buurten (\d{4})\s*$/i.exec(title);
  return m ? Number(m[1]) : null;
}

/** A catalogue row as `searchTables` returns it. */
export interface CatalogueTable {
  id: string;
  title: string;
}

/** An edition confirmed by the catalogue. */
export interface ConfirmedEdition {
  edition: number;
  table: string;
}

/**
 * Editions the catalogue lists, newest first. A title of the form "Kerncijfers wijken en buurten <year>" counts;
 * where the catalogue's id for a year differs from the known one (or the year is newer than the list), the
 * catalogue wins, since it is what CBS serves. `note` reports such differences.
 */
export function editionsInCatalogue(rows: CatalogueTable[], note?: (line: string) => void): ConfirmedEdition[] {
  const found = new Map<number, string>();
  for (const row of rows) {
    const year = editionOfTitle(row.title);
    if (year == null) continue;
    const known = KWB_TABLES[year];
    const prev = found.get(year);
    // Prefer the known id when the catalogue lists several tables under one title.
    if (prev && prev.toUpperCase() === known?.toUpperCase()) continue;
    found.set(year, row.id);
  }
  for (const [year, id] of found) {
    const known = KWB_TABLES[year];
    if (!known) note?.(`catalogue lists ${editionTitle(year)} as ${id}, an edition newer than the built-in list`);
    else if (known.toUpperCase() !== id.toUpperCase()) note?.(`catalogue lists ${editionTitle(year)} as ${id}, not ${known}; using ${id}`);
  }
  return [...found].map(([edition, table]) => ({edition, table})).sort((a, b) => b.edition - a.edition);
}

/**
 * Parses an edition list such as `2019,2021-2024` into sorted years. Throws on anything that is not a year or a
 * range of years, naming the bad part.
 */
export function parseEditions(spec: string): number[] {
  const years = new Set<number>();
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d{4})(?:\s*-\s*(\d{4}))?$/.exec(part);
    if (!m) throw new Error(`--editions: "${part}" is not a year or a range such as 2021-2024`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) throw new Error(`--editions: range "${part}" runs backwards`);
    for (let y = from; y <= to; y++) years.add(y);
  }
  if (!years.size) throw new Error("--editions: no edition given");
  return [...years].sort((a, b) => a - b);
}

/** The table of an edition: the confirmed one when given, else the built-in id; throws for an unknown year. */
export function tableOfEdition(edition: number, confirmed: ConfirmedEdition[] = []): string {
  const table = confirmed.find((c) => c.edition === edition)?.table ?? KWB_TABLES[edition];
  if (!table) throw new Error(`${edition} is not a KWB edition (known: ${Object.keys(KWB_TABLES).join(", ")})`);
  return table;
}
