/**
 * KWB-like indicators for Voorbeeldstad in three yearly editions, shaped exactly as the CBS client returns
 * them: region_code, region_name, region_level, then one column per measure named by its real v3 key.
 * The keys drift between editions as CBS's do (cbs-odata.md §3.2): the 2018 edition numbers income as
 * `_66`/`_72`/`_73`, 2019 and 2020 as `_72`/`_78`/`_79`. The 2020 edition is a first release: its income and
 * Wmo columns are empty, bijstand is filled.
 */
import type {Cell} from "../arrow.js";
import type {ColumnSpec, TableData} from "../snapshot/table.js";
import {GEMEENTE, UNINHABITED, WIJKEN, buurtCode} from "./areas.js";
import {partition, randomStream, round, sumOf, weightedMean} from "./random.js";
import type {CbsClient, FetchResult} from "../snapshot/sources/cbs-contract.js";

/** Fixed "fetched" time of demo snapshots, so the same seed gives the same bytes (as DEMO_GENERATED_AT). */
const DEMO_FETCHED_AT = "2025-01-06T09:00:00.000Z";

/** A measure by its stable concept, with each edition's key. */
interface Concept {
  id:
    | "inwoners" | "huishoudens" | "huishoudgrootte" | "woz" | "inkomen" | "laagInkomen" | "sociaalMinimum" | "bijstand" | "wmo"
    | "tot110" | "tot120" | "armoede" | "jeugdzorg" | "jeugdzorgPct";
  title: string;
  unit: string;
  decimals: number;
}

const CONCEPTS: Concept[] = [
  {id: "inwoners", title: "Aantal inwoners", unit: "aantal", decimals: 0},
  {id: "huishoudens", title: "Huishoudens totaal", unit: "aantal", decimals: 0},
  {id: "huishoudgrootte", title: "Gemiddelde huishoudensgrootte", unit: "aantal", decimals: 1},
  {id: "woz", title: "Gemiddelde WOZ-waarde van woningen", unit: "x 1 000 euro", decimals: 0},
  {id: "inkomen", title: "Gemiddeld inkomen per inwoner", unit: "x 1 000 euro", decimals: 1},
  {id: "laagInkomen", title: "Huishoudens met een laag inkomen", unit: "%", decimals: 1},
  {id: "sociaalMinimum", title: "Huishoudens onder of rond sociaal minimum", unit: "%", decimals: 1},
  {id: "bijstand", title: "Personen per soort uitkering; Bijstand", unit: "aantal", decimals: 0},
  {id: "wmo", title: "Wmo-cliënten", unit: "aantal", decimals: 0},
  {id: "tot110", title: "Huishoudens tot 110% van sociaal minimum", unit: "%", decimals: 1},
  {id: "tot120", title: "Huishoudens tot 120% van sociaal minimum", unit: "%", decimals: 1},
  {id: "armoede", title: "Personen in armoede", unit: "%", decimals: 1},
  {id: "jeugdzorg", title: "Jongeren met jeugdzorg in natura", unit: "aantal", decimals: 0},
  {id: "jeugdzorgPct", title: "Percentage jongeren met jeugdzorg", unit: "%", decimals: 1}
];

/** One KWB edition: the CBS table it imitates, its keys, and what a first release leaves empty. */
export interface Edition {
  year: number;
  table: string;
  title: string;
  modified: string;
  keys: Partial<Record<Concept["id"], string>>;
  /** Columns that a first release publishes empty. */
  empty: Concept["id"][];
  /** Title variants this edition uses instead of the concept's title (CBS varies them between editions). */
  titles?: Partial<Record<Concept["id"], string>>;
}

