/**
 * A synthetic country for `buurtboek demo --gemeenten N`: N Voorbeeldstad-like gemeenten (GM9000, GM9001, …) on a
 * fixed grid over the Netherlands' bounding box, each with its wijken and buurten, a provincie by position, and a
 * size that ranges from a village to a city. Everything is invented. Gemeente i is the same whatever N is (its
 * numbers come from a random stream of its own and its cell from a grid that does not depend on N), so a bigger
 * workspace only adds gemeenten: that is what the national build benchmark's "add a gemeente" step relies on.
 */
import {partition, randomStream, round, sumOf, weightedMean, type Random} from "./random.js";

/** The grid: 20 columns of gemeenten, rows added downwards from the north-west corner. */
export const GRID = {cols: 20, rows: 50, west: 3.4, north: 53.5, width: 0.19, height: 0.15} as const;

/** Codes GM9000 … GM9998: no real gemeente uses them (GM9999 is Voorbeeldstad). */
export const FIRST_CODE = 9000;
export const MAX_GEMEENTEN = 999;

/** Twelve provincies as blocks of the grid (3 columns × 4 bands north to south), named as the real ones lie. */
const PROVINCIES = [
  "Friesland", "Groningen", "Drenthe",
  "Noord-Holland", "Flevoland", "Overijssel",
  "Zuid-Holland", "Utrecht", "Gelderland",
  "Zeeland", "Noord-Brabant", "Limburg"
] as const;
/** CBS's provincie codes. */
const PROVINCIE_CODES: Record<string, string> = {
  Groningen: "PV20", Friesland: "PV21", Drenthe: "PV22", Overijssel: "PV23", Flevoland: "PV24", Gelderland: "PV25",
  Utrecht: "PV26", "Noord-Holland": "PV27", "Zuid-Holland": "PV28", Zeeland: "PV29", "Noord-Brabant": "PV30", Limburg: "PV31"
};

const PREFIXES = ["Oost", "West", "Noord", "Zuid", "Nieuw", "Oud", "Groot", "Klein", "Hoog", "Laag", "Ter ", "Sint-", "Midden-", "Over", "Beneden", "Boven", "Den ", "Ooster", "Wester", "Zuider"];
const STEMS = ["veen", "dam", "dijk", "horst", "wijk", "broek", "loo", "kerk", "burg", "meer", "berg", "zand", "woude", "ven", "rade", "hoven", "stein", "haven", "schoten", "wolde", "lo", "donk", "beek", "geest"];
const STEM_STARTS = ["Aar", "Bree", "Diem", "Eem", "Gees", "Hol", "Lin", "Mar", "Rijs", "Wes", "Zwol", "Ees", "Kol", "Stad", "Ven"];
const WIJK_NAMES = ["Centrum", "Noord", "Oost", "Zuid", "West", "Dorp", "Buitengebied", "Haven", "Stationskwartier", "Parkwijk", "De Velden", "Molenwijk", "Nieuwland", "Oude Stad", "Bedrijventerrein", "Kanaalzone", "Hoogland", "Laagveld", "Bos en Hei", "Waterkant"];
const BUURT_NAMES = ["Kern", "Kerkbuurt", "Marktplein", "Vijverhof", "Lindenlaan", "Beukenhorst", "Akkerveld", "Weidebuurt", "Sluis", "Brink", "Esdorp", "Molenhoek", "Rozentuin", "Dreef", "Hoeve", "Kade", "Singel", "Plantsoen", "Boomgaard", "Heide"];

/** A synthetic buurt: code, name, share of the wijk's inwoners (0 = uninhabited) and its own poverty factor. */
export interface DemoBuurt {
  code: string;
  name: string;
  weight: number;
  factor: number;
}

/** A synthetic wijk. */
export interface DemoWijk {
  code: string;
  name: string;
  factor: number;
  buurten: DemoBuurt[];
}

/** A synthetic gemeente and what its numbers derive from. */
export interface DemoGemeente {
  index: number;
  code: string;
  name: string;
  provincie: {code: string; name: string};
  /** Grid cell (column, row). */
  cell: [number, number];
  /** Inwoners in 2022, the anchor year. */
  inwoners: number;
  /** 0 (rural) … 1 (the most urban). */
  urban: number;
  /** Land area in hectares. */
  landHa: number;
  /** Poverty level of the gemeente (share of households with a low income, %). */
  poverty: number;
  wijken: DemoWijk[];
}

