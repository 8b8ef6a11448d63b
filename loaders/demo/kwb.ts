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
import {partition, randomStream, round} from "./random.js";

/** A measure by its stable concept, with each edition's key. */
interface Concept {
  id: "inwoners" | "huishoudens" | "huishoudgrootte" | "woz" | "inkomen" | "laagInkomen" | "sociaalMinimum" | "bijstand" | "wmo";
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
  {id: "wmo", title: "Wmo-cliënten", unit: "aantal", decimals: 0}
];

/** One KWB edition: the CBS table it imitates, its keys, and what a first release leaves empty. */
export interface Edition {
  year: 2018 | 2019 | 2020;
  table: string;
  title: string;
  modified: string;
  keys: Partial<Record<Concept["id"], string>>;
  /** Columns that a first release publishes empty. */
  empty: Concept["id"][];
}

export const EDITIONS: Record<Edition["year"], Edition> = {
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
        out.set(code, {inwoners: 0, huishoudens: 0, huishoudgrootte: null, woz: null, inkomen: null, laagInkomen: null, sociaalMinimum: null, bijstand: 0, wmo: 0});
        return;
      }
      const size = round(w.huishoudgrootte * rnd.uniform(0.9, 1.1), 1);
      const laag = round(w.laagInkomenPct * factors[i], 1);
      out.set(code, {
        inwoners: n,
        huishoudens: Math.round(n / size / 5) * 5,
        huishoudgrootte: size,
        woz: Math.round(420 - 14 * laag + rnd.uniform(-30, 30)),
        inkomen: round(36 - 0.75 * laag + rnd.uniform(-1.5, 1.5), 1),
        laagInkomen: laag,
        sociaalMinimum: round(laag * (w.sociaalMinimumPct / w.laagInkomenPct) * rnd.uniform(0.95, 1.03), 1),
        bijstand: bijstand[i],
        wmo: Math.round((n * rnd.uniform(0.05, 0.09)) / 5) * 5
      });
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
    out.set(code, {
      inwoners,
      huishoudens: v.huishoudens == null ? null : Math.round(((v.huishoudens ?? 0) * g) / 5) * 5,
      huishoudgrootte: v.huishoudgrootte,
      woz: v.woz == null ? null : Math.round(v.woz * (1 + direction * 0.06)),
      inkomen: shift(v.inkomen, direction * 0.6, 0.3),
      laagInkomen: shift(v.laagInkomen, -direction * 0.4, 0.6),
      sociaalMinimum: shift(v.sociaalMinimum, -direction * 0.3, 0.5),
      bijstand: v.bijstand == null ? null : Math.round(v.bijstand * (1 + rnd.uniform(-0.06, 0.04))),
      wmo: v.wmo == null ? null : Math.round((v.wmo * (1 + direction * 0.04)) / 5) * 5
    });
  }
  return out;
}

/** Aggregates buurten to an area: sums for counts, weighted means for averages and percentages. */
function aggregate(values: Values[]): Values {
  const sum = (k: Concept["id"]) => values.reduce((a, v) => a + (v[k] ?? 0), 0);
  const mean = (k: Concept["id"], w: Concept["id"], d: number) => {
    const rows = values.filter((v) => v[k] != null && (v[w] ?? 0) > 0);
    const total = rows.reduce((a, v) => a + (v[w] as number), 0);
    return total ? round(rows.reduce((a, v) => a + (v[k] as number) * (v[w] as number), 0) / total, d) : null;
  };
  const inwoners = sum("inwoners");
  const huishoudens = sum("huishoudens");
  return {
    inwoners,
    huishoudens,
    huishoudgrootte: huishoudens ? round(inwoners / huishoudens, 1) : null,
    woz: mean("woz", "huishoudens", 0),
    inkomen: mean("inkomen", "inwoners", 1),
    laagInkomen: mean("laagInkomen", "huishoudens", 1),
    sociaalMinimum: mean("sociaalMinimum", "huishoudens", 1),
    bijstand: sum("bijstand"),
    wmo: sum("wmo")
  };
}

/** The KWB table of one edition for GM9999: 1 gemeente, 8 wijken, 40 buurten. */
export function demoKwb(seed: number, year: Edition["year"]): TableData {
  const edition = EDITIONS[year];
  const base = buurten2019(seed);
  const buurten = year === 2019 ? base : drift(base, seed, year, year > 2019 ? 1 : -1);
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
    w.buurten.forEach((name, bi) => row(buurtCode(wi, bi), name, "buurt", buurten.get(buurtCode(wi, bi))!));
  });
  const columns: ColumnSpec[] = [
    {name: "region_code", type: "string"},
    {name: "region_name", type: "string"},
    {name: "region_level", type: "string"},
    ...concepts.map((c): ColumnSpec => ({name: edition.keys[c.id]!, type: "number", title: c.title, unit: c.unit, decimals: c.decimals}))
  ];
  return {key: ["region_code"], columns, rows};
}