export const EDITIONS: Record<2018 | 2019 | 2020, Edition> = {
  2018: {
    year: 2018, table: "84286NED", title: "Kerncijfers wijken en buurten 2018", modified: "2021-03-05T02:00:00", empty: [],
    keys: {inwoners: "AantalInwoners_5", huishoudens: "HuishoudensTotaal_28", huishoudgrootte: "GemiddeldeHuishoudensgrootte_32",
      woz: "GemiddeldeWoningwaarde_35", inkomen: "GemiddeldInkomenPerInwoner_66", laagInkomen: "HuishoudensMetEenLaagInkomen_72",
      sociaalMinimum: "HuishOnderOfRondSociaalMinimum_73", bijstand: "PersonenPerSoortUitkeringBijstand_74"}
  },
  2019: {
    year: 2019, table: "84583NED", title: "Kerncijfers wijken en buurten 2019", modified: "2022-03-04T02:00:00", empty: [],
    keys: {inwoners: "AantalInwoners_5", huishoudens: "HuishoudensTotaal_28", huishoudgrootte: "GemiddeldeHuishoudensgrootte_32",
      woz: "GemiddeldeWoningwaarde_35", inkomen: "GemiddeldInkomenPerInwoner_72", laagInkomen: "HuishoudensMetEenLaagInkomen_78",
      sociaalMinimum: "HuishOnderOfRondSociaalMinimum_79", bijstand: "PersonenPerSoortUitkeringBijstand_83", wmo: "WmoClienten_89"}
  },
  2020: {
    year: 2020, table: "84799NED", title: "Kerncijfers wijken en buurten 2020", modified: "2020-12-18T02:00:00",
    empty: ["inkomen", "laagInkomen", "sociaalMinimum", "wmo"],
    keys: {inwoners: "AantalInwoners_5", huishoudens: "HuishoudensTotaal_28", huishoudgrootte: "GemiddeldeHuishoudensgrootte_32",
      woz: "GemiddeldeWoningwaarde_35", inkomen: "GemiddeldInkomenPerInwoner_72", laagInkomen: "HuishoudensMetEenLaagInkomen_78",
      sociaalMinimum: "HuishOnderOfRondSociaalMinimum_79", bijstand: "PersonenPerSoortUitkeringBijstand_83", wmo: "WmoClienten_89"}
  }
};

type Values = Record<Concept["id"], number | null>;

/** Measures that the demo derives from others without drawing random numbers, so older streams stay unchanged. */
function withDerived(v: Omit<Values, "tot110" | "tot120" | "armoede" | "jeugdzorg" | "jeugdzorgPct">): Values {
  const sm = v.sociaalMinimum;
  const jeugd = v.inwoners == null ? null : Math.round((v.inwoners * 0.012 * (1 + (v.laagInkomen ?? 10) / 40)) / 5) * 5;
  return {
    ...v,
    tot110: sm == null ? null : round(sm * 1.22, 1),
    tot120: sm == null ? null : round(sm * 1.46, 1),
    armoede: v.laagInkomen == null ? null : round(v.laagInkomen * 0.52, 1),
    jeugdzorg: jeugd,
    jeugdzorgPct: jeugd == null || !v.inwoners ? null : round((100 * jeugd) / (v.inwoners * 0.22), 1)
  };
}

/** Buurt values for 2019: wijk anchors split over buurten with seeded variation. */
function buurten2019(seed: number): Map<string, Values> {
  const rnd = randomStream(seed, "kwb-2019");
  const out = new Map<string, Values>();
  WIJKEN.forEach((w, wi) => {
    const codes = w.buurten.map((_, bi) => buurtCode(wi, bi));
    const weights = codes.map((c) => (UNINHABITED.has(c) ? 0 : rnd.uniform(0.5, 1.5)));
    const inwoners = partition(w.inwoners, weights);
    const factors = codes.map(() => rnd.uniform(0.7, 1.3));
    const bijstand = partition(w.bijstand, inwoners.map((n, i) => n * factors[i]));
    codes.forEach((code, i) => {
      const n = inwoners[i];
      if (n === 0) {
        out.set(code, {inwoners: 0, huishoudens: 0, huishoudgrootte: null, woz: null, inkomen: null, laagInkomen: null, sociaalMinimum: null, bijstand: 0, wmo: 0,
          tot110: null, tot120: null, armoede: null, jeugdzorg: 0, jeugdzorgPct: null});
        return;
      }
      const size = round(w.huishoudgrootte * rnd.uniform(0.9, 1.1), 1);
      const laag = round(w.laagInkomenPct * factors[i], 1);
      out.set(code, withDerived({
        inwoners: n,
        huishoudens: Math.round(n / size / 5) * 5,
        huishoudgrootte: size,
        woz: Math.round(420 - 14 * laag + rnd.uniform(-30, 30)),
        inkomen: round(36 - 0.75 * laag + rnd.uniform(-1.5, 1.5), 1),
        laagInkomen: laag,
        sociaalMinimum: round(laag * (w.sociaalMinimumPct / w.laagInkomenPct) * rnd.uniform(0.95, 1.03), 1),
        bijstand: bijstand[i],
        wmo: Math.round((n * rnd.uniform(0.05, 0.09)) / 5) * 5
      }));
    });
  });
  return out;
}

