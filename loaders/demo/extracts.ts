/**
 * Seeded synthetic aggregated extracts for testing and benchmarking disclosure control: the shape a municipal
 * take-up extract has (counts per buurt, scheme and year), with what makes protection hard: wijken of one to a few
 * buurten, skewed buurt sizes (many small buurten, a few large poor ones), a scheme that only started in a later
 * year (true zeros), and schemes with low take-up (many counts from 1 to 9). Everything here is invented.
 */
import type {Leaf} from "../privacy/hypercube.js";
import {randomStream} from "./random.js";

export interface SyntheticExtract {
  seed: number;
  leaves: Leaf[];
  by: string[];
  /** Every leaf buurt, also those without records. */
  areas: string[];
}

const SCHEMES = [
  {name: "Stadspas", takeUp: 0.55},
  {name: "Bijzondere bijstand", takeUp: 0.3},
  {name: "Kwijtschelding", takeUp: 0.45},
  {name: "Meedoenregeling", takeUp: 0.12}
];
const YEARS = ["2021", "2022", "2023"];

/** One extract: 3–8 wijken of 1–7 buurten in gemeente GM0999, 4 schemes × 3 years. */
export function syntheticExtract(seed: number): SyntheticExtract {
  const rnd = randomStream(seed, "privacy-extract");
  const int = (min: number, max: number) => min + Math.floor(rnd.next() * (max - min + 1));
  // The last scheme starts in 2022 or 2023 in some gemeenten: true zeros before that.
  const startYear = rnd.next() < 0.5 ? 0 : int(1, 2);
  const leaves: Leaf[] = [];
  const areas: string[] = [];
  const wijken = int(3, 8);
  for (let w = 1; w <= wijken; w++) {
    const buurten = rnd.next() < 0.25 ? int(1, 2) : int(2, 7);
    const wijkPoverty = rnd.uniform(0.03, 0.18);
    for (let b = 1; b <= buurten; b++) {
      const code = `BU0999${String(w).padStart(2, "0")}${String(b).padStart(2, "0")}`;
      areas.push(code);
      // Log-normal-ish households: many small buurten, a few large ones; a few almost empty (business parks).
      const households = rnd.next() < 0.08 ? int(0, 40) : Math.round(Math.exp(rnd.uniform(4, 8.3)));
      const poor = households * wijkPoverty * rnd.uniform(0.6, 1.5);
      YEARS.forEach((jaar, y) => {
        const trend = 1 + 0.05 * y;
        SCHEMES.forEach((s, i) => {
          const started = i < SCHEMES.length - 1 || y >= startYear;
          const value = started ? Math.round(poor * s.takeUp * trend * rnd.uniform(0.6, 1.3)) : 0;
          leaves.push({area: code, by: [s.name, jaar], value});
        });
      });
    }
  }
  return {seed, leaves, by: ["regeling", "jaar"], areas};
}

/** The 24 seeded extracts the privacy bench and the interval property test run on (seeds 1…24). */
export function syntheticExtracts(count = 24, firstSeed = 1): SyntheticExtract[] {
  return Array.from({length: count}, (_, i) => syntheticExtract(firstSeed + i));
}
