/** Indicators by title (with CBS's real variants), edition ids and lists, tidy rows with status, breaks. */
import {describe, expect, it} from "vitest";
import {findBreaks} from "../../loaders/kwb/breaks.js";
import {editionsInCatalogue, KWB_TABLES, parseEditions} from "../../loaders/kwb/editions.js";
import {indicatorOfTitle, mapMeasures} from "../../loaders/kwb/indicators.js";
import {tidyEdition} from "../../loaders/kwb/tidy.js";

describe("indicators by title", () => {
  it.each([
    ["Huish. onder of rond sociaal minimum", "sociaal_minimum_pct"],
    ["Huishoudens onder of rond sociaal minimum", "sociaal_minimum_pct"],
    ["Aantal Wmo-cliënten", "wmo"],
    ["Wmo-cliënten", "wmo"],
    ["Wmo-clienten relatief", "wmo_per_1000"],
    ["Huishoudens met een laag inkomen (%)", "laag_inkomen_pct"],
    ["Huishoudens tot 110% van sociaal minimum", "tot_110_pct"],
    ["Bijstand", "bijstand"],
    ["Personen per soort uitkering; Bijstand", "bijstand"],
    ["Personen in armoede", "armoede_personen_pct"],
    ["Aantal inwoners", "inwoners"],
    ["Gemiddeld inkomen per inwoner", "inkomen_per_inwoner"]
  ])("%s → %s", (title, id) => expect(indicatorOfTitle(title)).toBe(id));

  it("keeps an unmatched measure under its own key and skips text measures", () => {
    const sources = mapMeasures([
      {key: "Gemeentenaam_1", title: "Gemeentenaam", datatype: "string"},
      {key: "Mannen_6", title: "Mannen", datatype: "number"},
      {key: "WmoClienten_98", title: "Aantal Wmo-cliënten", datatype: "number", unit: "aantal"}
    ], "test");
    expect(sources).toEqual([
      {indicator: "Mannen_6", key: "Mannen_6", title: "Mannen", unit: null},
      {indicator: "wmo", key: "WmoClienten_98", title: "Aantal Wmo-cliënten", unit: "aantal"}
    ]);
  });

  it("refuses two measures that claim one indicator, naming both keys", () => {
    expect(() => mapMeasures([{key: "A_1", title: "Wmo-cliënten"}, {key: "B_2", title: "Aantal Wmo-cliënten"}], "KWB 2020")).toThrow(
      'KWB 2020: measures A_1 ("Wmo-cliënten") and B_2 ("Aantal Wmo-cliënten") both match indicator wmo'
    );
  });
});

describe("editions", () => {
  it("parses lists and ranges, and names a bad part", () => {
    expect(parseEditions("2019,2021-2024")).toEqual([2019, 2021, 2022, 2023, 2024]);
    expect(() => parseEditions("2019,21-24")).toThrow('"21-24" is not a year or a range');
    expect(() => parseEditions("2024-2021")).toThrow("runs backwards");
  });

  it("confirms ids against catalogue titles; the catalogue wins on a difference", () => {
    const notes: string[] = [];
    const found = editionsInCatalogue([
      {id: "84583NED", title: "Kerncijfers wijken en buurten 2019"},
      {id: "84286NED", title: "Kerncijfers wijken en buurten 2018 (gewijzigd)"},
      {id: "86999NED", title: "Kerncijfers wijken en buurten 2026"},
      {id: "99999NED", title: "Kerncijfers wijken en buurten 2020"}
    ], (l) => notes.push(l));
    expect(found).toEqual([{edition: 2026, table: "86999NED"}, {edition: 2020, table: "99999NED"}, {edition: 2019, table: KWB_TABLES[2019]}]);
    expect(notes).toEqual(expect.arrayContaining([expect.stringContaining("not 84799NED; using 99999NED"), expect.stringContaining("newer than the built-in list")]));
  });
});

describe("tidy rows", () => {
  const sources = mapMeasures([
    {key: "AantalInwoners_5", title: "Aantal inwoners"},
    {key: "Laag_78", title: "Huishoudens met een laag inkomen"},
    {key: "Inkomen_72", title: "Gemiddeld inkomen per inwoner"},
    {key: "Bijstand_83", title: "Bijstand"}
  ], "t");
  const row = (code: string, inw: number | null, laag: number | null, ink: number | null, bij: number | null) =>
    ({region_code: code, region_name: code, region_level: code.startsWith("BU") ? "buurt" : "gemeente", AantalInwoners_5: inw, Laag_78: laag, Inkomen_72: ink, Bijstand_83: bij});

  it("gives empty cells a status, never zero, and derives per-1000 rates", () => {
    const rows = tidyEdition(2019, [row("GM0001", 3000, 10, 30, 60), row("BU00010001", 2000, 12, 28, 50), row("BU00010002", 900, null, 31, 10), row("BU00010003", 0, null, null, 0)], sources);
    const get = (code: string, id: string) => rows.find((r) => r.region_code === code && r.indicator === id)!;
    expect(get("BU00010002", "laag_inkomen_pct")).toMatchObject({value: null, status: "geheim"});
    expect(get("BU00010003", "laag_inkomen_pct")).toMatchObject({value: null, status: "niet beschikbaar"});
    expect(get("BU00010001", "bijstand_per_1000")).toMatchObject({value: 25, status: null});
    expect(get("BU00010003", "bijstand_per_1000")).toMatchObject({value: null, status: "niet beschikbaar"});
    expect(rows.filter((r) => r.value === 0 && r.indicator === "laag_inkomen_pct")).toEqual([]);
  });

  it("marks a wholly empty income column of a first release as not yet published", () => {
    const rows = tidyEdition(2020, [row("GM0001", 3000, null, null, 60), row("BU00010001", 2000, null, null, 50)], sources);
    expect(rows.filter((r) => r.indicator === "laag_inkomen_pct").map((r) => r.status)).toEqual(["nog niet gepubliceerd", "nog niet gepubliceerd"]);
    expect(rows.filter((r) => r.indicator === "bijstand").map((r) => r.value)).toEqual([60, 50]);
  });
});

describe("definition breaks", () => {
  it("records the new poverty measure and re-coded buurten", () => {
    const ind = (ids: string[]) => ids.map((id) => ({indicator: id, key: `${id}_1`, title: id, unit: "%"}));
    const breaks = findBreaks([
      {edition: 2023, indicators: ind(["laag_inkomen_pct"]), codes: [{code: "BU00010001", level: "buurt"}, {code: "BU00010002", level: "buurt"}]},
      {edition: 2024, indicators: ind(["laag_inkomen_pct", "armoede_personen_pct"]), codes: [{code: "BU00010001", level: "buurt"}, {code: "BU00010003", level: "buurt"}]}
    ]);
    expect(breaks).toEqual([
      expect.objectContaining({edition: 2024, previous: 2023, kind: "definitie", indicators: ["armoede_personen_pct", "laag_inkomen_pct"]}),
      expect.objectContaining({edition: 2024, kind: "indeling", level: "buurt", removed: ["BU00010002"], added: ["BU00010003"]})
    ]);
  });
});