/** Another year: the 2019 buurten drifted by a few percent (population, bijstand, percentages). */
function drift(base: Map<string, Values>, seed: number, year: number, direction: 1 | -1): Map<string, Values> {
  const rnd = randomStream(seed, `kwb-${year}`);
  const out = new Map<string, Values>();
  for (const [code, v] of base) {
    const g = 1 + direction * rnd.uniform(-0.005, 0.03);
    const shift = (x: number | null, d: number, s: number) => (x == null ? null : round(x + rnd.uniform(-s, s) * direction + d, 1));
    const inwoners = Math.round((v.inwoners ?? 0) * g);
    out.set(code, withDerived({
      inwoners,
      huishoudens: v.huishoudens == null ? null : Math.round(((v.huishoudens ?? 0) * g) / 5) * 5,
      huishoudgrootte: v.huishoudgrootte,
      woz: v.woz == null ? null : Math.round(v.woz * (1 + direction * 0.06)),
      inkomen: shift(v.inkomen, direction * 0.6, 0.3),
      laagInkomen: shift(v.laagInkomen, -direction * 0.4, 0.6),
      sociaalMinimum: shift(v.sociaalMinimum, -direction * 0.3, 0.5),
      bijstand: v.bijstand == null ? null : Math.round(v.bijstand * (1 + rnd.uniform(-0.06, 0.04))),
      wmo: v.wmo == null ? null : Math.round((v.wmo * (1 + direction * 0.04)) / 5) * 5
    }));
    if (!inwoners) Object.assign(out.get(code)!, {tot110: null, tot120: null, armoede: null, jeugdzorgPct: null});
  }
  return out;
}

/** Aggregates buurten to an area: sums for counts, weighted means for averages and percentages. */
function aggregate(values: Values[]): Values {
  const sum = (k: Concept["id"]) => sumOf(values, k);
  const mean = (k: Concept["id"], w: Concept["id"], d: number) => weightedMean(values, k, w, d);
  const inwoners = sum("inwoners");
  const huishoudens = sum("huishoudens");
  const jeugdzorg = sum("jeugdzorg");
  return {
    inwoners,
    huishoudens,
    tot110: mean("tot110", "huishoudens", 1),
    tot120: mean("tot120", "huishoudens", 1),
    armoede: mean("armoede", "inwoners", 1),
    jeugdzorg,
    jeugdzorgPct: inwoners ? round((100 * jeugdzorg) / (inwoners * 0.22), 1) : null,
    huishoudgrootte: huishoudens ? round(inwoners / huishoudens, 1) : null,
    woz: mean("woz", "huishoudens", 0),
    inkomen: mean("inkomen", "inwoners", 1),
    laagInkomen: mean("laagInkomen", "huishoudens", 1),
    sociaalMinimum: mean("sociaalMinimum", "huishoudens", 1),
    bijstand: sum("bijstand"),
    wmo: sum("wmo")
  };
}

/** Buurt values of a year: 2019 is the anchor; other years drift from their neighbour towards 2019. */
function buurtenOf(seed: number, year: number): Map<string, Values> {
  const base = buurten2019(seed);
  if (year === 2019) return base;
  if (year <= 2020) return drift(base, seed, year, year > 2019 ? 1 : -1);
  return drift(buurtenOf(seed, year - 1), seed, year, 1);
}

/** The KWB table of one edition for GM9999: 1 gemeente, 8 wijken, 40 buurten. */
export function demoKwb(seed: number, year: 2018 | 2019 | 2020): TableData {
  return kwbTable(seed, EDITIONS[year]);
}

/** The wide KWB table of an edition; `code` renames buurt codes (the demo's re-coding from 2023). */
function kwbTable(seed: number, edition: Edition, code: (c: string) => string = (c) => c): TableData {
  const year = edition.year;
  const buurten = buurtenOf(seed, year);
  const rows: Record<string, Cell>[] = [];
  const concepts = CONCEPTS.filter((c) => edition.keys[c.id]);
  const row = (code: string, name: string, level: string, v: Values) => {
    const r: Record<string, Cell> = {region_code: code, region_name: name, region_level: level};
    for (const c of concepts) r[edition.keys[c.id]!] = edition.empty.includes(c.id) ? null : v[c.id];
    rows.push(r);
  };
  const wijkValues = WIJKEN.map((w, wi) => {
    const v = aggregate(w.buurten.map((_, bi) => buurten.get(buurtCode(wi, bi))!));
    // 2019 wijk figures are the published anchors, not re-derived from rounded buurt figures.
    if (year === 2019) Object.assign(v, {inwoners: w.inwoners, laagInkomen: w.laagInkomenPct, sociaalMinimum: w.sociaalMinimumPct, bijstand: w.bijstand});
    return v;
  });
  row(GEMEENTE.code, GEMEENTE.name, "gemeente", aggregate(wijkValues));
  WIJKEN.forEach((w, wi) => {
    row(w.code, w.name, "wijk", wijkValues[wi]);
    w.buurten.forEach((name, bi) => row(code(buurtCode(wi, bi)), name, "buurt", buurten.get(buurtCode(wi, bi))!));
  });
  const columns: ColumnSpec[] = [
    {name: "region_code", type: "string"},
    {name: "region_name", type: "string"},
    {name: "region_level", type: "string"},
    ...concepts.map((c): ColumnSpec => ({name: edition.keys[c.id]!, type: "number", title: edition.titles?.[c.id] ?? c.title, unit: c.unit, decimals: c.decimals}))
  ];
  return {key: ["region_code"], columns, rows};
}

