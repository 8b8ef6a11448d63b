/**
 * Disclosure control on realistic extracts: cells suppressed by Buurtboek's method against a naive method that
 * suppresses a whole wijk (the wijk and all its buurten, every category) as soon as one of its cells is unsafe.
 * Extracts: the demo Voorbeeldstad microdata (8 wijken, 40 buurten, 3 schemes × 2 years) and a larger synthetic
 * city (20 wijken, 150 buurten, 4 schemes × 3 years) with realistic skew: many small buurten, a few large ones.
 */
import {performance} from "node:perf_hooks";
import {mapToAreas, readPostcodes} from "../loaders/municipal/areas.js";
import {readExtract} from "../loaders/municipal/read.js";
import {validateExtract} from "../loaders/municipal/validate.js";
import {DEMO_EXTRACT, DEMO_POSTCODES, demoMicrodata, demoPostcodeTable} from "../loaders/demo/regelingen.js";
import {randomStream} from "../loaders/demo/random.js";
import {recoverableCells} from "../loaders/privacy/recovery.js";
import {buildHypercube, DEFAULT_DISCLOSURE, protect, type Hypercube, type Leaf} from "../loaders/privacy/index.js";
import {isPrimaryUnsafe} from "../loaders/privacy/protect.js";
import {mkdtemp, mkdir, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";

/** The naive method: every cell of a wijk (and its buurten) goes when any of them is unsafe. */
function naive(cube: Hypercube): Set<number> {
  const unsafeWijken = new Set(cube.cells.filter((c) => c.level !== "gemeente" && isPrimaryUnsafe(c.value, DEFAULT_DISCLOSURE)).map((c) => `WK${c.area.slice(2, 8)}`));
  return new Set(cube.cells.filter((c) => c.level !== "gemeente" && unsafeWijken.has(`WK${c.area.slice(2, 8)}`)).map((c) => c.id));
}

function report(label: string, leaves: Leaf[], by: string[], areas?: string[]) {
  const cube = buildHypercube(leaves, by, {areas});
  const t0 = performance.now();
  const result = protect(cube, DEFAULT_DISCLOSURE);
  const ms = performance.now() - t0;
  const ours = new Set(cube.cells.filter((c) => result.published[c.id] == null).map((c) => c.id));
  const theirs = naive(cube);
  const loss = (s: Set<number>) => [...s].reduce((n, id) => n + cube.cells[id].value, 0);
  const count = (rule: string) => result.rule.filter((r) => r === rule).length;
  const naiveRecoverable = recoverableCells(cube.groups, theirs).length;
  console.log(`${label}: ${cube.cells.length} cells (${cube.cells.filter((c) => c.level === "buurt").length} buurt cells), ${cube.groups.length} relations`);
  console.log(`  buurtboek: ${ours.size} suppressed (${((100 * ours.size) / cube.cells.length).toFixed(1)}%): primary ${count("primary")}, secondary single ${count("secondary-single")}, sum ${count("secondary-sum")}, linked ${count("secondary-linked")}; ${loss(ours)} households hidden; 0 recoverable; ${ms.toFixed(0)} ms`);
  console.log(`  naive whole-wijk: ${theirs.size} suppressed (${((100 * theirs.size) / cube.cells.length).toFixed(1)}%); ${loss(theirs)} households hidden; ${naiveRecoverable} suppressed cells still recoverable from the published ones`);
}

/** A synthetic city with skewed buurt sizes. */
function syntheticCity(seed: number): {leaves: Leaf[]; by: string[]} {
  const rnd = randomStream(seed, "bench-city");
  const schemes = [["Stadspas", 0.6], ["Bijzondere bijstand", 0.35], ["Kwijtschelding", 0.5], ["Individuele inkomenstoeslag", 0.25]] as const;
  const leaves: Leaf[] = [];
  let buurten = 0;
  for (let w = 1; w <= 20; w++) {
    const n = w <= 10 ? 7 + Math.floor(rnd.next() * 3) : 6 + Math.floor(rnd.next() * 2);
    for (let b = 1; b <= n && buurten < 150; b++, buurten++) {
      // Log-normal-ish households and poverty: a few large poor buurten, many small or well-off ones.
      const households = Math.round(Math.exp(rnd.uniform(3.5, 8)));
      const poor = households * rnd.uniform(0.02, 0.2);
      const code = `BU0999${String(w).padStart(2, "0")}${String(b).padStart(2, "0")}`;
      for (const jaar of ["2021", "2022", "2023"]) {
        for (const [name, takeUp] of schemes) leaves.push({area: code, by: [name, jaar], value: Math.round(poor * takeUp * rnd.uniform(0.7, 1.2))});
      }
    }
  }
  return {leaves, by: ["regeling", "jaar"]};
}

export default async function bench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "buurtboek-bench-"));
  await mkdir(join(dir, "private"));
  await writeFile(join(dir, DEMO_EXTRACT), demoMicrodata(2024));
  await writeFile(join(dir, DEMO_POSTCODES), demoPostcodeTable());
  const raw = await readExtract(join(dir, DEMO_EXTRACT), DEMO_EXTRACT);
  const rows = validateExtract(raw, {shape: "microdata", area: "postcode", by: ["regeling", "jaar"], numbers: "nl"});
  const mapped = mapToAreas(rows, {postcodes: await readPostcodes(join(dir, DEMO_POSTCODES), DEMO_POSTCODES), gemeente: "GM9999"});
  report(`demo Voorbeeldstad (${rows.length} microdata rows)`, mapped.leaves, ["regeling", "jaar"], mapped.areas);
  const city = syntheticCity(7);
  report("synthetic city (20 wijken, 150 buurten, 4 schemes × 3 years)", city.leaves, city.by);
}
