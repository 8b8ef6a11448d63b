/** Reading municipal extracts: encodings, delimiters, number styles, XLSX sheets, validation and area mapping. */
import {mkdtemp, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {beforeAll, describe, expect, it} from "vitest";
import {describeUnmapped, mapToAreas, normalisePostcode, readPostcodes} from "../../loaders/municipal/areas.js";
import {decodeText} from "../../loaders/municipal/decode.js";
import {parseNumber} from "../../loaders/municipal/numbers.js";
import {readExtract} from "../../loaders/municipal/read.js";
import {ExtractError, validateExtract} from "../../loaders/municipal/validate.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "buurtboek-extract-"));
});
const file = async (name: string, data: string | Uint8Array) => {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
};
const win1252 = (s: string) => Uint8Array.from([...s].map((c) => ({"é": 0xe9, "ë": 0xeb, "€": 0x80})[c] ?? c.charCodeAt(0)));

describe("number styles", () => {
  it("reads Dutch numbers: 1.234 is a thousand and more, 12,5 a decimal", () => {
    expect(parseNumber("1.234", "nl")).toEqual({value: 1234});
    expect(parseNumber("1.234.567,5", "nl")).toEqual({value: 1234567.5});
    expect(parseNumber("12,5", "nl")).toEqual({value: 12.5});
    expect(parseNumber("-7", "nl")).toEqual({value: -7});
  });
  it("reads English numbers", () => {
    expect(parseNumber("1,234", "en")).toEqual({value: 1234});
    expect(parseNumber("12.5", "en")).toEqual({value: 12.5});
  });
  it("rejects values that do not fit the declared style", () => {
    expect(parseNumber("12.5", "nl")).toHaveProperty("error");
    expect(parseNumber("1,234.5", "nl")).toHaveProperty("error");
    expect(parseNumber("12,5", "en")).toHaveProperty("error");
    expect(parseNumber("1.23.4", "nl")).toHaveProperty("error");
    expect(parseNumber("twaalf", "nl")).toHaveProperty("error");
  });
});

describe("reading CSV", () => {
  it("decodes UTF-8 with and without BOM, and Windows-1252", () => {
    expect(decodeText(new TextEncoder().encode("\ufeffa;b\nré;1"))).toEqual({text: "a;b\nré;1", encoding: "utf-8-bom"});
    expect(decodeText(new TextEncoder().encode("a;b\nré;1")).encoding).toBe("utf-8");
    expect(decodeText(win1252("a;b\nré;€1"))).toEqual({text: "a;b\nré;€1", encoding: "windows-1252"});
  });

  it("reads ; and , files with line numbers, in every encoding", async () => {
    const semi = await readExtract(await file("semi.csv", "\ufeffbuurt;regeling;aantal\r\nBU09990101;Stadspas;1.234\r\n\r\nBU09990102;Kwijtschelding;15\r\n"), "semi.csv");
    expect(semi).toMatchObject({delimiter: ";", encoding: "utf-8-bom", columns: ["buurt", "regeling", "aantal"]});
    expect(semi.rows).toEqual([
      {line: 2, values: {buurt: "BU09990101", regeling: "Stadspas", aantal: "1.234"}},
      {line: 4, values: {buurt: "BU09990102", regeling: "Kwijtschelding", aantal: "15"}}
    ]);
    const comma = await readExtract(await file("comma.csv", 'buurt,regeling,aantal\nBU09990101,"Stadspas, extra",12\n'), "comma.csv");
    expect(comma.delimiter).toBe(",");
    expect(comma.rows[0].values.regeling).toBe("Stadspas, extra");
    const ansi = await readExtract(await file("ansi.csv", win1252("buurt;regeling;aantal\nBU09990101;Tegemoetkoming meerkosten € café;12\n")), "ansi.csv");
    expect(ansi.encoding).toBe("windows-1252");
    expect(ansi.rows[0].values.regeling).toBe("Tegemoetkoming meerkosten € café");
  });

  it("names the file when it is missing or malformed", async () => {
    await expect(readExtract(join(dir, "nope.csv"), "private/nope.csv")).rejects.toThrow("private/nope.csv: file not found");
    await expect(readExtract(await file("bad.csv", 'a;b\n"x;1\n'), "bad.csv")).rejects.toThrow(/bad\.csv: not a readable CSV file/);
    await expect(readExtract(await file("old.xls", "x"), "old.xls")).rejects.toThrow(/\.xls files are not supported/);
  });
});