// ---------------------------------------------------------------------------------------------------------------
// The demo as a stand-in for CBS: five editions in the shapes and with the quirks of the real tables, served
// to the same `kwb` layer that pulls real gemeenten.

const KEYS_2019 = EDITIONS[2019].keys;
const KEYS_2020_2022: Edition["keys"] = {...KEYS_2019, tot110: "HuishoudensTot110VanSociaalMinimum_80", tot120: "HuishoudensTot120VanSociaalMinimum_81",
  jeugdzorg: "JongerenMetJeugdzorgInNatura_87", jeugdzorgPct: "PercentageJongerenMetJeugdzorg_88"};
const OLD_TITLES: Edition["titles"] = {sociaalMinimum: "Huish. onder of rond sociaal minimum", wmo: "Aantal Wmo-cliënten"};
const NEW_TITLES: Edition["titles"] = {bijstand: "Bijstand"};

/** The editions the demo serves: 2020–2023 final, 2023 with the new poverty measure and re-coded buurten, 2024 a first release. */
export const DEMO_EDITIONS: Record<number, Edition> = {
  2020: {year: 2020, table: "84799NED", title: "Kerncijfers wijken en buurten 2020", modified: "2022-03-04T02:00:00", empty: [], keys: KEYS_2020_2022, titles: OLD_TITLES},
  2021: {year: 2021, table: "85039NED", title: "Kerncijfers wijken en buurten 2021", modified: "2023-03-03T02:00:00", empty: [], keys: KEYS_2020_2022, titles: OLD_TITLES},
  2022: {year: 2022, table: "85318NED", title: "Kerncijfers wijken en buurten 2022", modified: "2024-03-01T02:00:00", empty: [], keys: KEYS_2020_2022, titles: NEW_TITLES},
  2023: {year: 2023, table: "85618NED", title: "Kerncijfers wijken en buurten 2023", modified: "2025-02-28T02:00:00", empty: [], titles: NEW_TITLES,
    keys: {inwoners: "AantalInwoners_5", huishoudens: "HuishoudensTotaal_29", huishoudgrootte: "GemiddeldeHuishoudensgrootte_33", woz: "GemiddeldeWOZWaardeVanWoningen_39",
      inkomen: "GemiddeldInkomenPerInwoner_81", laagInkomen: "HuishoudensMetEenLaagInkomen_87", sociaalMinimum: "HuishOnderOfRondSociaalMinimum_88",
      tot110: "HuishoudensTot110VanSociaalMinimum_89", tot120: "HuishoudensTot120VanSociaalMinimum_90", armoede: "PersonenInArmoede_91",
      bijstand: "PersonenPerSoortUitkeringBijstand_92", jeugdzorg: "JongerenMetJeugdzorgInNatura_96", jeugdzorgPct: "PercentageJongerenMetJeugdzorg_97", wmo: "WmoClienten_98"}},
  2024: {year: 2024, table: "85984NED", title: "Kerncijfers wijken en buurten 2024", modified: "2024-11-29T02:00:00", titles: NEW_TITLES,
    empty: ["inkomen", "laagInkomen", "sociaalMinimum", "armoede", "wmo", "jeugdzorg", "jeugdzorgPct"],
    keys: {inwoners: "AantalInwoners_5", huishoudens: "HuishoudensTotaal_29", huishoudgrootte: "GemiddeldeHuishoudensgrootte_33", woz: "GemiddeldeWOZWaardeVanWoningen_39",
      inkomen: "GemiddeldInkomenPerInwoner_78", laagInkomen: "HuishoudensMetEenLaagInkomen_84", sociaalMinimum: "HuishOnderOfRondSociaalMinimum_85",
      armoede: "PersonenInArmoede_81", bijstand: "PersonenPerSoortUitkeringBijstand_87", jeugdzorg: "JongerenMetJeugdzorgInNatura_91",
      jeugdzorgPct: "PercentageJongerenMetJeugdzorg_92", wmo: "WmoClienten_93"}}
};

