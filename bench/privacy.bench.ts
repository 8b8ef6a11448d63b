/**
 * Disclosure control: information loss and interval protection of Buurtboek's method (at both interval levels)
 * against a naive method that suppresses a whole wijk (the wijk and all its buurten, every category) as soon as one
 * of its cells is unsafe. Information loss is given as suppressed cells and as households in suppressed cells (each
 * cell weighted by its count), both as a share of the table. Interval protection is checked with the attacker's LP:
 * "pinned" small cells (true 1 … 9) have an attainable upper bound below 10 or an interval narrower than 5; "below
 * protection" ones an upper bound below their true count + 10 (τ-ARGUS's protection level).
 *
 * Tables: the demo Voorbeeldstad microdata (8 wijken, 40 buurten, 3 schemes × 2 years), 24 seeded synthetic extracts
 * in the shape of the outside check (loaders/demo/extracts.ts: 3–8 wijken of 1–7 buurten, 4 schemes × 3 years, one
 * scheme started late) and a larger synthetic city (20 wijken, 150 buurten, 4 schemes × 3 years).
 */
import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {performance} from "node:perf_hooks";
import type {Highs} from "highs";
import {syntheticExtracts} from "../loaders/demo/extracts.js";
import {randomStream} from "../loaders/demo/random.js";
import {DEMO_EXTRACT, DEMO_POSTCODES, demoMicrodata, demoPostcodeTable} from "../loaders/demo/regelingen.js";
import {mapToAreas, readPostcodes} from "../loaders/municipal/areas.js";
import {readExtract} from "../loaders/municipal/read.js";
import {validateExtract} from "../loaders/municipal/validate.js";
import {buildHypercube, DEFAULT_DISCLOSURE, loadSolver, protect, type DisclosureOptions, type Hypercube, type Leaf} from "../loaders/privacy/index.js";
import {IntervalGuard} from "../loaders/privacy/interval-guard.js";
import {isPrimaryUnsafe} from "../loaders/privacy/protect.js";
import {recoverableCells} from "../loaders/privacy/recovery.js";

interface Table {
  label: string;
  leaves: Leaf[];
  by: string[];
  areas?: string[];
}

interface Figures {
  cells: number;
  suppressed: number;
  households: number;
  hidden: number;
  small: number;
  /** Small cells left published (the naive method keeps the gemeente's). */
  smallPublished: number;
  pinned: number;
  belowProtection: number;
  recoverable: number;
  ms: number;
}

const empty = (): Figures => ({cells: 0, suppressed: 0, households: 0, hidden: 0, small: 0, smallPublished: 0, pinned: 0, belowProtection: 0, recoverable: 0, ms: 0});
const add = (a: Figures, b: Figures) => (Object.keys(a) as (keyof Figures)[]).forEach((k) => (a[k] += b[k]));

/** The naive method: every cell of a wijk (and its buurten) goes when any of them is unsafe. */
function naive(cube: Hypercube): Set<number> {
  const wijkOf = (area: string) => `WK${area.slice(2, 8)}`;
  const unsafe = new Set(cube.cells.filter((c) => c.level !== "gemeente" && isPrimaryUnsafe(c.value, DEFAULT_DISCLOSURE)).map((c) => wijkOf(c.area)));
  return new Set(cube.cells.filter((c) => c.level !== "gemeente" && unsafe.has(wijkOf(c.area))).map((c) => c.id));
}

