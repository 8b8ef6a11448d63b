import {describe, expect, it} from "vitest";
import {tableToCsv, type TableData} from "../../loaders/snapshot/table.js";

const table = (rows: TableData["rows"]): TableData => ({
  key: ["region_code"],
  columns: [
    {name: "region_code", type: "string"},
    {name: "AantalInwoners_5", type: "number"}
  ],
  rows
});

describe("tableToCsv", () => {
  it("sorts by the key and writes numbers in their shortest form", () => {
    expect(tableToCsv(table([{region_code: "WK02", AantalInwoners_5: 10.5}, {region_code: "WK01", AantalInwoners_5: null}]), "kwb")).toBe(
      "region_code,AantalInwoners_5\nWK01,\nWK02,10.5\n"
    );
  });
  it("names the dataset, the row with its key and the column of a value that is not a number", () => {
    const bad = table([{region_code: "WK01", AantalInwoners_5: 1}, {region_code: "BU99990102", AantalInwoners_5: "1.234,5"}]);
    expect(() => tableToCsv(bad, "kwb-2019")).toThrow('kwb-2019, row 2 (region_code BU99990102), column AantalInwoners_5: not a number: "1.234,5"');
  });
  it("names the dataset and the key column that is missing", () => {
    expect(() => tableToCsv({...table([]), key: ["region_code", "period"]}, "kwb-2019")).toThrow("kwb-2019: key column missing from columns: period");
  });
});
