/**
 * KWB editions and PDOK boundaries for gemeenten the code has never seen, for the fixture server. Shaped like the
 * real tables (cbs-odata.md §3): string columns first, keys whose ordinals shift per edition, the title variants CBS
 * really uses, a first release with empty income columns, a suppressed cell and an uninhabited buurt.
 * Values are invented but deterministic.
 */
import type {Feature} from "geojson";
import type {FixtureTable, FixtureTopic} from "../fixtures/cbs-server.js";
import {pdokFeature, type PdokYear} from "../fixtures/pdok-server.js";
import {KWB_TABLES} from "../../loaders/kwb/editions.js";
import {kwbDenHaag2019, kwbDenHaag2020FirstRelease} from "../fixtures/cbs/tables.js";

/** A synthetic gemeente: code, name, and a grid of wijken × buurten. */
export interface TestGemeente {
  code: string;
  name: string;
  wijken: number;
  buurten: number;
  /** Lower-left corner of its grid (lon, lat). */
  at: [number, number];
}

export const AA_EN_HUNZE: TestGemeente = {code: "GM1680", name: "Aa en Hunze", wijken: 3, buurten: 3, at: [6.7, 53.0]};
export const TYNAARLO: TestGemeente = {code: "GM1730", name: "Tynaarlo", wijken: 2, buurten: 2, at: [6.55, 53.1]};

const wijkCode = (g: TestGemeente, w: number) => `WK${g.code.slice(2)}${String(w + 1).padStart(2, "0")}`;
const buurtCode = (g: TestGemeente, w: number, b: number) => `BU${g.code.slice(2)}${String(w + 1).padStart(2, "0")}${String(b + 1).padStart(2, "0")}`;

interface Region {
  code: string;
  name: string;
  soort: string;
  gemeente: TestGemeente | null;
  seed: number;
}

function regions(gemeenten: TestGemeente[]): Region[] {
  const out: Region[] = [{code: "NL00", name: "Nederland", soort: "Land", gemeente: null, seed: 0}];
  gemeenten.forEach((g, gi) => {
    out.push({code: g.code, name: g.name, soort: "Gemeente", gemeente: g, seed: 100 * (gi + 1)});
    for (let w = 0; w < g.wijken; w++) {
      out.push({code: wijkCode(g, w), name: `${g.name} wijk ${w + 1}`, soort: "Wijk", gemeente: g, seed: 100 * (gi + 1) + 10 * (w + 1)});
      for (let b = 0; b < g.buurten; b++) out.push({code: buurtCode(g, w, b), name: `Buurt ${w + 1}.${b + 1}`, soort: "Buurt", gemeente: g, seed: 100 * (gi + 1) + 10 * (w + 1) + b + 1});
    }
  });
  return out;
}

type Concept = "inwoners" | "huishoudens" | "inkomen" | "laag" | "minimum" | "tot110" | "tot120" | "armoede" | "bijstand" | "wmo" | "jeugdzorg" | "jeugdzorgPct" | "woz";

/**
 * Title variants by edition parity: odd years abbreviate as CBS did ("Huish.", "Aantal Wmo-cliënten"); the youth-care
 * titles follow CBS's real wording per edition (2023: "… in natura" on both, 2024: "Percentage jongeren met jeugdzorg").
 */
function titles(year: number): Record<Concept, string> {
  const odd = year % 2 === 1;
  return {
    inwoners: "Aantal inwoners",
    inkomen: "Gemiddeld inkomen per inwoner",
    laag: odd ? "Huish. met een laag inkomen" : "Huishoudens met een laag inkomen",
    minimum: odd ? "Huish. onder of rond sociaal minimum" : "Huishoudens onder of rond sociaal minimum",
    tot110: "Huishoudens tot 110% van sociaal minimum",
    tot120: "Huishoudens tot 120% van sociaal minimum",
    armoede: "Personen in armoede",
    bijstand: odd ? "Personen per soort uitkering; Bijstand" : "Bijstand",
    wmo: odd ? "Aantal Wmo-cliënten" : "Wmo-cliënten",
    jeugdzorg: year === 2023 ? "Aantal jongeren met jeugdzorg in natura" : "Jongeren met jeugdzorg in natura",
    jeugdzorgPct: year === 2023 ? "Percentage jongeren met jeugdzorg in natura" : "Percentage jongeren met jeugdzorg",
    huishoudens: "Huishoudens totaal",
    woz: "Gemiddelde WOZ-waarde van woningen"
  };
}

const INCOME: Concept[] = ["inkomen", "laag", "minimum", "tot110", "tot120", "armoede", "wmo", "jeugdzorg", "jeugdzorgPct"];

