import {execFileSync} from "node:child_process";
import {describe, expect, it} from "vitest";
import {formatDate, formatDateTime, formatEuro, formatNumber, formatPercent, MISSING} from "../../src/lib/format.js";
import {repoRoot} from "../support/paths.js";

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

describe("dates in every reader's time zone (Node)", () => {
  // CBS `Modified` has no offset: it is Dutch local time. 02:00 on 30 November is 29 November in Los Angeles'
  // terms if read as UTC, and 18:00 on 29 November UTC if read in Tokyo; neither may show.
  const script = `
    import {formatDate, formatDateTime} from "./src/lib/format.ts";
    import {sourceLine} from "./src/components/provenance.ts";
    const d = {name: "kwb", title: "KWB", kind: "table", rows: 1, file: "kwb.csv", sha256: "0",
      source: {type: "cbs", table: "84583NED", title: "Kerncijfers wijken en buurten 2019", modified: "2021-11-30T02:00:00"},
      fetched_at: "2024-03-31T22:30:00.000Z"};
    console.log(JSON.stringify([formatDate("2021-11-30T02:00:00"), formatDateTime("2020-12-18T23:30:00"), formatDate("2021-11-30"), sourceLine(d)]));`;
  for (const zone of ["Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati", "Europe/Amsterdam"]) {
    it(`TZ=${zone}`, () => {
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {cwd: repoRoot, env: {...process.env, TZ: zone}, encoding: "utf8"});
      expect(JSON.parse(out)).toEqual([
        "30 november 2021",
        "18 december 2020 om 23:30",
        "30 november 2021",
        "Bron: CBS, tabel 84583NED (Kerncijfers wijken en buurten 2019), versie 30 november 2021, opgehaald 1 april 2024."
      ]);
    });
  }
});
