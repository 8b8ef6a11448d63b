/** Indicators by title (with CBS's real variants), edition ids and lists, tidy rows with status, breaks. */
import {describe, expect, it} from "vitest";
import {findBreaks} from "../../loaders/kwb/breaks.js";
import {editionsInCatalogue, KWB_TABLES, parseEditions} from "../../loaders/kwb/editions.js";
import {indicatorOfTitle, mapMeasures, type UnrecognisedMeasure} from "../../loaders/kwb/indicators.js";
import {TITLE_VARIANTS} from "../../loaders/kwb/variants.js";
import {tidyEdition} from "../../loaders/kwb/tidy.js";

describe("indicators by title", () => {
  // One test per wording CBS is known to use (loaders/kwb/variants.ts lists where each was seen).
  it.each(TITLE_VARIANTS.map((v) => [v.title, v.unit, v.indicator, v.seen.join(", ")]))("%s (%s) → %s, seen in %s", (title, unit, id) => {
    expect(indicatorOfTitle(title, unit)).toBe(id);
  });

  it.each([
    ["Huishoudens met een laag inkomen (%)", null, "laag_inkomen_pct"],
    ["Wmo-clienten relatief", null, "wmo_per_1000"],
    ["Wmo-cliënten (per 1 000 inwoners)", null, "wmo_per_1000"],
    ["Percentage jongeren met jeugdzorg in natura", null, "jeugdzorg_pct"],
    ["Jongeren met jeugdzorg in natura", null, "jeugdzorg"],
    ["Huishoudens tot 110 % van het sociaal minimum", "%", "tot_110_pct"]
  ])("without a CBS unit the wording decides: %s → %s", (title, unit, id) => expect(indicatorOfTitle(title, unit)).toBe(id));

  it("lets the unit decide between a count and a share with the same words", () => {
    expect(indicatorOfTitle("Jongeren met jeugdzorg in natura", "%")).toBe("jeugdzorg_pct");
    expect(indicatorOfTitle("Jongeren met jeugdzorg in natura", "aantal")).toBe("jeugdzorg");
    expect(indicatorOfTitle("Wmo-cliënten", "per 1 000 inwoners")).toBe("wmo_per_1000");
  });

  it("refuses a wording that contradicts the unit, and a unit no indicator with those words has", () => {
    expect(indicatorOfTitle("Percentage jongeren met jeugdzorg", "aantal")).toBeNull();
    expect(indicatorOfTitle("Wmo-cliënten", "%")).toBeNull();
    expect(indicatorOfTitle("Gemiddeld inkomen per inwoner", "%")).toBeNull();
  });

  it("keeps an unmatched measure under its own key, skips text measures, and names refused look-alikes", () => {
    const refused: UnrecognisedMeasure[] = [];
    const sources = mapMeasures([
      {key: "Gemeentenaam_1", title: "Gemeentenaam", datatype: "string"},
      {key: "Mannen_6", title: "Mannen", datatype: "number"},
      {key: "WmoClienten_98", title: "Aantal Wmo-cliënten", datatype: "number", unit: "aantal"},
      {key: "PersonenTot25BovenArmoedegrens_82", title: "Personen tot 25% boven armoedegrens", datatype: "number", unit: "%"},
      {key: "PercentageJongerenMetJeugdzorg_97", title: "Percentage jongeren met jeugdzorg", datatype: "number", unit: "aantal"}
    ], "test", (m) => refused.push(m));
    expect(sources.map((s) => [s.indicator, s.key])).toEqual([
      ["Mannen_6", "Mannen_6"], ["wmo", "WmoClienten_98"], ["PersonenTot25BovenArmoedegrens_82", "PersonenTot25BovenArmoedegrens_82"],
      ["PercentageJongerenMetJeugdzorg_97", "PercentageJongerenMetJeugdzorg_97"]
    ]);
    expect(refused.map((r) => r.key)).toEqual(["PersonenTot25BovenArmoedegrens_82", "PercentageJongerenMetJeugdzorg_97"]);
    expect(refused[1].reason).toBe("„Percentage jongeren met jeugdzorg” (aantal): de titel zegt %, de eenheid aantal");
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

  const nl = (laag: number | null, ink: number | null) => ({...row("NL00", 17_000_000, laag, ink, 400_000), region_level: "land"});
  const wijk = (code: string, inw: number, laag: number | null, ink: number | null) => ({...row(code, inw, laag, ink, 10), region_level: "wijk"});

  it("decides 'nog niet gepubliceerd' over the gemeente's own cells, never with the Nederland row", () => {
    // CBS filled Nederland but not yet the gemeente: the gemeente's empty cells are not "geheim".
    const rows = tidyEdition(2024, [nl(8.1, 32), row("GM0001", 3000, null, null, 60), wijk("WK000101", 3000, null, null), row("BU00010001", 2000, null, null, 50), row("BU00010002", 1000, null, null, 10)], sources);
    const statuses = (id: string) => Object.fromEntries(rows.filter((r) => r.indicator === id).map((r) => [r.region_code, r.status]));
    expect(statuses("laag_inkomen_pct")).toEqual({NL00: null, GM0001: "nog niet gepubliceerd", WK000101: "nog niet gepubliceerd", BU00010001: "nog niet gepubliceerd", BU00010002: "nog niet gepubliceerd"});
    expect(rows.find((r) => r.region_code === "NL00" && r.indicator === "laag_inkomen_pct")!.value).toBe(8.1);
  });

  it("gives an empty cell of a buurt without inhabitants 'niet beschikbaar', also in a first release", () => {
    const first = tidyEdition(2024, [row("GM0001", 3000, null, null, 60), row("BU00010001", 3000, null, null, 50), row("BU00010002", 0, null, null, 0)], sources);
    expect(first.find((r) => r.region_code === "BU00010002" && r.indicator === "laag_inkomen_pct")!.status).toBe("niet beschikbaar");
    expect(first.find((r) => r.region_code === "BU00010001" && r.indicator === "laag_inkomen_pct")!.status).toBe("nog niet gepubliceerd");
  });

  it("is no first release when the gemeente has figures but its wijken and buurten have none", () => {
    // CBS published this edition's income for the gemeente only: the wijken are "niet beschikbaar", not "nog niet gepubliceerd".
    const rows = tidyEdition(2021, [nl(8.1, 32), row("GM0001", 3000, 10, 30, 60), wijk("WK000101", 3000, null, null), row("BU00010001", 2000, null, null, 50)], sources);
    expect(rows.filter((r) => r.indicator === "laag_inkomen_pct").map((r) => [r.region_code, r.status])).toEqual([
      ["NL00", null], ["GM0001", null], ["WK000101", "niet beschikbaar"], ["BU00010001", "niet beschikbaar"]
    ]);
  });

  it("calls a level without any value for a column 'niet beschikbaar' outside a first release, not 'geheim'", () => {
    // Wijken have income figures, buurten none at all: CBS does not publish it per buurt here.
    const rows = tidyEdition(2022, [row("GM0001", 3000, 10, 30, 60), wijk("WK000101", 3000, 10, 30), row("BU00010001", 2000, null, 30, 50), row("BU00010002", 1000, null, 29, 10)], sources);
    expect(rows.filter((r) => r.indicator === "laag_inkomen_pct" && r.region_level === "buurt").map((r) => r.status)).toEqual(["niet beschikbaar", "niet beschikbaar"]);
  });

  it("marks a wholly empty income column of a first release as not yet published", () => {
    const rows = tidyEdition(2020, [row("GM0001", 3000, null, null, 60), row("BU00010001", 2000, null, null, 50)], sources);
    expect(rows.filter((r) => r.indicator === "laag_inkomen_pct").map((r) => r.status)).toEqual(["nog niet gepubliceerd", "nog niet gepubliceerd"]);
    expect(rows.filter((r) => r.indicator === "bijstand").map((r) => r.value)).toEqual([60, 50]);
  });
});

describe("definition breaks", () => {
  const ind = (ids: string[]) => ids.map((id) => ({indicator: id, key: `${id}_1`, title: id, unit: "%"}));
  const area = (code: string, change: 1 | 2 | 3 | null = null, name = code) => ({code, level: code.startsWith("WK") ? "wijk" : code.startsWith("BU") ? "buurt" : "gemeente", name, change});

  it("makes the first appearance of the new poverty measure a note, not a break of the low-income series", () => {
    const breaks = findBreaks([
      {edition: 2023, indicators: ind(["laag_inkomen_pct"]), codes: [area("BU00010001")]},
      {edition: 2024, indicators: ind(["laag_inkomen_pct", "armoede_personen_pct"]), codes: [area("BU00010001")]}
    ]);
    expect(breaks).toEqual([expect.objectContaining({edition: 2024, previous: 2023, kind: "nieuwe maat", indicators: ["armoede_personen_pct", "laag_inkomen_pct"]})]);
  });

  it("falls back to comparing codes when an edition has no CBS re-coding column, cutting no series", () => {
    const breaks = findBreaks([
      {edition: 2023, indicators: [], codes: [area("BU00010001"), area("BU00010002")]},
      {edition: 2024, indicators: [], codes: [area("BU00010001"), area("BU00010003")]}
    ]);
    expect(breaks).toEqual([expect.objectContaining({kind: "indeling", level: "buurt", basis: "codes", removed: ["BU00010002"], added: ["BU00010003"], codes: []})]);
  });

  it("never reads an edition without buurt rows as 'every buurt code vanished'", () => {
    const buurten = [area("WK000101", 1), area("BU00010001", 1), area("BU00010002", 1)];
    const breaks = findBreaks([
      {edition: 2021, indicators: [], codes: buurten},
      {edition: 2022, indicators: [], codes: [area("WK000101", 1)]},
      {edition: 2023, indicators: [], codes: buurten}
    ]);
    expect(breaks).toEqual([]);
  });

  it("joins a new code for the same boundary (CBS: 2) to the one vanished code with its name, else starts a new series", () => {
    const breaks = findBreaks([
      {edition: 2022, indicators: [], codes: [area("BU00010001", 1, "Kern"), area("BU00010002", 1, "Oost"), area("BU00010004", 1, "Oost"), area("BU00010003", 1, "Zuid")]},
      {edition: 2023, indicators: [], codes: [area("BU00010011", 2, "Kern"), area("BU00010012", 2, "Oost"), area("BU00010003", 3, "Zuid")]}
    ]);
    // Two vanished codes are called "Oost": which one became BU00010012 is not known, so it is not joined.
    expect(breaks).toEqual([expect.objectContaining({
      level: "buurt", basis: "cbs", recoded: [{from: "BU00010001", to: "BU00010011"}], changed: ["BU00010003"], codes: ["BU00010003"],
      added: ["BU00010012"], removed: ["BU00010002", "BU00010004"]
    })]);
  });
});