/** Options of one edition. */
export interface EditionOptions {
  firstRelease?: boolean;
  modified?: string;
  /** Levels the edition has rows for (default gemeente, wijk and buurt); CBS left buurten out of some tables. */
  levels?: ("wijk" | "buurt")[];
  /** Areas that got a new code with the same boundary in this edition (old → new): CBS's re-coding column says 2. */
  recode?: Record<string, string>;
  /** Areas re-coded in an earlier edition (old → new): their new code, and CBS's column says 1. */
  renamed?: Record<string, string>;
  /** Areas whose boundary changed in this edition: CBS's re-coding column says 3. */
  changed?: string[];
  /** Leave CBS's re-coding column out (as the fixtures of older tests do). */
  noChangeColumn?: boolean;
  /** Extra description text of the income measures (e.g. a stated income year). */
  incomeDescription?: string;
}

/**
 * One KWB edition for the given gemeenten (plus NL00). From 2024 the new poverty measure replaces the 110/120%
 * columns. Keys shift by two ordinals per edition; the first buurt of the last wijk is uninhabited, the last buurt
 * of the first wijk has its income cells suppressed.
 */
export function kwbEdition(year: number, gemeenten: TestGemeente[], options: EditionOptions = {}): FixtureTable {
  const levels = new Set(["Land", "Gemeente", ...(options.levels ?? ["wijk", "buurt"]).map((l) => (l === "wijk" ? "Wijk" : "Buurt"))]);
  const all = regions(gemeenten).filter((r) => levels.has(r.soort));
  const t = titles(year);
  // Keys keep their ordinals from before huishoudens and the youth-care share were added (at the end).
  const concepts: Concept[] = ["inwoners", "woz", "inkomen", "laag", "minimum", ...(year >= 2024 ? (["armoede"] as Concept[]) : (["tot110", "tot120"] as Concept[])), "bijstand", "jeugdzorg", "wmo", "huishoudens", "jeugdzorgPct"];
  const shift = 2 * (year - 2019);
  const keyOf = (c: Concept, i: number) => (c === "inwoners" ? "AantalInwoners_5" : `${c[0].toUpperCase()}${c.slice(1)}_${70 + i + shift}`);
  const COUNTS: Concept[] = ["inwoners", "huishoudens", "bijstand", "wmo", "jeugdzorg"];
  const change = year >= 2022 ? "IndelingswijzigingGemeenteWijkBuurt_4" : "IndelingswijzigingWijkenEnBuurten_4";
  const topics: FixtureTopic[] = [
    {key: "Gemeentenaam_1", title: "Gemeentenaam", datatype: "String"},
    {key: "SoortRegio_2", title: "Soort regio", datatype: "String"},
    ...(options.noChangeColumn ? [] : [{key: change, title: year >= 2022 ? "Indelingswijziging gemeente/wijk/buurt" : "Indelingswijziging wijken en buurten", datatype: "String"}]),
    ...concepts.map((c, i): FixtureTopic => ({
      key: keyOf(c, i), title: t[c],
      unit: c === "inkomen" || c === "woz" ? "x 1 000 euro" : COUNTS.includes(c) ? "aantal" : "%",
      decimals: [...COUNTS, "woz"].includes(c) ? 0 : 1, datatype: [...COUNTS, "woz"].includes(c) ? "Long" : "Double",
      description: INCOME.includes(c) && options.incomeDescription ? options.incomeDescription : null
    }))
  ];
  const recodedTo = new Map(Object.entries(options.recode ?? {}));
  const renamed = new Map([...Object.entries(options.renamed ?? {}), ...recodedTo]);
  const rows = all.map((r) => {
    const code = renamed.get(r.code) ?? r.code;
    const row: Record<string, string | number | null> = {WijkenEnBuurten: code, Gemeentenaam_1: (r.gemeente?.name ?? "Nederland").padEnd(40), SoortRegio_2: r.soort.padEnd(10)};
    if (!options.noChangeColumn) row[change] = r.soort === "Wijk" || r.soort === "Buurt" ? (recodedTo.has(r.code) ? "2" : options.changed?.includes(code) ? "3" : "1") : ".";
    const g = r.gemeente;
    const uninhabited = g != null && r.code === buurtCode(g, g.wijken - 1, 0);
    const secret = g != null && r.code === buurtCode(g, 0, g.buurten - 1);
    const k = (r.seed % 97) / 97;
    const inwoners = r.code === "NL00" ? 17_500_000 : uninhabited ? 0 : r.soort === "Buurt" ? 800 + Math.round(1200 * k) : r.soort === "Wijk" ? 5000 : 15000;
    const values: Record<Concept, number> = {
      inwoners,
      huishoudens: Math.round(inwoners / 2.1 / 5) * 5,
      woz: 250 + Math.round(100 * k) + (year - 2019) * 12,
      inkomen: Math.round(10 * (28 + 6 * k + 0.5 * (year - 2019))) / 10,
      laag: Math.round(10 * (6 + 10 * k - 0.2 * (year - 2019))) / 10,
      minimum: Math.round(10 * (5 + 9 * k)) / 10,
      tot110: Math.round(10 * (6 + 11 * k)) / 10,
      tot120: Math.round(10 * (7.5 + 13 * k)) / 10,
      armoede: Math.round(10 * (3 + 5 * k)) / 10,
      bijstand: Math.round(inwoners * (0.01 + 0.03 * k)),
      wmo: Math.round(inwoners * (0.04 + 0.05 * k)),
      jeugdzorg: Math.round(inwoners * 0.012),
      jeugdzorgPct: Math.round(10 * (8 + 4 * k)) / 10
    };
    concepts.forEach((c, i) => {
      let v: number | null = values[c];
      if (uninhabited && c !== "inwoners" && c !== "bijstand" && c !== "huishoudens") v = null;
      if (secret && ["inkomen", "laag", "minimum", "tot110", "tot120", "armoede"].includes(c)) v = null;
      if (options.firstRelease && INCOME.includes(c)) v = null;
      row[keyOf(c, i)] = v;
    });
    return row;
  });
  return {
    id: KWB_TABLES[year],
    title: `Kerncijfers wijken en buurten ${year}`,
    modified: options.modified ?? `${Math.min(year + 2, 2026)}-03-01T02:00:00`,
    dimensions: [{key: "WijkenEnBuurten", title: "Wijken en buurten", kind: "GeoDimension", width: 10, codes: all.map((r) => ({key: renamed.get(r.code) ?? r.code, title: r.name}))}],
    topics,
    rows
  };
}

