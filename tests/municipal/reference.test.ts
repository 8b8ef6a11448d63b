/**
 * The take-up study's target group on the demo workspace: the reference edition by income year, the household count
 * of the income year (under the codes the areas had then), and the >100% rule, recomputed here from the published
 * snapshots rather than taken from the study's own code.
 */
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {parse} from "csv-parse/sync";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {writeDemo} from "../../loaders/demo/write.js";
import {DEFAULT_SEED} from "../../loaders/demo/index.js";
import {buildTakeUpStudy, type TakeUpStudy} from "../../loaders/municipal/study.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import type {KwbRecord} from "../../loaders/snapshot/sources/kwb.js";
import {remove, tempWorkspace} from "../support/workspace.js";

type Row = Record<string, string>;

describe("take-up study: reference year and denominator (demo workspace)", () => {
  let ws: Workspace;
  let study: TakeUpStudy;
  let kwb: Row[];
  let record: KwbRecord;

  beforeAll(async () => {
    ws = await tempWorkspace();
    await writeDemo(ws, DEFAULT_SEED);
    study = await buildTakeUpStudy(ws, "GM9999");
    kwb = parse(await readFile(join(ws.snapshotsDir, "kwb-gm9999.csv"), "utf8"), {columns: true});
    record = JSON.parse(await readFile(join(ws.snapshotsDir, "kwb-gm9999.editions.json"), "utf8"));
  });
  afterAll(async () => remove(ws?.dataDir));

  const value = (edition: number, indicator: string, code: string) => {
    const v = kwb.find((r) => r.edition === String(edition) && r.indicator === indicator && r.region_code === code)?.value;
    return v == null || v === "" ? null : Number(v);
  };

  it("takes the edition whose income year is closest to the scheme year, among editions with the share filled", () => {
    const filled = record.editions.filter((e) => value(e.edition, "tot_120_pct", "GM9999") != null).map((e) => ({edition: e.edition, income: e.income_year.year}));
    expect(filled.length).toBeGreaterThan(1);
    for (const jaar of study.years) {
      const best = Math.min(...filled.map((f) => Math.abs(f.income - Number(jaar))));
      const expected = filled.filter((f) => Math.abs(f.income - Number(jaar)) === best).sort((a, b) => a.income - b.income)[0];
      expect(study.referenceInfo[jaar], jaar).toMatchObject({edition: expected.edition, income_year: expected.income, income_year_basis: "aanname"});
      expect(study.reference[jaar]).toBe(expected.edition);
    }
  });

  it("applies CBS's share to the households of the income year, under the code each buurt had then", () => {
    const jaar = "2024";
    const info = study.referenceInfo[jaar]!;
    // The demo has the income year's own edition, so its household count is used, not the reference edition's.
    expect(info.households_edition).toBe(info.income_year);
    expect(info.households_edition).not.toBe(info.edition);
    const recoded = new Map(record.breaks.flatMap((b) => b.recoded ?? []).map((r) => [r.to, r.from]));
    const rows = study.rows.filter((r) => r.jaar === jaar && r.regeling === "Stadspas" && r.region_level === "buurt");
    let viaOldCode = 0;
    for (const r of rows) {
      const households = value(info.households_edition, "huishoudens", r.region_code) ?? value(info.households_edition, "huishoudens", recoded.get(r.region_code) ?? "");
      if (value(info.households_edition, "huishoudens", r.region_code) == null && households != null) viaOldCode++;
      const share = value(info.edition, "tot_120_pct", r.region_code);
      const expected = households == null || share == null ? null : Math.round((households * share) / 100);
      expect(r.doelgroep, r.region_code).toBe(expected);
    }
    // Buitenhof's buurten were re-coded after the income year: their households are found under the old codes.
    expect(viaOldCode).toBe(5);
  });

  it("never shows more than 100% as a figure; the double-counted remissions stay a data problem", () => {
    expect(study.rows.every((r) => r.bereik == null || r.bereik <= 100)).toBe(true);
    const problem = study.rows.filter((r) => r.status === "meer dan 100%: gegevensprobleem");
    expect(problem.map((r) => [r.region_code, r.regeling, r.jaar])).toContainEqual(["BU99990105", "Kwijtschelding gemeentelijke belastingen", "2024"]);
  });
});
