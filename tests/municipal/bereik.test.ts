/** Take-up: the rate rule, more than 100%, the reference edition by income year, the CSV rows and the manifest fields. */
import {describe, expect, it} from "vitest";
import {lowestTakeUp, referenceEdition, TAKE_UP_STATUS, takeUp, targetGroup} from "../../loaders/municipal/bereik.js";
import {parseManifest} from "../../loaders/snapshot/manifest.js";
import {csvRows, scatterPoints, type TakeUpRow, type TakeUpStudy} from "../../src/components/bereik-data.js";

describe("take-up", () => {
  it("is users over the target group, in percent with one decimal", () => {
    expect(takeUp({users: 310, target: 620}, 100)).toEqual({bereik: 50, status: null});
    expect(takeUp({users: 95, target: 321}, 100)).toEqual({bereik: 29.6, status: null});
  });
  it("is withheld for a suppressed count, a small or missing target group", () => {
    expect(takeUp({users: null, target: 620}, 100)).toEqual({bereik: null, status: TAKE_UP_STATUS.suppressed});
    expect(takeUp({users: 40, target: 99}, 100)).toEqual({bereik: null, status: TAKE_UP_STATUS.smallTarget});
    expect(takeUp({users: 40, target: null}, 100)).toEqual({bereik: null, status: TAKE_UP_STATUS.noTarget});
  });
  it("never publishes more than 100% as a figure: within rounding it is 'ongeveer 100%', beyond it a data problem", () => {
    // Exactly 100% is a figure.
    expect(takeUp({users: 120, target: 120}, 100, {usersBase: 5})).toEqual({bereik: 100, status: null});
    // 1.000 households × 12,0% = 120. 125 published users stand for at least 122,5; the target group for at most
    // 1.002,5 × 12,05% = 120,8: even the lowest take-up is over 100%, no rounding explains it.
    const target = targetGroup(1000, 12)!;
    expect(lowestTakeUp(125, target, {usersBase: 5, households: 1000, sharePct: 12})).toBeGreaterThan(100);
    expect(takeUp({users: 125, target}, 100, {usersBase: 5, households: 1000, sharePct: 12})).toEqual({bereik: null, status: TAKE_UP_STATUS.overHundred});
    // 1.000 × 12,2% = 122: 125 users is 102,5%, but at least 122,5 users over at most 1.002,5 × 12,25% = 122,8 is 99,8%.
    const edge = {usersBase: 5, households: 1000, sharePct: 12.2};
    expect(lowestTakeUp(125, 122, edge)).toBeLessThanOrEqual(100);
    expect(lowestTakeUp(125, 122, edge)).toBeGreaterThan(99.7);
    expect(takeUp({users: 125, target: 122}, 100, edge)).toEqual({bereik: null, status: TAKE_UP_STATUS.roundedHundred});
    expect(takeUp({users: 130, target: 122}, 100, edge)).toEqual({bereik: null, status: TAKE_UP_STATUS.overHundred});
    // Without rounding information every excess is a data problem.
    expect(takeUp({users: 121, target: 120}, 100)).toEqual({bereik: null, status: TAKE_UP_STATUS.overHundred});
  });
  it("takes the target group as a share of the base households", () => {
    expect(targetGroup(4130, 15.5)).toBe(640);
    expect(targetGroup(null, 15.5)).toBeNull();
  });
  it("takes the edition whose income year is closest to the scheme year, not the newest edition up to it", () => {
    const editions = [{edition: 2021, incomeYear: 2019}, {edition: 2022, incomeYear: 2020}, {edition: 2023, incomeYear: 2021}, {edition: 2024, incomeYear: 2022}];
    // Scheme year 2023: income year 2022 (KWB 2024) is closest; "newest edition up to 2023" would give KWB 2023 (income 2021).
    expect(referenceEdition(2023, editions)).toEqual({edition: 2024, incomeYear: 2022});
    expect(referenceEdition(2024, editions)).toEqual({edition: 2024, incomeYear: 2022});
    expect(referenceEdition(2018, editions)).toEqual({edition: 2021, incomeYear: 2019});
    // A tie prefers the income year before the scheme year; editions without filled income columns are not candidates.
    expect(referenceEdition(2021, [{edition: 2022, incomeYear: 2020}, {edition: 2024, incomeYear: 2022}])).toEqual({edition: 2022, incomeYear: 2020});
    expect(referenceEdition(2020, [])).toBeNull();
  });
});

describe("page rows", () => {
  const row = (code: string, gebruikers: number | null, bereik: number | null, status: string | null): TakeUpRow => ({
    region_code: code, region_name: code, region_level: "wijk", regeling: "Stadspas", jaar: "2024", gebruikers, doelgroep: 500, bereik, status, kwb_editie: 2023
  });
  it("write afgeschermd for a suppressed count in the CSV rows", () => {
    expect(csvRows([row("WK099901", null, null, "afgeschermd"), row("WK099902", 250, 50, null)]).map((r) => [r.gebruikers, r.bereik_pct, r.status])).toEqual([
      ["afgeschermd", null, "afgeschermd"],
      [250, 50, null]
    ]);
  });
  it("put only wijken with a take-up and a poverty figure on the scatter", () => {
    const study = {rows: [row("WK099901", null, null, "afgeschermd"), row("WK099902", 250, 50, null), row("WK099903", 300, 60, null)], reference: {"2024": 2023}, poverty: {label: "x", values: {"2023": {WK099902: 12.5, WK099903: null}}}} as unknown as TakeUpStudy;
    expect(scatterPoints(study, "Stadspas", "2024")).toEqual([{code: "WK099902", name: "WK099902", armoede: 12.5, bereik: 50}]);
  });
});

describe("municipal manifest fields", () => {
  const manifest = (d: Record<string, unknown>) => ({version: 1, name: "t", title: "T", datasets: [{name: "m", kind: "municipal", title: "M", publisher: "P", path: "private/m.csv", area: "buurt", ...d}]});
  const issues = (d: Record<string, unknown>) => {
    try {
      parseManifest(manifest(d));
      return [];
    } catch (error) {
      return (error as {issues: string[]}).issues;
    }
  };
  it("fills the CBS-style defaults", () => {
    const m = parseManifest(manifest({shape: "microdata", postcodes: "private/pc.csv"}));
    expect(m.datasets[0]).toMatchObject({shape: "microdata", by: [], numbers: "nl", disclosure: {}});
  });
  it("names the bad field", () => {
    expect(issues({shape: "aggregated"})).toEqual(['datasets[0].count: an aggregated extract needs "count": the column with the counts']);
    expect(issues({shape: "microdata", count: "n"})).toEqual(['datasets[0].count: microdata are counted row by row (column "aantal"); remove "count"']);
    expect(issues({shape: "rows"})[0]).toMatch(/^datasets\[0\]\.shape: /);
    expect(issues({shape: "aggregated", count: "n", numbers: "de"})[0]).toMatch(/^datasets\[0\]\.numbers: /);
    expect(issues({shape: "aggregated", count: "n", disclosure: {threshold: 0}})[0]).toMatch(/^datasets\[0\]\.disclosure\.threshold: /);
    expect(issues({shape: "aggregated", count: "n", by: ["region_code"]})).toEqual(['datasets[0].by: "region_code" is a column of the published table; rename it']);
  });
});