describe("reading XLSX", () => {
  let path: string;
  beforeAll(async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Toelichting").addRow(["Dit blad is uitleg"]);
    const sheet = book.addWorksheet("Gebruik 2020");
    sheet.addRow(["buurtcode", "regeling", "aantal"]);
    sheet.addRow(["BU09990101", "Stadspas", 1234]);
    sheet.addRow(["BU09990102", "Stadspas", "1.250"]);
    path = join(dir, "extract.xlsx");
    await book.xlsx.writeFile(path);
  });

  it("picks the sheet by name; numeric cells need no number style", async () => {
    const x = await readExtract(path, "extract.xlsx", {sheet: "Gebruik 2020"});
    expect(x.file).toBe("extract.xlsx#Gebruik 2020");
    expect(x.rows).toEqual([
      {line: 2, values: {buurtcode: "BU09990101", regeling: "Stadspas", aantal: 1234}},
      {line: 3, values: {buurtcode: "BU09990102", regeling: "Stadspas", aantal: "1.250"}}
    ]);
    const rows = validateExtract(x, {shape: "aggregated", area: "buurtcode", by: ["regeling"], count: "aantal", numbers: "nl"});
    expect(rows.map((r) => r.count)).toEqual([1234, 1250]);
  });

  it("names the sheets when the requested one is missing or none is given", async () => {
    await expect(readExtract(path, "extract.xlsx", {sheet: "Blad1"})).rejects.toThrow('extract.xlsx: no sheet named "Blad1" (the workbook has Toelichting, Gebruik 2020)');
    await expect(readExtract(path, "extract.xlsx")).rejects.toThrow(/has 2 sheets \(Toelichting, Gebruik 2020\); name one with "sheet"/);
  });
});

describe("validation", () => {
  it("names file, row, column and reason for every bad cell, never the value", async () => {
    const x = await readExtract(await file("v.csv", "buurt;regeling;aantal\nBU09990101;Stadspas;12.5\nBU09990102;;10\nBU09990103;Stadspas;-3\nBU09990104;Stadspas;7,5\nBU09990105;Stadspas;\n"), "private/v.csv");
    let error: ExtractError | undefined;
    try {
      validateExtract(x, {shape: "aggregated", area: "buurt", by: ["regeling"], count: "aantal", numbers: "nl"});
    } catch (e) {
      error = e as ExtractError;
    }
    expect(error).toBeInstanceOf(ExtractError);
    expect(error!.issues).toEqual([
      'row 2, column "aantal": not a number in the "nl" style (1.234 or 12,5)',
      'row 3, column "regeling": empty value',
      'row 4, column "aantal": a count cannot be negative',
      'row 5, column "aantal": a count must be a whole number',
      'row 6, column "aantal": empty count'
    ]);
    expect(error!.message).toContain("private/v.csv: 5 problem(s)");
  });

  it("lists missing columns with the ones the file has", async () => {
    const x = await readExtract(await file("m.csv", "wijk;aantal\nWK099901;10\n"), "m.csv");
    expect(() => validateExtract(x, {shape: "aggregated", area: "buurt", by: [], count: "aantal", numbers: "nl"})).toThrow('missing column(s) "buurt"; the file has "wijk", "aantal"');
  });
});

describe("mapping to CBS areas", () => {
  it("maps PC6 postcodes to buurten and reports unmapped rows by reason with line numbers only", async () => {
    const postcodes = await readPostcodes(await file("pc.csv", "postcode,buurtcode\n9111AA,BU09990101\n9112AB,BU09990102\n9211AC,BU09990201\n"), "pc.csv");
    expect(normalisePostcode(" 9111 aa ")).toBe("9111AA");
    const x = await readExtract(await file("micro.csv", "postcode;regeling;geboortedatum\n9111 aa;Stadspas;1-2-1960\n9112AB;Stadspas;3-4-1971\n;Stadspas;5-6-1980\n1234ZZ;Stadspas;7-8-1990\n9111AA;Stadspas;9-10-1955\nBU09990201;Stadspas;1-1-1970\nBU09990999;Stadspas;1-1-1970\n"), "micro.csv");
    const rows = validateExtract(x, {shape: "microdata", area: "postcode", by: ["regeling"], numbers: "nl"});
    const mapped = mapToAreas(rows, {postcodes, gemeente: "GM0999"});
    expect(mapped.leaves.sort((a, b) => a.area.localeCompare(b.area))).toEqual([
      {area: "BU09990101", by: ["Stadspas"], value: 2},
      {area: "BU09990102", by: ["Stadspas"], value: 1},
      {area: "BU09990201", by: ["Stadspas"], value: 1}
    ]);
    // Every buurt of the postcode table gets a row, also without records.
    expect(mapped.areas).toEqual(["BU09990101", "BU09990102", "BU09990201"]);
    expect(mapped.unmapped).toEqual({empty: {count: 1, lines: [4]}, "unknown-postcode": {count: 2, lines: [5, 8]}});
    const report = describeUnmapped(mapped.unmapped).join("\n");
    expect(report).toBe("empty: 1 row(s) (line 4)\nunknown-postcode: 2 row(s) (lines 5, 8)");
    expect(report).not.toMatch(/1234ZZ|BU09990999|19\d\d/);
  });

  it("reports codes of another gemeente or level as unknown", () => {
    const rows = ["BU09990101", "BU03630101", "GM0999", "XX", "WK099901"].map((area, i) => ({line: i + 2, area, by: [], count: 5}));
    const mapped = mapToAreas(rows, {gemeente: "GM0999"});
    expect(mapped.unmapped).toEqual({"unknown-code": {count: 3, lines: [3, 4, 5]}});
  });

  it("rejects a postcode table with a bad row", async () => {
    await expect(readPostcodes(await file("pc-bad.csv", "postcode,buurtcode\n9111AA,BU09990101\n91AA,BU09990102\n9112AA,WK099901\n"), "pc-bad.csv")).rejects.toThrow(
      /row 3, column "postcode": not a PC6 postcode[\s\S]*row 4, column "buurtcode": not a CBS buurt code/
    );
  });
});
