/**
 * Property-based tests of disclosure control on random hierarchies, `by` columns and counts (many small).
 * `BUURTBOEK_PROPERTY_RUNS` raises or lowers the number of cases (default 2,000: every case solves the interval
 * attacker's linear programs). The interval rules themselves are checked in intervals.test.ts.
 */
import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {buildHypercube, loadSolver, protect, publishRate, roundCount} from "../../loaders/privacy/index.js";
import {recoverableByRank, randomExtract} from "./support.js";

const runs = Number(process.env.BUURTBOEK_PROPERTY_RUNS ?? 2_000);
const solver = await loadSolver();

describe("disclosure control properties", () => {
  it(`hold on ${runs} random tables`, () => {
    const stats = {cases: 0, cells: 0, suppressed: 0, primary: 0, linkedRounds: 0};
    fc.assert(
      fc.property(randomExtract, ({leaves, by, options}) => {
        const cube = buildHypercube(leaves, by);
        const result = protect(cube, options, {solver});
        const {cells, groups} = cube;
        const sup = new Set(cells.filter((c) => result.published[c.id] == null).map((c) => c.id));
        stats.cases++;
        stats.cells += cells.length;
        stats.suppressed += sup.size;
        stats.primary += result.rule.filter((r) => r === "primary").length;
        stats.linkedRounds += result.linkedRounds;
        for (const c of cells) {
          const pub = result.published[c.id];
          // Every true count in 1…threshold−1 is suppressed.
          if (c.value >= 1 && c.value < options.threshold) expect(pub).toBeNull();
          if (pub == null) continue;
          // 1. No published count in 1…threshold−1.
          expect(pub === 0 || pub >= options.threshold).toBe(true);
          // 2. A multiple of the base, within half a base of the truth (totals from true sums).
          expect(pub % options.round).toBe(0);
          expect(Math.abs(pub - c.value)).toBeLessThanOrEqual(options.round / 2);
        }
        for (const g of groups) {
          const parts = g.parts.filter((p) => sup.has(p));
          if (!sup.has(g.total)) {
            // 3. No published total with exactly one suppressed part.
            expect(parts.length).not.toBe(1);
            // 4. The suppressed parts of a group hold at least the threshold.
            if (parts.length) expect(parts.reduce((s, p) => s + cells[p].value, 0)).toBeGreaterThanOrEqual(options.threshold);
          } else if (g.parts.length) {
            // A suppressed total with every part published would be their sum.
            expect(parts.length).toBeGreaterThan(0);
          }
        }
        // 5. No suppressed value is recoverable exactly by adding and subtracting published cells, within one
        //    group (3 above) or across any number of linked groups (checked with exact rank arithmetic).
        expect(recoverableByRank(groups, sup)).toEqual([]);
      }),
      {numRuns: runs, seed: 20241201}
    );
    console.log(`disclosure properties: ${stats.cases} tables, ${stats.cells} cells, ${stats.primary} primary, ${stats.suppressed} suppressed in total, ${stats.linkedRounds} cross-group repair rounds`);
    expect(stats.cases).toBe(runs);
  });

  it("rounds totals from true sums, not from rounded parts", () => {
    // Three buurten of 12 round to 10 each; the wijk total 36 rounds to 35, not 30.
    const cube = buildHypercube([12, 12, 12].map((value, i) => ({area: `BU0999010${i + 1}`, by: [], value})), []);
    const result = protect(cube, {threshold: 10, round: 5, minDenominator: 100, intervals: "protection"}, {solver});
    const gm = cube.cells.find((c) => c.level === "gemeente")!;
    expect(gm.value).toBe(36);
    expect(result.published[gm.id]).toBe(35);
    expect(roundCount(36, 5)).toBe(35);
  });

  it("publishes 0 and suppresses 1…9", () => {
    const cube = buildHypercube([{area: "BU09990101", by: [], value: 0}, {area: "BU09990102", by: [], value: 7}, {area: "BU09990103", by: [], value: 40}, {area: "BU09990104", by: [], value: 25}], []);
    const result = protect(cube, {threshold: 10, round: 5, minDenominator: 100, intervals: "protection"}, {solver});
    const byArea = Object.fromEntries(cube.cells.map((c) => [c.area, result.published[c.id]]));
    expect(byArea.BU09990101).toBe(0);
    expect(byArea.BU09990102).toBeNull();
    // The smallest other buurt (25), not the largest, is suppressed with it; the wijk total stays published.
    expect(byArea.BU09990104).toBeNull();
    expect(byArea.BU09990103).toBe(40);
    expect(byArea.WK099901).toBe(70);
  });

  it("the independent check finds a cell recoverable across two linked groups", () => {
    // Two buurten × two categories; suppressing only A/x and B/y leaves A/x = A − A/y: recoverable.
    const leaves = [["BU09990101", "x", 30], ["BU09990101", "y", 40], ["BU09990102", "x", 50], ["BU09990102", "y", 60]].map(([area, v, value]) => ({area: area as string, by: [v as string], value: value as number}));
    const cube = buildHypercube(leaves, ["dim"]);
    const id = (area: string, v: string) => cube.cells.find((c) => c.area === area && c.by[0] === v)!.id;
    expect(recoverableByRank(cube.groups, new Set([id("BU09990101", "x"), id("BU09990102", "y")]))).toEqual([id("BU09990101", "x"), id("BU09990102", "y")].sort((a, b) => a - b));
    // The four inner cells together (a 2×2 rectangle) are safe: every row and column has two unknowns.
    expect(recoverableByRank(cube.groups, new Set([id("BU09990101", "x"), id("BU09990101", "y"), id("BU09990102", "x"), id("BU09990102", "y")]))).toEqual([]);
  });

  it("applies the rate rule", () => {
    expect(publishRate(50, 99, {minDenominator: 100})).toEqual({withheld: "noemer-te-klein"});
    expect(publishRate(50, 100, {minDenominator: 100})).toEqual({rate: 50});
    expect(publishRate(null, 500, {minDenominator: 100})).toEqual({withheld: "teller-afgeschermd"});
    expect(publishRate(10, null, {minDenominator: 100})).toEqual({withheld: "noemer-ontbreekt"});
  });
});