/** A standard normal draw (Box–Muller). */
function normal(r: Random): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The unique name of gemeente i: a prefix and a stem, or a start and a stem. */
function gemeenteName(i: number): string {
  const simple = STEM_STARTS.length * STEMS.length;
  if (i < simple) return `${STEM_STARTS[i % STEM_STARTS.length]}${STEMS[Math.floor(i / STEM_STARTS.length) % STEMS.length]}`;
  const j = i - simple;
  const stem = `${STEM_STARTS[j % STEM_STARTS.length].toLowerCase()}${STEMS[Math.floor(j / STEM_STARTS.length) % STEMS.length]}`;
  const prefix = PREFIXES[Math.floor(j / simple) % PREFIXES.length];
  return prefix.endsWith(" ") || prefix.endsWith("-") ? `${prefix}${stem[0].toUpperCase()}${stem.slice(1)}` : `${prefix}${stem}`;
}

/** Gemeente i of the synthetic country (the same for every N). */
export function demoGemeente(seed: number, i: number): DemoGemeente {
  if (!Number.isInteger(i) || i < 0 || i >= MAX_GEMEENTEN) throw new Error(`gemeente index ${i} out of range 0–${MAX_GEMEENTEN - 1}`);
  const r = randomStream(seed, `nederland:${i}`);
  const code = `GM${FIRST_CODE + i}`;
  const cell: [number, number] = [i % GRID.cols, Math.floor(i / GRID.cols)];
  const band = Math.min(3, Math.floor((cell[1] / 18) * 4));
  const provincieName = PROVINCIES[band * 3 + Math.min(2, Math.floor((cell[0] / GRID.cols) * 3))];
  // Sizes like the real ones: median about 28,000, a long tail of cities, a few islands of a thousand.
  const inwoners = Math.round(clamp(Math.exp(Math.log(28_000) + 0.85 * normal(r)), 950, 920_000));
  const urban = clamp((Math.log10(inwoners) - 3.4) / 2.4 + 0.12 * normal(r), 0, 1);
  const landHa = Math.round(clamp(2_000 + 16_000 * r.next() * (1.2 - 0.6 * urban), 800, 30_000));
  const poverty = clamp(3.5 + 11 * urban + 2.5 * normal(r), 1.5, 24);
  const nWijken = clamp(Math.round(inwoners / 4_500 + r.uniform(-1, 2)), 1, 40);
  const wijkNames = WIJK_NAMES;
  const wijken: DemoWijk[] = [];
  for (let w = 0; w < nWijken; w++) {
    const wcode = `WK${FIRST_CODE + i}${String(w).padStart(2, "0")}`;
    const nBuurten = clamp(Math.round(r.uniform(1.5, 6.5)), 1, 9);
    const buurten: DemoBuurt[] = [];
    for (let b = 0; b < nBuurten; b++) {
      // About one buurt in sixty is uninhabited (a business park, a harbour): CBS leaves its figures empty.
      const uninhabited = nBuurten > 1 && r.next() < 1 / 60;
      buurten.push({
        code: `BU${FIRST_CODE + i}${String(w).padStart(2, "0")}${String(b).padStart(2, "0")}`,
        name: `${BUURT_NAMES[(w * 7 + b * 3 + i) % BUURT_NAMES.length]}${b >= BUURT_NAMES.length ? ` ${b}` : ""}`,
        weight: uninhabited ? 0 : r.uniform(0.3, 1.7),
        factor: r.uniform(0.75, 1.3)
      });
    }
    const name = w < wijkNames.length ? wijkNames[(w + i) % wijkNames.length] : `Wijk ${w + 1}`;
    wijken.push({code: wcode, name, factor: r.uniform(0.55, 1.6), buurten});
  }
  // Wijk names must be unique within a gemeente.
  const seen = new Map<string, number>();
  for (const w of wijken) {
    const k = seen.get(w.name) ?? 0;
    seen.set(w.name, k + 1);
    if (k) w.name = `${w.name} ${k + 1}`;
  }
  return {index: i, code, name: gemeenteName(i), provincie: {code: PROVINCIE_CODES[provincieName], name: provincieName}, cell, inwoners, urban, landHa, poverty, wijken};
}

