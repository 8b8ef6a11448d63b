/**
 * Interval protection: what a reader who combines every published number (relations, rounding ranges,
 * non-negativity, a published 0 as a true 0) can learn about each small suppressed count. The attacker here is
 * independent of the library (tests/privacy/support.ts writes the LP as text and solves each bound afresh).
 * `BUURTBOEK_PROPERTY_RUNS` scales the number of random tables (default 2,000 → 200 here).
 */
import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {syntheticExtract} from "../../loaders/demo/extracts.js";
import {buildHypercube, DEFAULT_DISCLOSURE, loadSolver, protect, roundCount, type DisclosureOptions} from "../../loaders/privacy/index.js";
import {IntervalAttacker, publishedRange} from "../../loaders/privacy/intervals.js";
import {attackerIntervals, randomExtract} from "./support.js";

const solver = await loadSolver();
const runs = Math.max(20, Math.round(Number(process.env.BUURTBOEK_PROPERTY_RUNS ?? 2_000) / 10));

/** The small suppressed cells of a protected table whose interval breaks the rules, as readable lines. */
function violations(cube: ReturnType<typeof buildHypercube>, published: (number | null)[], options: DisclosureOptions, {integer = false} = {}) {
  const small = cube.cells.filter((c) => c.value >= 1 && c.value < options.threshold).map((c) => c.id);
  // Every small count is suppressed, or no interval question arises.
  for (const id of small) expect(published[id]).toBeNull();
  const intervals = attackerIntervals(solver, cube, published, options, small, {integer});
  const out: string[] = [];
  for (const id of small) {
    const {lo, hi} = intervals.get(id)!;
    const {area, by, value} = cube.cells[id];
    const where = `${area} ${by.join("/")} (true ${value}) in [${lo}, ${hi}]`;
    if (hi < options.threshold) out.push(`${where}: upper bound below the threshold ${options.threshold}`);
    if (hi - lo < options.round) out.push(`${where}: narrower than the rounding base ${options.round}`);
    if (options.intervals === "protection" && hi < value + options.threshold) out.push(`${where}: upper bound below true + ${options.threshold}`);
  }
  return out;
}

describe("interval protection", () => {
  it("knows which true counts a published count stands for", () => {
    for (const round of [1, 2, 3, 5, 10]) {
      for (const threshold of [1, 5, 10]) {
        for (let v = threshold; v < 200; v++) {
          const p = roundCount(v, round);
          if (p === 0) continue;
          const r = publishedRange(p, {threshold, round});
          expect(v).toBeGreaterThanOrEqual(r.lo);
          expect(v).toBeLessThanOrEqual(r.hi);
          // The ends are tight: both round to p (the lower one unless the threshold cuts it).
          expect(roundCount(r.hi, round)).toBe(p);
          expect(roundCount(r.hi + 1, round)).not.toBe(p);
          if (r.lo > threshold) expect(roundCount(r.lo - 1, round)).not.toBe(p);
        }
      }
    }
    expect(publishedRange(0, {threshold: 10, round: 5})).toEqual({lo: 0, hi: 0});
  });

  it("protects the cells the greedy method left pinned (synthetic extract 21: Meedoenregeling 2021, true 1 and 2, came out in [0, 5])", () => {
    const extract = syntheticExtract(21);
    const cube = buildHypercube(extract.leaves, extract.by, {areas: extract.areas});
    const result = protect(cube, DEFAULT_DISCLOSURE, {solver});
    expect(violations(cube, result.published, DEFAULT_DISCLOSURE)).toEqual([]);
    expect(result.protectionMisses).toBe(0);
    // At the minimum level the cells reach the threshold and the base, and the audit counts those below protection.
    const minimum = {...DEFAULT_DISCLOSURE, intervals: "minimum" as const};
    const relaxed = protect(cube, minimum, {solver});
    expect(violations(cube, relaxed.published, minimum)).toEqual([]);
    const misses = violations(cube, relaxed.published, DEFAULT_DISCLOSURE).length;
    expect(relaxed.protectionMisses).toBe(misses);
    expect(relaxed.published.filter((p) => p == null).length).toBeLessThanOrEqual(result.published.filter((p) => p == null).length);
  });

  it("suppresses a partner where the rounding pins a small cell (a wijk of 10: buurten of 10 and 2, the wijk a little more)", () => {
    // Without interval protection: wijk 12 → 10 (8 … 12, at least 10), buurt 10 → 10 (10 … 12): the 2 is 0 … 2.
    const leaves = [
      {area: "BU09990101", by: [], value: 10},
      {area: "BU09990102", by: [], value: 2},
      {area: "BU09990201", by: [], value: 40},
      {area: "BU09990202", by: [], value: 55}
    ];
    const cube = buildHypercube(leaves, []);
    const result = protect(cube, DEFAULT_DISCLOSURE, {solver});
    expect(violations(cube, result.published, DEFAULT_DISCLOSURE)).toEqual([]);
    const attacker = new IntervalAttacker(solver, cube, result.published, DEFAULT_DISCLOSURE);
    const small = cube.cells.find((c) => c.area === "BU09990102")!;
    expect(attacker.interval(small.id).hi).toBeGreaterThanOrEqual(12);
    attacker.dispose();
  });

  it(`holds on ${runs} random tables against an independent LP attacker`, () => {
    let small = 0;
    fc.assert(
      fc.property(randomExtract, ({leaves, by, options}) => {
        const cube = buildHypercube(leaves, by);
        const result = protect(cube, options, {solver});
        small += result.smallCells;
        expect(violations(cube, result.published, options)).toEqual([]);
      }),
      {numRuns: runs, seed: 20250318}
    );
    expect(small).toBeGreaterThan(runs);
  });

  it("holds against an attacker who uses whole counts (integer programming) on small random tables", () => {
    fc.assert(
      fc.property(randomExtract.filter((e) => e.leaves.length <= 24), ({leaves, by, options}) => {
        const cube = buildHypercube(leaves, by);
        const result = protect(cube, options, {solver});
        expect(violations(cube, result.published, options, {integer: true})).toEqual([]);
      }),
      {numRuns: Math.ceil(runs / 8), seed: 20250319}
    );
  });
});
