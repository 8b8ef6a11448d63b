/** Reading municipal extracts: encodings, delimiters, number styles, XLSX sheets, validation and area mapping. */
import {mkdtemp, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {beforeAll, describe, expect, it} from "vitest";
import {describeUnmapped, mapToAreas, normalisePostcode, readPostcodes} from "../../loaders/municipal/areas.js";
import {decodeText, EncodingError} from "../../loaders/municipal/decode.js";
import {parseNumber} from "../../loaders/municipal/numbers.js";
import {describeRead, readExtract} from "../../loaders/municipal/read.js";
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
  it("takes a space as a thousands separator only between groups of three, and only in the Dutch style", () => {
    expect(parseNumber("1 250", "nl")).toEqual({value: 1250});
    expect(parseNumber("1\u00a0234\u00a0567,5", "nl")).toEqual({value: 1234567.5});
    expect(parseNumber("12 5", "nl")).toEqual({error: "a space inside a number is only a thousands separator between groups of three digits (1 250)"});
    expect(parseNumber("1 0", "nl")).toHaveProperty("error");
    expect(parseNumber("1 2500", "nl")).toHaveProperty("error");
    expect(parseNumber("1 250", "en")).toEqual({error: 'a space inside a number is not a thousands separator in the "en" style (write 1,250)'});
    expect(parseNumber(" 125 ", "nl")).toEqual({value: 125});
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

  it("stops at a UTF-8 file with one stray byte instead of reading it all as Windows-1252", () => {
    // "café" in UTF-8, then a Windows-1252 dash (0x96) on line 3: decoding all as Windows-1252 gave "cafÃ©".
    const bytes = Uint8Array.from([...new TextEncoder().encode("buurt;regeling;aantal\nBU09990101;café;12\nBU09990102;a "), 0x96, ...new TextEncoder().encode(" b;3\n")]);
    expect(() => decodeText(bytes, "private/x.csv")).toThrow(EncodingError);
    expect(() => decodeText(bytes, "private/x.csv")).toThrow(/^private\/x\.csv: line 3, byte 14 \(0x96\): not valid UTF-8, and the file is not plausibly Windows-1252 either \(it also holds 1 valid UTF-8 character\(s\)/);
  });

  it("reads Windows-1252 only when plausible: no undefined bytes, no control bytes", () => {
    expect(decodeText(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toEqual({text: "café", encoding: "windows-1252"});
    expect(() => decodeText(Uint8Array.from([0x61, 0x0a, 0x62, 0x81, 0xe9]), "y.csv")).toThrow(/^y\.csv: line 2, byte 2 \(0x81\): .*not a Windows-1252 character/);
    expect(() => decodeText(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]), "z.csv")).toThrow(/^z\.csv: line 1, byte 3 \(0x03\): .*control byte/);
    // A UTF-8 byte-order mark promises UTF-8.
    expect(() => decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0xe9]), "b.csv")).toThrow(/^b\.csv: line 1, byte 2 \(0xE9\)/);
  });

  it("decodes UTF-16 with a byte-order mark (Excel's Unicode text, tab-separated)", async () => {
    const text = "buurt\tregeling\taantal\r\nBU09990101\tcafé\t12\r\n";
    const le = Uint8Array.from([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(decodeText(le)).toEqual({text, encoding: "utf-16le-bom"});
    const x = await readExtract(await file("unicode.txt", le), "unicode.txt");
    expect(x).toMatchObject({encoding: "utf-16le-bom", delimiter: "\t", columns: ["buurt", "regeling", "aantal"]});
    expect(x.rows[0].values.regeling).toBe("café");
    expect(describeRead(x)).toBe("CSV, encoding utf-16le-bom, delimiter tab");
  });

  it("names file, line and byte when a CSV cannot be decoded", async () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode("buurt;regeling;aantal\nBU09990101;café;12\n"), 0x9d, 0x0a]);
    await expect(readExtract(await file("broken.csv", bytes), "private/broken.csv")).rejects.toThrow(/^private\/broken\.csv: line 3, byte 1 \(0x9D\)/);
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
    expect(describeRead(ansi)).toBe('CSV, encoding windows-1252, delimiter ";"');
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
    const x = await readExtract(await file("v.csv", "buurt;regeling;aantal\nBU09990101;Stadspas;12.5\nBU09990102;;10\nBU09990103;Stadspas;-3\nBU09990104;Stadspas;7,5\nBU09990105;Stadspas;\nBU09990106;Stadspas;12 5\nBU09990107;Stadspas;1 0\nBU09990108;Stadspas;1 250\n"), "private/v.csv");
    let error: ExtractError | undefined;
    try {
      validateExtract(x, {shape: "aggregated", area: "buurt", by: ["regeling"], count: "aantal", numbers: "nl"});
    } catch (e) {
      error = e as ExtractError;
    }
    expect(error).toBeInstanceOf(ExtractError);
    expect(error!.issues).toEqual([
      'row 2, column "aantal": not a number in the "nl" style (1.234, 1 234 or 12,5)',
      'row 3, column "regeling": empty value',
      'row 4, column "aantal": a count cannot be negative',
      'row 5, column "aantal": a count must be a whole number',
      'row 6, column "aantal": empty count',
      'row 7, column "aantal": a space inside a number is only a thousands separator between groups of three digits (1 250)',
      'row 8, column "aantal": a space inside a number is only a thousands separator between groups of three digits (1 250)'
    ]);
    expect(error!.message).toContain("private/v.csv: 7 problem(s)");
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
