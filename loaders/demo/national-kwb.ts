/**
 * The synthetic country as a stand-in for CBS: the five KWB editions of `DEMO_EDITIONS` (their table ids, key drift,
 * title variants and the 2024 first release) for all gemeenten at once, plus the context measures the comparison of
 * gemeenten uses ("Mate van stedelijkheid", density, 65+, one-person households, owner-occupied homes). It answers
 * the `kwb` layer's requests like CBS: one gemeente (`within`), several, a level, or the Nederland row.
 */
import type {Cell} from "../arrow.js";
import type {CbsClient, FetchOptions, FetchResult} from "../snapshot/sources/cbs-contract.js";
import {DEMO_EDITIONS, type Edition} from "./kwb.js";
import {aggregateAreas, buurtValues, demoGemeenten, nederlandValues, type AreaValues, type DemoGemeente, type NationalConcept} from "./national.js";

const FETCHED_AT = "2025-01-06T09:00:00.000Z";

interface Measure {
  concept: NationalConcept;
  title: string;
  unit: string;
  decimals: number;
}

/** Base concepts take the demo editions' keys and titles; the context measures get keys of their own per era. */
const BASE: Partial<Record<NationalConcept, keyof Edition["keys"]>> = {
  inwoners: "inwoners", huishoudens: "huishoudens", huishoudgrootte: "huishoudgrootte", woz: "woz", inkomen: "inkomen", laagInkomen: "laagInkomen",
  sociaalMinimum: "sociaalMinimum", tot110: "tot110", tot120: "tot120", armoede: "armoede", bijstand: "bijstand", wmo: "wmo", jeugdzorg: "jeugdzorg",
  jeugdzorgPct: "jeugdzorgPct"
};

const TITLES: Record<NationalConcept, [title: string, unit: string, decimals: number]> = {
  inwoners: ["Aantal inwoners", "aantal", 0],
  huishoudens: ["Huishoudens totaal", "aantal", 0],
  huishoudgrootte: ["Gemiddelde huishoudensgrootte", "aantal", 1],
  woz: ["Gemiddelde WOZ-waarde van woningen", "x 1 000 euro", 0],
  inkomen: ["Gemiddeld inkomen per inwoner", "x 1 000 euro", 1],
  laagInkomen: ["Huishoudens met een laag inkomen", "%", 1],
  sociaalMinimum: ["Huishoudens onder of rond sociaal minimum", "%", 1],
  tot110: ["Huishoudens tot 110% van sociaal minimum", "%", 1],
  tot120: ["Huishoudens tot 120% van sociaal minimum", "%", 1],
  armoede: ["Personen in armoede", "%", 1],
  bijstand: ["Personen per soort uitkering; Bijstand", "aantal", 0],
  wmo: ["Wmo-cliënten", "aantal", 0],
  jeugdzorg: ["Jongeren met jeugdzorg in natura", "aantal", 0],
  jeugdzorgPct: ["Percentage jongeren met jeugdzorg", "%", 1],
  ouderen: ["65 jaar of ouder", "aantal", 0],
  eenpersoons: ["Eenpersoonshuishoudens", "aantal", 0],
  landHa: ["Oppervlakte land", "ha", 0],
  dichtheid: ["Bevolkingsdichtheid", "aantal inwoners per km²", 0],
  koopwoningen: ["Koopwoningen", "%", 0],
  adressendichtheid: ["Omgevingsadressendichtheid", "aantal per km²", 0],
  stedelijkheid: ["Mate van stedelijkheid", "code", 0]
};

const CONTEXT_KEYS: Record<"old" | "new", Partial<Record<NationalConcept, string>>> = {
  old: {ouderen: "k_65JaarOfOuder_12", eenpersoons: "Eenpersoonshuishoudens_29", dichtheid: "Bevolkingsdichtheid_33", koopwoningen: "Koopwoningen_40",
    landHa: "OppervlakteLand_111", adressendichtheid: "Omgevingsadressendichtheid_116", stedelijkheid: "MateVanStedelijkheid_115"},
  new: {ouderen: "k_65JaarOfOuder_12", eenpersoons: "Eenpersoonshuishoudens_30", dichtheid: "Bevolkingsdichtheid_34", koopwoningen: "Koopwoningen_44",
    landHa: "OppervlakteLand_118", adressendichtheid: "Omgevingsadressendichtheid_121", stedelijkheid: "MateVanStedelijkheid_120"}
};

/** The measures of an edition: its key per concept, title and unit. */
export function nationalMeasures(edition: Edition): (Measure & {key: string})[] {
  const context = CONTEXT_KEYS[edition.year >= 2023 ? "new" : "old"];
  const out: (Measure & {key: string})[] = [];
  for (const concept of Object.keys(TITLES) as NationalConcept[]) {
    const base = BASE[concept];
    const key = base ? edition.keys[base] : context[concept];
    if (!key) continue;
    const [title, unit, decimals] = TITLES[concept];
    out.push({concept, key, title: (base && edition.titles?.[base]) || title, unit, decimals});
  }
  return out;
}