/** The first `n` gemeenten of the synthetic country. */
export function demoGemeenten(seed: number, n: number): DemoGemeente[] {
  if (!Number.isInteger(n) || n < 2 || n > MAX_GEMEENTEN) throw new Error(`--gemeenten must be a whole number from 2 to ${MAX_GEMEENTEN}, not ${n}`);
  return Array.from({length: n}, (_, i) => demoGemeente(seed, i));
}

/** Values of one area in one edition, by concept. */
export type AreaValues = Record<NationalConcept, number | null>;

/** The measures of the national demo: the poverty study's and the context the comparison of gemeenten uses. */
export type NationalConcept =
  | "inwoners" | "huishoudens" | "huishoudgrootte" | "woz" | "inkomen" | "laagInkomen" | "sociaalMinimum" | "tot110" | "tot120"
  | "armoede" | "bijstand" | "wmo" | "jeugdzorg" | "jeugdzorgPct" | "ouderen" | "eenpersoons" | "landHa" | "dichtheid" | "koopwoningen"
  | "adressendichtheid" | "stedelijkheid";

/** CBS's classes of "Mate van stedelijkheid" by omgevingsadressendichtheid (addresses per km²). */
export function stedelijkheidOf(adressendichtheid: number | null): number | null {
  if (adressendichtheid == null) return null;
  return adressendichtheid >= 2500 ? 1 : adressendichtheid >= 1500 ? 2 : adressendichtheid >= 1000 ? 3 : adressendichtheid >= 500 ? 4 : 5;
}

const EMPTY: AreaValues = {
  inwoners: 0, huishoudens: 0, huishoudgrootte: null, woz: null, inkomen: null, laagInkomen: null, sociaalMinimum: null, tot110: null, tot120: null,
  armoede: null, bijstand: 0, wmo: 0, jeugdzorg: 0, jeugdzorgPct: null, ouderen: 0, eenpersoons: 0, landHa: 0, dichtheid: null, koopwoningen: null,
  adressendichtheid: null, stedelijkheid: null
};

/** Buurt values of a gemeente in an edition year. */
export function buurtValues(seed: number, g: DemoGemeente, year: number): Map<string, AreaValues> {
  const r = randomStream(seed, `nederland:${g.index}:${year}`);
  const growth = 1 + 0.004 * (year - 2022);
  const out = new Map<string, AreaValues>();
  const wijkInwoners = partition(Math.round(g.inwoners * growth), g.wijken.map((w) => w.buurten.reduce((a, b) => a + b.weight, 0)));
  const landPerBuurt = g.landHa / g.wijken.reduce((a, w) => a + w.buurten.length, 0);
  g.wijken.forEach((w, wi) => {
    const inwoners = partition(wijkInwoners[wi], w.buurten.map((b) => b.weight));
    w.buurten.forEach((b, bi) => {
      const n = inwoners[bi];
      const land = Math.round(landPerBuurt * r.uniform(0.6, 1.4));
      if (n === 0) {
        out.set(b.code, {...EMPTY, landHa: land});
        return;
      }
      const laag = round(clamp(g.poverty * w.factor * b.factor - 0.3 * (year - 2022) + r.uniform(-0.5, 0.5), 0.8, 45), 1);
      const size = round(clamp(2.55 - 0.85 * g.urban + r.uniform(-0.15, 0.15), 1.3, 3.2), 1);
      const huishoudens = Math.round(n / size / 5) * 5;
      const sm = round(laag * r.uniform(0.86, 0.96), 1);
      const jeugd = Math.round((n * 0.012 * (1 + laag / 40)) / 5) * 5;
      const addresses = (huishoudens * 1.08) / Math.max(0.05, (land / 100) * r.uniform(0.25, 0.6));
      out.set(b.code, {
        inwoners: n,
        huishoudens,
        huishoudgrootte: size,
        woz: Math.round(clamp(470 - 13 * laag + 40 * (1 - g.urban) + r.uniform(-40, 40), 120, 1400) * (1 + 0.06 * (year - 2022))),
        inkomen: round(clamp(38 - 0.8 * laag + r.uniform(-2, 2), 15, 80) + 0.6 * (year - 2022), 1),
        laagInkomen: laag,
        sociaalMinimum: sm,
        tot110: round(sm * 1.22, 1),
        tot120: round(sm * 1.46, 1),
        armoede: round(laag * 0.52, 1),
        bijstand: Math.round(n * clamp(0.004 + laag * 0.0016 + r.uniform(-0.002, 0.002), 0, 0.12)),
        wmo: Math.round((n * r.uniform(0.05, 0.09)) / 5) * 5,
        jeugdzorg: jeugd,
        jeugdzorgPct: round((100 * jeugd) / (n * 0.22), 1),
        ouderen: Math.round(n * clamp(0.2 + 0.1 * (1 - g.urban) + r.uniform(-0.05, 0.05), 0.05, 0.45)),
        eenpersoons: Math.round(huishoudens * clamp(0.3 + 0.25 * g.urban + r.uniform(-0.06, 0.06), 0.1, 0.75)),
        landHa: land,
        dichtheid: null,
        koopwoningen: Math.round(clamp(72 - 38 * g.urban - 1.2 * laag + r.uniform(-10, 10), 3, 98)),
        adressendichtheid: Math.round(addresses),
        stedelijkheid: null
      });
    });
  });
  for (const v of out.values()) finish(v);
  return out;
}

