/**
 * A synthetic municipal **microdata** extract for Voorbeeldstad: one row per granted decision of an income
 * scheme, with a PC6 postcode, as a municipality's case system would export it (`;`, Dutch dates, UTF-8 BOM).
 * It is written to the git-ignored `data/private/` by `buurtboek demo` and goes through the same path as a real
 * extract: postcode → buurt, PII gate, disclosure control, audit. Everything here is invented.
 * Buitenhof's buurten are tiny, so readers can see suppression on the page; a few rows have an unknown or empty
 * postcode, so the unmapped report has something to show; and the Stationsbuurt's 2024 remissions are counted per
 * decision instead of per household (a real export mistake), so take-up there exceeds 100% and shows as a data problem.
 */
import {stringify} from "csv-stringify/sync";
import {WIJKEN, buurtCode, UNINHABITED} from "./areas.js";
import {demoBuurtCode, demoKwb} from "./kwb.js";
import {randomStream} from "./random.js";

/** The schemes and their typical take-up among eligible households. */
export const REGELINGEN = [
  {name: "Stadspas", bereik: 0.62},
  {name: "Bijzondere bijstand", bereik: 0.41},
  {name: "Kwijtschelding gemeentelijke belastingen", bereik: 0.55}
];

/** Recent years, so the buurt codes are those of the current boundaries (Buitenhof was re-coded in 2023). */
export const DEMO_YEARS = [2023, 2024] as const;

/** The buurt code a postcode maps to in the demo's current boundaries. */
const currentCode = (wi: number, bi: number) => demoBuurtCode(buurtCode(wi, bi), DEMO_YEARS[0]);

/** File names of the demo extract and its postcode table inside `data/private/`. */
export const DEMO_EXTRACT = "private/voorbeeldstad-regelingen.csv";
export const DEMO_POSTCODES = "private/voorbeeldstad-postcodes.csv";

const LETTERS = "ABCDEGHJKLMNPRSTVWXZ";

/** The PC6 postcodes of a buurt: PC4 99<wijk><buurt>, four letter pairs each. */
export function demoPostcodes(wi: number, bi: number): string[] {
  return Array.from({length: 4}, (_, k) => `9${wi + 1}${bi + 1}${k + 1}${LETTERS[(wi * 5 + bi) % LETTERS.length]}${LETTERS[k]}`);
}

/** The postcode → buurt table as CSV text (`postcode,buurtcode`). */
export function demoPostcodeTable(): string {
  const rows: string[][] = [];
  WIJKEN.forEach((w, wi) => w.buurten.forEach((_, bi) => demoPostcodes(wi, bi).forEach((pc) => rows.push([pc, currentCode(wi, bi)]))));
  return stringify([["postcode", "buurtcode"], ...rows], {record_delimiter: "\n"});
}

/** The microdata extract as CSV text: one row per decision (`postcode;regeling;jaar;besluitdatum;huishouden`). */
export function demoMicrodata(seed: number): string {
  const rnd = randomStream(seed, "regelingen-microdata");
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd.next() * list.length)];
  const kwb = new Map(demoKwb(seed, 2019).rows.map((r) => [r.region_code as string, r]));
  const rows: string[][] = [];
  WIJKEN.forEach((w, wi) => {
    const level = REGELINGEN.map(() => rnd.uniform(0.8, 1.15));
    w.buurten.forEach((_, bi) => {
      const code = buurtCode(wi, bi);
      if (UNINHABITED.has(code)) return;
      const row = kwb.get(code)!;
      const huishoudens = row.HuishoudensTotaal_28 as number;
      const minimum = ((row.HuishOnderOfRondSociaalMinimum_79 as number | null) ?? w.sociaalMinimumPct) / 100;
      for (const jaar of DEMO_YEARS) {
        // Households up to 120% of the social minimum: a little more than "onder of rond".
        const doelgroep = huishoudens * minimum * 1.15 * (jaar === DEMO_YEARS[1] ? 1.04 : 1);
        REGELINGEN.forEach((r, i) => {
          const doubleCounted = code === buurtCode(0, 4) && jaar === DEMO_YEARS[1] && r.name.startsWith("Kwijtschelding") ? 2.6 : 1;
          const n = Math.round(doelgroep * r.bereik * level[i] * rnd.uniform(0.85, 1.1) * doubleCounted);
          for (let k = 0; k < n; k++) {
            const maand = 1 + Math.floor(rnd.next() * 12);
            const dag = 1 + Math.floor(rnd.next() * 28);
            rows.push([pick(demoPostcodes(wi, bi)), r.name, String(jaar), `${dag}-${maand}-${jaar}`, pick(["eenpersoons", "paar", "paar met kinderen", "eenouder"])]);
          }
        });
      }
    });
  });
  // Rows a real export has too: a postcode outside the table and an empty one.
  rows.splice(7, 0, ["9999ZZ", "Stadspas", "2023", "3-2-2023", "eenpersoons"]);
  rows.splice(42, 0, ["", "Bijzondere bijstand", "2024", "14-9-2024", "paar"]);
  rows.splice(99, 0, ["1012AB", "Stadspas", "2024", "1-4-2024", "eenouder"]);
  return "\ufeff" + stringify([["postcode", "regeling", "jaar", "besluitdatum", "huishouden"], ...rows], {delimiter: ";", record_delimiter: "\r\n"});
}