/** Loss and interval figures of one suppression pattern. */
function measure(solver: Highs, cube: Hypercube, suppressed: Set<number>, ms: number): Figures {
  const guard = new IntervalGuard(solver, cube, suppressed, DEFAULT_DISCLOSURE);
  try {
    const small = guard.smallCells.filter((id) => suppressed.has(id));
    return {
      cells: cube.cells.length,
      suppressed: suppressed.size,
      households: cube.cells.reduce((s, c) => s + c.value, 0),
      hidden: [...suppressed].reduce((s, id) => s + cube.cells[id].value, 0),
      small: small.length,
      smallPublished: guard.smallCells.length - small.length,
      pinned: small.filter((id) => !guard.check(id, "minimum").ok).length,
      belowProtection: small.filter((id) => !guard.check(id, "protection").ok).length,
      recoverable: recoverableCells(cube.groups, suppressed).length,
      ms
    };
  } finally {
    guard.dispose();
  }
}

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
const line = (name: string, f: Figures) =>
  `  ${name.padEnd(24)} ${String(f.suppressed).padStart(5)} of ${f.cells} cells suppressed (${pct(f.suppressed, f.cells)}), households in suppressed cells ${pct(f.hidden, f.households)}; ` +
  `small cells ${f.small}: ${f.pinned} pinned, ${f.belowProtection} below protection${f.smallPublished ? `, ${f.smallPublished} published` : ""}; ${f.recoverable} exactly recoverable; ${(f.ms / 1000).toFixed(1)} s`;

/** Runs the three methods on a set of tables; prints one line per method (summed over the tables). */
function compare(solver: Highs, label: string, tables: Table[]): void {
  const methods: [string, (cube: Hypercube) => Set<number>][] = [
    ["buurtboek (protection)", (cube) => suppressedBy(protect(cube, DEFAULT_DISCLOSURE, {solver}).published)],
    ["buurtboek (minimum)", (cube) => suppressedBy(protect(cube, {...DEFAULT_DISCLOSURE, intervals: "minimum"} satisfies DisclosureOptions, {solver}).published)],
    ["naive whole-wijk", naive]
  ];
  const cubes = tables.map((t) => buildHypercube(t.leaves, t.by, {areas: t.areas}));
  console.log(`${label}: ${cubes.reduce((n, c) => n + c.cells.length, 0)} cells in ${tables.length} table(s)`);
  for (const [name, method] of methods) {
    const total = empty();
    for (const cube of cubes) {
      const t0 = performance.now();
      const suppressed = method(cube);
      add(total, measure(solver, cube, suppressed, performance.now() - t0));
    }
    console.log(line(name, total));
  }
}

const suppressedBy = (published: (number | null)[]) => new Set(published.flatMap((p, id) => (p == null ? [id] : [])));

/** A synthetic city with skewed buurt sizes. */
function syntheticCity(seed: number): Table {
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
  return {label: "synthetic city", leaves, by: ["regeling", "jaar"]};
}

async function demoTable(): Promise<Table> {
  const dir = await mkdtemp(join(tmpdir(), "buurtboek-bench-"));
  try {
    await mkdir(join(dir, "private"));
    await writeFile(join(dir, DEMO_EXTRACT), demoMicrodata(2024));
    await writeFile(join(dir, DEMO_POSTCODES), demoPostcodeTable());
    const raw = await readExtract(join(dir, DEMO_EXTRACT), DEMO_EXTRACT);
    const rows = validateExtract(raw, {shape: "microdata", area: "postcode", by: ["regeling", "jaar"], numbers: "nl"});
    const mapped = mapToAreas(rows, {postcodes: await readPostcodes(join(dir, DEMO_POSTCODES), DEMO_POSTCODES), gemeente: "GM9999"});
    return {label: `demo Voorbeeldstad (${rows.length} microdata rows)`, leaves: mapped.leaves, by: ["regeling", "jaar"], areas: mapped.areas};
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

export default async function bench(): Promise<void> {
  const solver = await loadSolver();
  const demo = await demoTable();
  compare(solver, demo.label, [demo]);
  const extracts = syntheticExtracts(24).map((e) => ({label: `extract ${e.seed}`, leaves: e.leaves, by: e.by, areas: e.areas}));
  compare(solver, "24 seeded synthetic extracts (seeds 1–24)", extracts);
  const city = syntheticCity(7);
  compare(solver, "synthetic city (20 wijken, 150 buurten, 4 schemes × 3 years)", [city]);
}