/** Density and urbanity follow from the other values. */
function finish(v: AreaValues): AreaValues {
  v.dichtheid = v.landHa && v.inwoners ? Math.round(v.inwoners / (v.landHa / 100)) : v.inwoners === 0 ? null : v.dichtheid;
  v.stedelijkheid = v.inwoners ? stedelijkheidOf(v.adressendichtheid) : null;
  return v;
}

/** Aggregates areas: counts summed, shares and averages weighted by households or inwoners. */
export function aggregateAreas(values: AreaValues[]): AreaValues {
  const sum = (k: NationalConcept) => sumOf(values, k);
  const mean = (k: NationalConcept, w: NationalConcept, d: number) => weightedMean(values, k, w, d);
  const inwoners = sum("inwoners");
  const huishoudens = sum("huishoudens");
  const jeugdzorg = sum("jeugdzorg");
  return finish({
    inwoners,
    huishoudens,
    huishoudgrootte: huishoudens ? round(inwoners / huishoudens, 1) : null,
    woz: mean("woz", "huishoudens", 0),
    inkomen: mean("inkomen", "inwoners", 1),
    laagInkomen: mean("laagInkomen", "huishoudens", 1),
    sociaalMinimum: mean("sociaalMinimum", "huishoudens", 1),
    tot110: mean("tot110", "huishoudens", 1),
    tot120: mean("tot120", "huishoudens", 1),
    armoede: mean("armoede", "inwoners", 1),
    bijstand: sum("bijstand"),
    wmo: sum("wmo"),
    jeugdzorg,
    jeugdzorgPct: inwoners ? round((100 * jeugdzorg) / (inwoners * 0.22), 1) : null,
    ouderen: sum("ouderen"),
    eenpersoons: sum("eenpersoons"),
    landHa: sum("landHa"),
    dichtheid: null,
    koopwoningen: mean("koopwoningen", "huishoudens", 0),
    adressendichtheid: (() => {
      const land = sum("landHa");
      return land ? Math.round(values.reduce((a, v) => a + (v.adressendichtheid ?? 0) * ((v.landHa ?? 0) / 100), 0) / (land / 100)) : null;
    })(),
    stedelijkheid: null
  });
}

/** Nederland's values per edition (synthetic, fixed: they do not depend on the number of gemeenten). */
export function nederlandValues(year: number): AreaValues {
  const t = year - 2022;
  return {
    inwoners: 17_590_672 + 120_000 * t, huishoudens: 8_110_000 + 60_000 * t, huishoudgrootte: 2.1, woz: 355 + 25 * t, inkomen: round(33.2 + 0.9 * t, 1),
    laagInkomen: round(7.6 - 0.3 * t, 1), sociaalMinimum: round(7.3 - 0.2 * t, 1), tot110: round(8.9 - 0.2 * t, 1), tot120: round(10.7 - 0.2 * t, 1),
    armoede: round(4.0 - 0.1 * t, 1), bijstand: 400_000 - 5_000 * t, wmo: 1_290_000 + 20_000 * t, jeugdzorg: 250_000, jeugdzorgPct: 6.4,
    ouderen: 3_500_000 + 60_000 * t, eenpersoons: 3_150_000 + 30_000 * t, landHa: 3_367_000, dichtheid: 522 + 4 * t, koopwoningen: 57,
    adressendichtheid: 2001, stedelijkheid: 2
  };
}
