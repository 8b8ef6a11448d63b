/** Take-up: the rate rule, >100% as a data problem, the reference edition, the CSV rows and the manifest fields. */
import {describe, expect, it} from "vitest";
import {referenceEdition, TAKE_UP_STATUS, takeUp, targetGroup} from "../../loaders/municipal/bereik.js";
import {parseManifest} from "../../loaders/snapshot/manifest.js";
import {CSV_COLUMNS, csvRows, scatterPoints, toCsv, type TakeUpRow, type TakeUpStudy} from "../../src/components/bereik-data.js";

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
  it("shows take-up above 100% as a data problem, never as a figure", () => {
    expect(takeUp({users: 130, target: 120}, 100)).toEqual({bereik: null, status: "meer dan 100%: gegevensprobleem"});
    expect(takeUp({users: 120, target: 120}, 100)).toEqual({bereik: 100, status: null});
  });
  it("takes the target group from households × share, and the newest edition up to the year", () => {
    expect(targetGroup(4130, 15.5)).toBe(640);
    expect(targetGroup(null, 15.5)).toBeNull();
    expect(referenceEdition(2024, [2020, 2021, 2022, 2023])).toBe(2023);
    expect(referenceEdition(2021, [2020, 2021, 2022, 2023])).toBe(2021);
    expect(referenceEdition(2018, [2020, 2021])).toBe(2020);
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
  it("become CSV with quoting where needed", () => {
    const text = toCsv(csvRows([{...row("WK099901", null, null, "afgeschermd"), regeling: 'Kwijtschelding, "oud"'}]), CSV_COLUMNS);
    expect(text).toBe(`${CSV_COLUMNS.join(",")}\nWK099901,WK099901,wijk,"Kwijtschelding, ""oud""",2024,afgeschermd,500,,afgeschermd,2023\n`);
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