/** Five editions 2020–2024 for the gemeenten; 2024 is a first release. */
export function kwbEditions(gemeenten: TestGemeente[], years = [2020, 2021, 2022, 2023, 2024]): FixtureTable[] {
  return years.map((y) => kwbEdition(y, gemeenten, {firstRelease: y === 2024}));
}

/** PDOK boundaries of a year: squares in a grid, one water feature per gemeente; `drop`/`extra` buurt codes for join reports. */
export function pdokYear(year: number, gemeenten: TestGemeente[], {drop = [] as string[], extra = [] as string[]} = {}): PdokYear {
  const wijken: Feature[] = [];
  const buurten: Feature[] = [];
  const gemeenteFeatures: Feature[] = [];
  for (const g of gemeenten) {
    const size = 0.01;
    const ring = [[g.at[0], g.at[1]], [g.at[0] + size, g.at[1]], [g.at[0] + size, g.at[1] + g.wijken * size], [g.at[0], g.at[1] + g.wijken * size], [g.at[0], g.at[1]]];
    gemeenteFeatures.push({type: "Feature", id: `gemeente.${g.code}`, properties: {gemeentecode: g.code, gemeentenaam: g.name, water: "NEE"}, geometry: {type: "Polygon", coordinates: [ring]}});
    for (let w = 0; w < g.wijken; w++) {
      const at: [number, number] = [g.at[0], g.at[1] + w * size];
      wijken.push(pdokFeature("wijk", wijkCode(g, w), `${g.name} wijk ${w + 1}`, g.code, at, size));
      for (let b = 0; b < g.buurten; b++) {
        const code = buurtCode(g, w, b);
        if (drop.includes(code)) continue;
        buurten.push(pdokFeature("buurt", code, `Buurt ${w + 1}.${b + 1}`, g.code, [at[0] + (b * size) / g.buurten, at[1]], size / g.buurten));
      }
    }
    // Water: PDOK publishes water parts of buurten as features with water = JA.
    buurten.push(pdokFeature("buurt", buurtCode(g, 0, 0), "Buurt 1.1 (water)", g.code, [g.at[0] - 0.01, g.at[1]], 0.005, true));
    extra.filter((c) => c.slice(2, 6) === g.code.slice(2)).forEach((code, i) => buurten.push(pdokFeature("buurt", code, `Nieuwe buurt ${i + 1}`, g.code, [g.at[0] + 0.02, g.at[1] + i * 0.003], 0.003)));
  }
  return {year, wijken, buurten, gemeenten: gemeenteFeatures};
}

/** A gemeente with the provincie "Gebieden in Nederland" puts it in. */
export type PlacedGemeente = TestGemeente & {provincie: [code: string, name: string]};

/**
 * CBS's "Gebieden in Nederland <year>" for the gemeenten: their name and code, another kind of region (a COROP
 * pair, so the provincie columns have to be found, not assumed), and the provincie's code and name. Keys as in 2024.
 */
