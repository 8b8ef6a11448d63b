import {describe, expect, it} from "vitest";
import {isKwbCode, municipalityOf, pad, parsePeriod, regionLevel, unpad} from "../../loaders/cbs/index.js";
import {normaliseMunicipality} from "../../loaders/cbs/regions.js";

describe("region codes", () => {
  it("pads to the dimension width and unpads back to the same code", () => {
    for (const code of ["NL00", "GM0363", "WK051801", "BU05180374", "WK0363AC", "BU0363AA01"]) {
      const padded = pad(code, 10);
      expect(padded).toHaveLength(10);
      expect(unpad(padded)).toBe(code);
    }
    expect(pad("GM0363", 10)).toBe("GM0363    ");
    expect(pad("BU05180374", 10)).toBe("BU05180374");
    expect(unpad("NL01  ")).toBe("NL01");
  });

  it("classifies levels, including Amsterdam's alphanumeric wijk and buurt codes", () => {
    expect(regionLevel("NL00")).toBe("land");
    expect(regionLevel("LD03  ")).toBe("landsdeel");
    expect(regionLevel("PV27  ")).toBe("provincie");
    expect(regionLevel("GM0518    ")).toBe("gemeente");
    expect(regionLevel("WK051801")).toBe("wijk");
    expect(regionLevel("WK0363AA")).toBe("wijk");
    expect(regionLevel("BU0363AA01")).toBe("buurt");
    expect(regionLevel("BU05180374")).toBe("buurt");
    expect(regionLevel("CR23")).toBe("overig");
    expect(regionLevel("BU0363aa01")).toBe("overig");
    expect(isKwbCode("BU0363AA01  ")).toBe(true);
    expect(isKwbCode("PV27")).toBe(false);
  });

  it("finds the municipality of a code and normalises municipality input", () => {
    expect(municipalityOf("BU0363AA01")).toBe("GM0363");
    expect(municipalityOf("WK051801  ")).toBe("GM0518");
    expect(municipalityOf("PV27")).toBeNull();
    expect(normaliseMunicipality("gm599")).toBe("GM0599");
    expect(normaliseMunicipality("0518")).toBe("GM0518");
    expect(() => normaliseMunicipality("Rotterdam")).toThrow(/not a municipality code/);
  });
});

describe("period codes", () => {
  it("parses years, quarters, months and half-years with calendar ranges", () => {
    expect(parsePeriod("2023JJ00")).toMatchObject({year: 2023, kind: "year", start: "2023-01-01", end: "2023-12-31"});
    expect(parsePeriod("2020KW01")).toMatchObject({kind: "quarter", number: 1, start: "2020-01-01", end: "2020-03-31"});
    expect(parsePeriod("2019MM12")).toMatchObject({kind: "month", start: "2019-12-01", end: "2019-12-31"});
    expect(parsePeriod("2024MM02")?.end).toBe("2024-02-29");
    expect(parsePeriod("2023HJ02")).toMatchObject({kind: "half-year", start: "2023-07-01", end: "2023-12-31"});
    expect(parsePeriod("2010X000")?.kind).toBe("other");
    expect(parsePeriod("2023")).toBeNull();
  });
});
