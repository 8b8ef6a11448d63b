import {describe, expect, it} from "vitest";
import {formatDate, formatDateTime, formatEuro, formatNumber, formatPercent, MISSING} from "../../src/lib/format.js";

describe("formatNumber", () => {
  it("uses Dutch separators", () => {
    expect(formatNumber(1234.5, 1)).toBe("1.234,5");
    expect(formatNumber(537833)).toBe("537.833");
    expect(formatNumber(-0.25, 2)).toBe("-0,25");
  });
  it("keeps a fixed number of decimals when asked", () => {
    expect(formatNumber(12, 1)).toBe("12,0");
  });
  it("shows a dash for missing values", () => {
    expect(formatNumber(null)).toBe(MISSING);
    expect(formatNumber(undefined)).toBe(MISSING);
    expect(formatNumber(Number.NaN)).toBe(MISSING);
  });
});

describe("formatPercent", () => {
  it("treats values as percent points, as CBS publishes them", () => {
    expect(formatPercent(12.4)).toBe("12,4%");
    expect(formatPercent(100, 0)).toBe("100%");
  });
  it("accepts ratios", () => {
    expect(formatPercent(0.124, 1, {fraction: true})).toBe("12,4%");
  });
  it("shows a dash for missing values", () => {
    expect(formatPercent(null)).toBe(MISSING);
  });
});

describe("formatEuro", () => {
  it("writes euros the Dutch way", () => {
    expect(formatEuro(27100)).toBe("€\u00a027.100");
    expect(formatEuro(null)).toBe(MISSING);
  });
});

describe("formatDate", () => {
  it("writes Dutch month names in Amsterdam time", () => {
    expect(formatDate("2026-11-27T10:00:00Z")).toBe("27 november 2026");
    // 23:30 UTC on 31 December is already 1 January in Amsterdam.
    expect(formatDate(new Date("2019-12-31T23:30:00Z"))).toBe("1 januari 2020");
  });
  it("adds the time in 24-hour form", () => {
    expect(formatDateTime("2020-06-19T00:00:00Z")).toBe("19 juni 2020 om 02:00");
  });
  it("shows a dash for missing or invalid dates", () => {
    expect(formatDate(null)).toBe(MISSING);
    expect(formatDate("geen datum")).toBe(MISSING);
  });
});
