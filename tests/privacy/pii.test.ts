/** The PII gate: every detector, and the false positives it must not raise. */
import {describe, expect, it} from "vitest";
import {inspectColumn, inspectTable, isIban, passesElfproef, type PublishedColumn} from "../../loaders/privacy/pii.js";

const cat = (name: string, values: string[]): PublishedColumn => ({name, role: "category", values});
const kinds = (c: PublishedColumn) => inspectColumn(c).map((f) => f.kind);

// Test BSNs from the 11-proef (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11); not real people.
const BSNS = ["111222333", "123456782", "999999990"];

describe("BSN", () => {
  it("knows the 11-proef", () => {
    for (const b of BSNS) expect(passesElfproef(b)).toBe(true);
    expect(passesElfproef("123456789")).toBe(false);
    expect(passesElfproef("000000000")).toBe(false);
    expect(passesElfproef("12345678")).toBe(passesElfproef("012345678"));
  });
  it("refuses a column of 9-digit numbers that pass the 11-proef, and a column named bsn", () => {
    expect(kinds(cat("klantnummer", BSNS))).toEqual(["bsn"]);
    expect(kinds(cat("BSN", ["x"]))).toContain("bsn");
    expect(kinds(cat("burgerservicenummer", []))).toEqual(["bsn"]);
  });
  it("refuses BSNs written with dots or spaces, and a BSN inside a text column among other text", () => {
    expect(kinds(cat("klantnummer", ["111.222.333", "123.456.782", "999.999.990"]))).toEqual(["bsn"]);
    expect(kinds(cat("kenmerk", ["111 222 333", "123 456 782", "999 999 990"]))).toEqual(["bsn"]);
    expect(kinds(cat("regeling", ["Stadspas", "Kwijtschelding", "Bijzondere bijstand (BSN 111.222.333)"]))).toEqual(["bsn"]);
    expect(kinds(cat("regeling", ["Stadspas", "Kwijtschelding", "aanvraag 123456782 ingetrokken"]))).toEqual(["bsn"]);
  });
  it("does not trip on 9-digit counts, buurt codes, years or ordinary codes", () => {
    // A count column is checked by name only, whatever its values.
    expect(inspectColumn({name: "aantal", role: "count", values: BSNS})).toEqual([]);
    expect(kinds(cat("buurt", ["BU03630001", "BU05180101", "WK036300"]))).toEqual([]);
    expect(kinds(cat("jaar", ["2019", "2020"]))).toEqual([]);
    // Random 9-digit codes: about one in eleven passes by chance, far from all.
    expect(kinds(cat("dossier_reeks", ["123456789", "987654321", "111111111", "222333444", "555666777", "111222333"]))).toEqual([]);
    expect(kinds(cat("dossier_reeks", ["123.456.789", "987.654.321", "111.111.111", "222.333.444", "555.666.777", "111.222.333"]))).toEqual([]);
  });
  it("does not trip on amounts", () => {
    expect(kinds(cat("bedrag", ["€ 1.234,56", "250", "1.000.000", "12,50"]))).toEqual([]);
    expect(kinds(cat("budget", ["123.456.789", "987.654.321", "250.000.000"]))).toEqual([]);
    expect(kinds(cat("regeling", ["Energietoeslag € 1.300", "Stadspas", "Kindpakket € 250,00"]))).toEqual([]);
  });
});

describe("names", () => {
  it("refuses name columns", () => {
    for (const name of ["naam", "Achternaam", "voornaam", "naam_aanvrager", "klantNaam", "first_name", "Surname", "voorletters"]) expect(kinds(cat(name, ["x"]))).toContain("name");
  });
  it('refuses "Surname, Given name" values in a column named aanvrager or Cliënt', () => {
    expect(kinds(cat("aanvrager", ["Jansen, Piet", "Vries, de, Anna", "Bakker, J."]))).toContain("name");
    expect(kinds(cat("Cliënt", ["Jansen, Piet", "El Amrani, Fatima"]))).toContain("name");
    expect(kinds(cat("Cliënt", ["Piet Jansen", "Anna de Vries"]))).toContain("name");
    // Initials are a name in any column.
    expect(kinds(cat("behandeld_door", ["P. Jansen", "A.M. de Vries"]))).toContain("name");
  });
  it("accepts household types in a column about the applicant", () => {
    expect(kinds(cat("type_aanvrager", ["eenpersoons", "paar met kinderen", "eenouder"]))).toEqual([]);
    expect(kinds(cat("Cliënt", ["Bijzondere bijstand", "Stadspas"]))).toEqual([]);
  });
  it("accepts area, scheme and other non-personal names", () => {
    for (const name of ["buurtnaam", "region_name", "regeling_naam", "regelingnaam", "wijk naam", "gemeentenaam", "regeling"]) expect(kinds(cat(name, ["Stadspas"]))).toEqual([]);
  });
});