/** From 2023 the demo re-codes the buurten of Buitenhof (BU999908 0x → BU999908 1x), as CBS re-codes real ones. */
export function demoBuurtCode(code: string, year: number): string {
  return year >= 2023 && /^BU999908\d{2}$/.test(code) ? `BU9999081${code.slice(9)}` : code;
}

/** A small buurt whose income figures CBS keeps secret in every edition (shown as "geheim"). */
const SECRET_BUURT = "BU99990305";
const SECRET: Concept["id"][] = ["inkomen", "laagInkomen", "sociaalMinimum", "tot110", "tot120", "armoede"];

/** Nederland's values per edition (synthetic, plausible). */
function nederland(year: number): Values {
  const t = year - 2020;
  return withDerived({inwoners: 17_407_585 + 120_000 * t, huishoudens: 7_976_000 + 60_000 * t, huishoudgrootte: 2.1, woz: 279 + 25 * t,
    inkomen: round(31.4 + 0.9 * t, 1), laagInkomen: round(8.2 - 0.3 * t, 1), sociaalMinimum: round(7.9 - 0.2 * t, 1),
    bijstand: 415_000 - 5_000 * t, wmo: 1_250_000 + 20_000 * t});
}

/** The demo's answer to a CBS table request (the `kwb` layer's `fetchTable`). */
export function demoKwbResult(seed: number, options: {table: string; within?: string | string[]; regions?: string[]}): FetchResult {
  const edition = Object.values(DEMO_EDITIONS).find((e) => e.table.toUpperCase() === options.table.toUpperCase());
  if (!edition) throw new Error(`CBS table "${options.table}" not found (demo serves ${Object.values(DEMO_EDITIONS).map((e) => e.table).join(", ")})`);
  const table = kwbTable(seed, edition, (c) => demoBuurtCode(c, edition.year));
  let rows = table.rows;
  if (options.regions?.includes("NL00")) {
    const v = nederland(edition.year);
    const r: Record<string, Cell> = {region_code: "NL00", region_name: "Nederland", region_level: "land"};
    for (const c of CONCEPTS) if (edition.keys[c.id]) r[edition.keys[c.id]!] = edition.empty.includes(c.id) ? null : v[c.id];
    rows = [r];
  } else if (options.within && [options.within].flat().some((c) => c !== GEMEENTE.code)) {
    throw new Error(`CBS table ${edition.table}: the filter matches nothing: no WijkenEnBuurten code matches within ${[options.within].flat().join(",")}`);
  } else {
    for (const r of rows) if (r.region_code === SECRET_BUURT) for (const id of SECRET) if (edition.keys[id]) r[edition.keys[id]!] = null;
  }
  // CBS's re-coding column (renamed in 2022): 2 for the re-coded Buitenhof buurten in 2023, "." for the gemeente.
  const change = edition.year >= 2022 ? {key: "IndelingswijzigingGemeenteWijkBuurt_4", title: "Indelingswijziging gemeente/wijk/buurt"} : {key: "IndelingswijzigingWijkenEnBuurten_4", title: "Indelingswijziging wijken en buurten"};
  rows = rows.map((r) => ({...r, [change.key]: r.region_level === "gemeente" || r.region_level === "land" ? "." : edition.year === 2023 && /^BU9999081\d$/.test(String(r.region_code)) ? "2" : "1"}));
  const measures = [
    {key: change.key, title: change.title, unit: null, decimals: null, datatype: "string"},
    ...table.columns.filter((c) => c.title).map((c) => ({key: c.name, title: c.title!, unit: c.unit ?? null, decimals: c.decimals ?? null, datatype: "number"}))
  ];
  return {
    table: {id: edition.table, title: edition.title, modified: edition.modified},
    columns: [...table.columns.map((c) => ({name: c.name, type: c.type})), {name: change.key, type: "string" as const}],
    rows,
    measures,
    requests: [`demo:${edition.table}?seed=${seed}${options.regions ? `&regions=${options.regions.join(",")}` : `&within=${options.within}`}`],
    fetchedAt: DEMO_FETCHED_AT
  };
}

/** A CBS client that answers from the demo generator. */
export function demoKwbClient(seed: number): CbsClient {
  return {
    fetchTable: async (options) => demoKwbResult(seed, options),
    tableInfo: async (table) => {
      const e = Object.values(DEMO_EDITIONS).find((x) => x.table === table);
      if (!e) throw new Error(`CBS table "${table}" not found`);
      return {id: e.table, title: e.title, modified: e.modified};
    }
  };
}
