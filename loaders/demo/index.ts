/**
 * The demo workspace Voorbeeldstad: its manifest and each dataset as a snapshot, all from one seed.
 * Everything is synthetic; the dates are fixed so that the same seed always gives the same bytes.
 */
import type {DemoDataset, Manifest} from "../snapshot/manifest.js";
import type {Snapshot} from "../snapshot/snapshot.js";
import {GEMEENTE} from "./areas.js";
import {demoTopology} from "./geometry.js";
import {DEMO_EDITIONS, EDITIONS, demoKwb} from "./kwb.js";
import {DEMO_EXTRACT, DEMO_POSTCODES} from "./regelingen.js";
import {demoGemeenten} from "./national.js";

const DEMO_EDITION_YEARS = Object.keys(DEMO_EDITIONS).map(Number) as [number, ...number[]];

import {DEFAULT_SEED} from "./seed.js";

export {DEFAULT_SEED};

/** Fixed "fetched" time of demo snapshots (a real pull records the actual time). */
export const DEMO_GENERATED_AT = "2025-01-06T09:00:00.000Z";

/** Licence of the synthetic data. */
export const DEMO_LICENSE = "CC0 1.0 (synthetische data)";

/** The manifest of the demo workspace. */
export function demoManifest(seed = DEFAULT_SEED): Manifest {
  return {
    version: 1,
    name: "voorbeeldstad",
    title: "Voorbeeldstad",
    municipality: GEMEENTE,
    demo: {seed},
    datasets: [
      // The poverty study's data, in the same form `buurtboek init` gives a real gemeente, served by the generator.
      {name: "kwb-gm9999", kind: "kwb", gemeente: GEMEENTE.code, editions: DEMO_EDITION_YEARS, api: "v3", demo: true},
      {name: "gebieden-gm9999", kind: "geometry", year: 2024, gemeente: GEMEENTE.code, demo: true},
      // A CBS table as pulled (wide, keys of its edition), served as data/tables/kwb-2019.arrow for SQL of one's own.
      {name: "kwb-2019", kind: "demo", part: "kwb-2019"},
      // The synthetic microdata take the path of a real municipal extract (see regelingen.ts).
      {
        name: "regelingen",
        kind: "municipal",
        title: "Toekenningen gemeentelijke inkomensregelingen",
        publisher: "Gemeente Voorbeeldstad (synthetisch extract)",
        shape: "microdata",
        path: DEMO_EXTRACT,
        area: "postcode",
        postcodes: DEMO_POSTCODES,
        by: ["regeling", "jaar"],
        numbers: "nl",
        disclosure: {threshold: 10, round: 5, minDenominator: 100}
      }
    ]
  };
}

/** The geometry year of the synthetic national workspace. */
export const NATIONAL_GEOMETRY_YEAR = 2024;

/**
 * The manifest of a synthetic national workspace (`buurtboek demo --gemeenten N`): per gemeente the datasets that
 * `buurtboek init --all` writes (kwb with the study's measures, PDOK boundaries) and the gemeenten's own boundaries,
 * all served by the generator.
 */
export function nationalDemoManifest(seed: number, n: number): Manifest {
  const datasets: Manifest["datasets"] = [];
  for (const g of demoGemeenten(seed, n)) {
    const c = g.code.toLowerCase();
    datasets.push(
      {name: `kwb-${c}`, kind: "kwb", title: `Kerncijfers wijken en buurten, ${g.name}`, gemeente: g.code, editions: DEMO_EDITION_YEARS, api: "v3", measures: "study", provincie: g.provincie, demo: true},
      {name: `gebieden-${c}`, kind: "geometry", title: `Wijk- en buurtgrenzen ${g.name} ${NATIONAL_GEOMETRY_YEAR}`, year: NATIONAL_GEOMETRY_YEAR, gemeente: g.code, demo: true}
    );
  }
  datasets.push({name: `gemeenten-${NATIONAL_GEOMETRY_YEAR}`, kind: "geometry", title: `Gemeentegrenzen ${NATIONAL_GEOMETRY_YEAR}`, year: NATIONAL_GEOMETRY_YEAR, collections: ["gemeenten"], demo: true});
  // The title does not name the number: gemeente i is the same in every size, and so are its pages.
  return {version: 1, name: "voorbeeldland", title: "Voorbeeldland", demo: {seed, gemeenten: n}, datasets: datasets as Manifest["datasets"]};
}

/** Generates one demo dataset. */
export function demoSnapshot(dataset: DemoDataset, seed: number): Snapshot {
  const request = `demo:${dataset.part}?seed=${seed}`;
  const common = {name: dataset.name, fetchedAt: DEMO_GENERATED_AT};
  const source = {type: "demo" as const, requests: [request], publisher: "Buurtboek-demogenerator", license: DEMO_LICENSE};
  switch (dataset.part) {
    case "kwb-2018":
    case "kwb-2019":
    case "kwb-2020": {
      const edition = EDITIONS[Number(dataset.part.slice(4)) as 2018 | 2019 | 2020];
      return {...common, title: dataset.title ?? edition.title, kind: "table", table: demoKwb(seed, edition.year as 2018 | 2019 | 2020),
        source: {...source, table: edition.table, title: edition.title, modified: edition.modified}};
    }
    case "gebieden":
      return {...common, title: dataset.title ?? "Wijk- en buurtindeling Voorbeeldstad 2019", kind: "geometry", topology: demoTopology(seed),
        source: {...source, year: 2019, modified: null}};
  }
}