/** Wide rows of one gemeente (gemeente, wijken, buurten) in an edition. */
export function gemeenteRows(seed: number, g: DemoGemeente, edition: Edition): Record<string, Cell>[] {
  const measures = nationalMeasures(edition);
  const buurten = buurtValues(seed, g, edition.year);
  const rows: Record<string, Cell>[] = [];
  const row = (code: string, name: string, level: string, v: AreaValues) => {
    const r: Record<string, Cell> = {region_code: code, region_name: name, region_level: level};
    const empty = new Set<string>(edition.empty);
    for (const m of measures) r[m.key] = empty.has(BASE[m.concept] ?? "") ? null : v[m.concept];
    // Small buurten: CBS keeps income figures secret below 200 inwoners.
    if (level === "buurt" && (v.inwoners ?? 0) > 0 && (v.inwoners ?? 0) < 200) for (const m of measures) if (["inkomen", "laagInkomen", "sociaalMinimum", "tot110", "tot120", "armoede"].includes(m.concept)) r[m.key] = null;
    rows.push(r);
  };
  const wijken = g.wijken.map((w) => aggregateAreas(w.buurten.map((b) => buurten.get(b.code)!)));
  row(g.code, g.name, "gemeente", aggregateAreas(wijken));
  g.wijken.forEach((w, wi) => {
    row(w.code, w.name, "wijk", wijken[wi]);
    for (const b of w.buurten) row(b.code, b.name, "buurt", buurten.get(b.code)!);
  });
  return rows;
}

function editionOf(table: string): Edition {
  const edition = Object.values(DEMO_EDITIONS).find((e) => e.table.toUpperCase() === table.toUpperCase());
  if (!edition) throw new Error(`CBS table "${table}" not found (demo serves ${Object.values(DEMO_EDITIONS).map((e) => e.table).join(", ")})`);
  return edition;
}

/**
 * The synthetic country's answer to a KWB request: `regions: ["NL00"]` gives the Nederland row; otherwise the
 * gemeenten named by `within` (one or several) or all, at `levels` (default all). Unknown gemeenten fail as CBS does.
 */
export function nationalKwbResult(seed: number, n: number, options: Pick<FetchOptions, "table" | "within" | "regions" | "levels">): FetchResult {
  const edition = editionOf(options.table);
  const measures = nationalMeasures(edition);
  let rows: Record<string, Cell>[];
  let what: string;
  if (options.regions?.includes("NL00")) {
    const v = nederlandValues(edition.year);
    const r: Record<string, Cell> = {region_code: "NL00", region_name: "Nederland", region_level: "land"};
    const empty = new Set<string>(edition.empty);
    for (const m of measures) r[m.key] = empty.has(BASE[m.concept] ?? "") ? null : v[m.concept];
    rows = [r];
    what = "regions=NL00";
  } else {
    const all = demoGemeenten(seed, n);
    const within = options.within == null ? null : [options.within].flat();
    const unknown = (within ?? []).filter((c) => !all.some((g) => g.code === c));
    if (unknown.length) throw new Error(`CBS table ${edition.table}: the filter matches nothing: no WijkenEnBuurten code matches within ${unknown.join(",")}`);
    const levels = options.levels?.length ? new Set(options.levels) : null;
    rows = all.filter((g) => !within || within.includes(g.code)).flatMap((g) => (levels?.size === 1 && levels.has("gemeente") ? gemeenteRows(seed, g, edition).slice(0, 1) : gemeenteRows(seed, g, edition)));
    if (levels) rows = rows.filter((r) => levels.has(String(r.region_level)));
    what = `${within ? `within=${within.length === 1 ? within[0] : `${within.length} gemeenten`}` : "all"}${levels ? `&levels=${[...levels].join(",")}` : ""}`;
  }
  return {
    table: {id: edition.table, title: edition.title, modified: edition.modified},
    columns: [{name: "region_code", type: "string"}, {name: "region_name", type: "string"}, {name: "region_level", type: "string"}, ...measures.map((m) => ({name: m.key, type: "number" as const}))],
    rows,
    measures: measures.map((m) => ({key: m.key, title: m.title, unit: m.unit, decimals: m.decimals, datatype: "number"})),
    requests: [`demo:nederland/${edition.table}?seed=${seed}&gemeenten=${n}&${what}`],
    fetchedAt: FETCHED_AT
  };
}

/** A CBS client that answers from the synthetic country of `n` gemeenten. */
export function nationalKwbClient(seed: number, n: number): CbsClient {
  return {
    fetchTable: async (options) => nationalKwbResult(seed, n, options),
    tableInfo: async (table) => {
      const e = editionOf(table);
      return {id: e.table, title: e.title, modified: e.modified};
    }
  };
}