describe("dates of birth", () => {
  it("refuses birth-date columns and columns of full dates", () => {
    expect(kinds(cat("geboortedatum", ["1980"]))).toContain("date-of-birth");
    expect(kinds(cat("dob", []))).toContain("date-of-birth");
    expect(kinds(cat("datum", ["1-2-1960", "12-11-1975", "1988-03-04"]))).toContain("date-of-birth");
  });
  it("refuses dates written compactly, with a month name or a two-digit year", () => {
    expect(kinds(cat("datum", ["19800201", "19750612"]))).toContain("date-of-birth");
    expect(kinds(cat("datum", ["1 februari 1980", "12 mrt. 1975"]))).toContain("date-of-birth");
    expect(kinds(cat("datum", ["01-02-80", "15-06-75"]))).toContain("date-of-birth");
  });
  it("refuses a column where fewer than half the values are dates", () => {
    expect(kinds(cat("peildatum", ["onbekend", "eerder", "later", "1-2-1960"]))).toContain("date-of-birth");
    expect(kinds(cat("status", ["toegekend", "afgewezen", "toegekend op 3-4-2023", "ingetrokken"]))).toContain("date-of-birth");
  });
  it("accepts years, months and age classes", () => {
    expect(kinds(cat("jaar", ["2019", "2020"]))).toEqual([]);
    expect(kinds(cat("maand", ["2020-01", "2020-02"]))).toEqual([]);
    expect(kinds(cat("leeftijd", ["0-17", "18-64", "65+"]))).toEqual([]);
    expect(kinds(cat("maand", ["februari 1980", "mrt 2021", "202101"]))).toEqual([]);
    // An 8-digit code that is no calendar date.
    expect(kinds(cat("code", ["12345678", "87654321"]))).toEqual([]);
  });
});

describe("addresses", () => {
  it("refuses addresses, postcode plus house number, and house-number columns", () => {
    expect(kinds(cat("woonplaats", ["Kerkstraat 12", "Dorpsweg 3a"]))).toContain("address");
    expect(kinds(cat("locatie", ["1234 AB 12", "2511AA 1"]))).toContain("address");
    expect(kinds(cat("adres", ["x"]))).toContain("address");
    expect(kinds(cat("huisnummer", ["12"]))).toContain("address");
    expect(inspectTable([cat("pc6", ["1234AB", "2511AA"]), cat("nr", ["12", "3"])]).map((f) => [f.column, f.kind])).toEqual([["nr", "address"]]);
  });
  it("refuses addresses without a common street suffix, and postcode with house number and addition", () => {
    expect(kinds(cat("locatie", ["Lange Voorhout 12", "Spui 70"]))).toContain("address");
    expect(kinds(cat("locatie", ["Spui 70"]))).toContain("address");
    expect(kinds(cat("locatie", ["Binnenhof 1a", "Plein 4-B", "Stadspas"]))).toContain("address");
    expect(kinds(cat("locatie", ["2511 AA 12-1", "2513AB 3"]))).toContain("address");
    expect(kinds(cat("locatie", ["Stadspas", "2511 AA 12-1"]))).toContain("address");
  });
  it("accepts scheme names with numbers and PC6 postcodes alone", () => {
    expect(kinds(cat("regeling", ["Gratis OV 65+", "Stadspas 2020", "Kindpakket 4-12 jaar"]))).toEqual([]);
    expect(kinds(cat("regeling", ["Stadspas 2021", "Stadspas 2022", "Bijzondere bijstand"]))).toEqual([]);
    expect(kinds(cat("pc6", ["2511AA", "2513 AB"]))).toEqual([]);
    expect(inspectTable([cat("pc6", ["1234AB", "2511AA"]), cat("regeling", ["Stadspas"])])).toEqual([]);
  });
});

describe("IBAN", () => {
  it("refuses valid IBANs and bank-account columns", () => {
    expect(isIban("NL91 ABNA 0417 1643 00")).toBe(true);
    expect(isIban("NL91ABNA0417164301")).toBe(false);
    expect(kinds(cat("rekening", ["NL91ABNA0417164300"]))).toContain("iban");
    expect(kinds(cat("iban", []))).toContain("iban");
  });
  it("accepts codes that only look like one", () => {
    expect(kinds(cat("code", ["NL00ABCD0000000000", "BU03630001"]))).toEqual([]);
  });
});

describe("free text", () => {
  it("refuses free text and note columns", () => {
    expect(kinds(cat("reden", ["Mevrouw belde op dinsdag over de aanvraag van haar zoon en wil teruggebeld worden"]))).toContain("free-text");
    expect(kinds(cat("toelichting", ["kort"]))).toContain("free-text");
  });
  it("accepts category labels", () => {
    expect(kinds(cat("regeling", ["Kwijtschelding gemeentelijke belastingen", "Bijzondere bijstand", "Tegemoetkoming meerkosten zorg"]))).toEqual([]);
    expect(kinds(cat("huishouden", ["paar met kinderen", "eenouder"]))).toEqual([]);
  });
});