export function gebiedenInNederland(year: number, gemeenten: PlacedGemeente[], id = "85755NED"): FixtureTable {
  const topics: FixtureTopic[] = [
    {key: "Naam_2", title: "Naam", datatype: "String"},
    {key: "Code_3", title: "Code", datatype: "String"},
    {key: "Code_14", title: "Code", datatype: "String"},
    {key: "Naam_15", title: "Naam", datatype: "String"},
    {key: "Code_28", title: "Code", datatype: "String"},
    {key: "Naam_29", title: "Naam", datatype: "String"},
    {key: "Inwonertal_52", title: "Inwonertal", datatype: "Long", unit: "aantal", decimals: 0}
  ];
  return {
    id,
    title: `Gebieden in Nederland ${year}`,
    modified: `${year}-07-01T02:00:00`,
    dimensions: [{key: "RegioS", title: "Regio's", kind: "GeoDimension", width: 6, codes: gemeenten.map((g) => ({key: g.code, title: g.name}))}],
    topics,
    rows: gemeenten.map((g, i) => ({
      RegioS: g.code, Naam_2: g.name.padEnd(40), Code_3: g.code.padEnd(10), Code_14: `CR${String(i % 40).padStart(2, "0")}`.padEnd(10), Naam_15: `COROP ${i % 40}`.padEnd(40),
      Code_28: g.provincie[0].padEnd(10), Naam_29: g.provincie[1].padEnd(40), Inwonertal_52: 10_000 + i
    }))
  };
}

/**
 * Real CBS titles and units of the Den Haag KWB columns whose fixture titles are derived from keys (the CSV has no
 * titles), as the KWB 2019 table shows them on cbs.nl (cijfers/detail/84583NED).
 */
const REAL_TITLES: Record<string, [string, string]> = {
  HuishoudensTotaal_28: ["Huishoudens totaal", "aantal"],
  HuishOnderOfRondSociaalMinimum_79: ["Huish. onder of rond sociaal minimum", "%"],
  HuishoudensTot110VanSociaalMinimum_80: ["Huishoudens tot 110% van sociaal minimum", "%"],
  HuishoudensTot120VanSociaalMinimum_81: ["Huishoudens tot 120% van sociaal minimum", "%"],
  PersonenPerSoortUitkeringBijstand_83: ["Personen per soort uitkering; Bijstand", "aantal"],
  JongerenMetJeugdzorgInNatura_87: ["Jongeren met jeugdzorg in natura", "aantal"],
  PercentageJongerenMetJeugdzorg_88: ["Percentage jongeren met jeugdzorg", "%"],
  WmoClienten_89: ["Wmo-cliënten", "aantal"],
  WmoClientenRelatief_90: ["Wmo-cliënten relatief", "per 1 000 inwoners"]
};

function withRealTitles(table: FixtureTable): FixtureTable {
  return {...table, topics: table.topics.map((t) => (REAL_TITLES[t.key] ? {...t, title: REAL_TITLES[t.key][0], unit: REAL_TITLES[t.key][1]} : t))};
}

/** The real Den Haag KWB 2019 (from ../shared), with CBS's titles on the poverty columns. */
export function denHaag2019(): FixtureTable {
  return withRealTitles(kwbDenHaag2019());
}

/** The real Den Haag KWB 2020 first release (from ../shared), with CBS's titles on the poverty columns. */
export function denHaag2020FirstRelease(): FixtureTable {
  return withRealTitles(kwbDenHaag2020FirstRelease());
}

/** Den Haag's income columns (KWB 2019 keys). */
const DEN_HAAG_INCOME = ["GemiddeldInkomenPerInwoner_72", "HuishoudensMetEenLaagInkomen_78", "HuishOnderOfRondSociaalMinimum_79", "HuishoudensTot110VanSociaalMinimum_80", "HuishoudensTot120VanSociaalMinimum_81"];

/**
 * An edition with income figures for the gemeente only, built from the real Den Haag 2019 table as KWB 2021
 * (85039NED): no buurt rows at all, wijk rows with empty income columns. It is the shape that once left the map blank.
 */
export function denHaagGemeenteOnly(): FixtureTable {
  const base = denHaag2019();
  const keep = (code: string) => !code.startsWith("BU");
  return {
    ...base,
    id: KWB_TABLES[2021],
    title: "Kerncijfers wijken en buurten 2021",
    modified: "2023-03-03T02:00:00",
    dimensions: base.dimensions.map((d) => ({...d, codes: d.codes.filter((c) => keep(c.key))})),
    rows: base.rows
      .filter((r) => keep(String(r.WijkenEnBuurten)))
      .map((r) => (String(r.WijkenEnBuurten).startsWith("WK") ? {...r, ...Object.fromEntries(DEN_HAAG_INCOME.map((k) => [k, null]))} : r))
  };
}
