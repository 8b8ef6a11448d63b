import {tableFromIPC} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {rowsToArrow} from "../../loaders/arrow.js";

describe("rowsToArrow", () => {
  it("writes typed columns and keeps missing values as nulls", () => {
    const bytes = rowsToArrow(
      [
        {code: "WK999901", inwoners: 12480, pct: "14.2"},
        {code: "WK999902", inwoners: null, pct: ""}
      ],
      {code: "string", inwoners: "number", pct: "number"}
    );
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(2);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["code:Utf8", "inwoners:Float64", "pct:Float64"]);
    expect(table.get(0)?.toJSON()).toEqual({code: "WK999901", inwoners: 12480, pct: 14.2});
    expect(table.get(1)?.toJSON()).toEqual({code: "WK999902", inwoners: null, pct: null});
  });
  it("refuses a value that is not a number instead of silently dropping it", () => {
    expect(() => rowsToArrow([{n: "12,4"}], {n: "number"})).toThrow(/column n: not a number: "12,4"/);
  });
});
