/**
 * A synthetic municipal extract: take-up of Voorbeeldstad's income schemes per wijk and year.
 * Aggregates only, as a municipality would publish them after disclosure control: household counts rounded
 * to multiples of 5, counts under 10 suppressed (empty). There is no person-level record anywhere.
 */
import type {Cell} from "../arrow.js";
import type {TableData} from "../snapshot/table.js";
import {WIJKEN} from "./areas.js";
import {demoKwb} from "./kwb.js";
import {randomStream} from "./random.js";

/** The schemes and their typical take-up among eligible households. */
const REGELINGEN = [
  {name: "Stadspas", bereik: 0.62},
  {name: "Bijzondere bijstand", bereik: 0.41},
  {name: "Kwijtschelding gemeentelijke belastingen", bereik: 0.55}
];

/** Minimum published count; smaller cells are suppressed. */
export const MIN_COUNT = 10;

const round5 = (n: number) => Math.round(n / 5) * 5;

/** Take-up per wijk, scheme and year (2019, 2020): eligible households, users, and take-up percentage. */
export function demoRegelingen(seed: number): TableData {
  const rnd = randomStream(seed, "regelingen");
  const kwb = demoKwb(seed, 2019);
  const rows: Record<string, Cell>[] = [];
  for (const w of WIJKEN) {
    const level = REGELINGEN.map(() => rnd.uniform(0.8, 1.15));
    const wijk = kwb.rows.find((r) => r.region_code === w.code)!;
    const huishoudens = wijk.HuishoudensTotaal_28 as number;
    for (const jaar of [2019, 2020]) {
      const doelgroep = round5(huishoudens * (w.sociaalMinimumPct / 100) * (jaar === 2020 ? 1.04 : 1) * rnd.uniform(1.05, 1.2));
      for (const [i, r] of REGELINGEN.entries()) {
        const gebruik = round5(doelgroep * r.bereik * level[i] * (jaar === 2020 ? rnd.uniform(1, 1.08) : 1));
        const safe = gebruik >= MIN_COUNT && doelgroep >= MIN_COUNT;
        rows.push({
          region_code: w.code,
          region_name: w.name,
          regeling: r.name,
          jaar,
          huishoudens_doelgroep: doelgroep >= MIN_COUNT ? doelgroep : null,
          huishoudens_gebruik: safe ? gebruik : null,
          bereik_pct: safe ? Math.round((1000 * gebruik) / doelgroep) / 10 : null
        });
      }
    }
  }
  return {
    key: ["region_code", "regeling", "jaar"],
    columns: [
      {name: "region_code", type: "string"},
      {name: "region_name", type: "string"},
      {name: "regeling", type: "string", title: "Regeling"},
      {name: "jaar", type: "number", title: "Jaar", decimals: 0},
      {name: "huishoudens_doelgroep", type: "number", title: "Huishoudens in de doelgroep (schatting)", unit: "aantal", decimals: 0},
      {name: "huishoudens_gebruik", type: "number", title: "Huishoudens die de regeling gebruiken", unit: "aantal", decimals: 0},
      {name: "bereik_pct", type: "number", title: "Bereik", unit: "%", decimals: 1}
    ],
    rows
  };
}
