/**
 * Reads a municipal extract as rows of text cells with their line numbers: CSV (`;` or `,`, any of the encodings
 * in decode.ts) or XLSX (one sheet, chosen by name, with exceljs). Values stay text here; typing happens in
 * validate.ts against the manifest's number style.
 */
import {readFile} from "node:fs/promises";
import {extname} from "node:path";
import {parse} from "csv-parse/sync";
import ExcelJS from "exceljs";
import {decodeText, type TextEncoding} from "./decode.js";

/** One data row: its line (CSV) or row number (XLSX) and its cells by column name (XLSX numbers stay numbers). */
export interface RawRow {
  line: number;
  values: Record<string, string | number>;
}

export interface RawExtract {
  file: string;
  format: "csv" | "xlsx";
  encoding?: TextEncoding;
  delimiter?: string;
  columns: string[];
  rows: RawRow[];
}

/** Reads a CSV or XLSX file; `sheet` picks the worksheet of an XLSX file by name. */
export async function readExtract(path: string, label: string, {sheet}: {sheet?: string} = {}): Promise<RawExtract> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${label}: ${error.code === "ENOENT" ? "file not found" : error.message}`);
  });
  const ext = extname(path).toLowerCase();
  if (ext === ".xlsx") return readXlsx(bytes, label, sheet);
  if (ext === ".xls") throw new Error(`${label}: old Excel .xls files are not supported; save the sheet as .xlsx or CSV`);
  if (sheet) throw new Error(`${label}: "sheet" only applies to .xlsx files`);
  return readCsv(bytes, label);
}

/** The delimiter of a CSV header line: `;`, `,` or a tab (Excel's "Unicode text"), whichever occurs most outside quotes. */
export function sniffDelimiter(headerLine: string): ";" | "," | "\t" {
  const unquoted = headerLine.replace(/"[^"]*"/g, "");
  const count = (c: string) => unquoted.split(c).length - 1;
  if (count("\t") > count(";") && count("\t") > count(",")) return "\t";
  return count(";") >= count(",") && count(";") > 0 ? ";" : ",";
}

/** How a file was read, for the pull output: `CSV, windows-1252, ";"` or `XLSX, sheet "Besluiten"`. */
export function describeRead(raw: RawExtract): string {
  if (raw.format === "xlsx") return `XLSX, sheet "${raw.file.slice(raw.file.lastIndexOf("#") + 1)}"`;
  return `CSV, encoding ${raw.encoding}, delimiter ${raw.delimiter === "\t" ? "tab" : `"${raw.delimiter}"`}`;
}

function readCsv(bytes: Uint8Array, label: string): RawExtract {
  const {text, encoding} = decodeText(bytes, label);
  const delimiter = sniffDelimiter(text.split(/\r?\n/, 1)[0] ?? "");
  let records: {record: Record<string, string>; info: {lines: number}}[];
  try {
    records = parse(text, {delimiter, columns: true, info: true, skip_empty_lines: true, trim: true});
  } catch (error) {
    throw new Error(`${label}: not a readable CSV file: ${(error as Error).message}`);
  }
  const columns = parse(text, {delimiter, to_line: 1, trim: true})[0] ?? [];
  return {file: label, format: "csv", encoding, delimiter, columns, rows: records.map(({record, info}) => ({line: info.lines, values: record}))};
}

/** An XLSX cell as text, or a number for numeric cells (no number style applies); dates become ISO dates. */
function cellText(value: ExcelJS.CellValue): string | number {
  if (value == null) return "";
  if (typeof value === "number") return value;
  if (typeof value === "string") return value.trim();
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
  if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text).trim();
  if ("error" in value) return "";
  return String(value);
}

async function readXlsx(bytes: Uint8Array, label: string, sheet?: string): Promise<RawExtract> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new Error(`${label}: not a readable XLSX file: ${(error as Error).message}`);
  }
  const names = book.worksheets.map((w) => w.name);
  if (!sheet && names.length > 1) throw new Error(`${label}: the workbook has ${names.length} sheets (${names.join(", ")}); name one with "sheet"`);
  const ws = sheet ? book.getWorksheet(sheet) : book.worksheets[0];
  if (!ws) throw new Error(`${label}: no sheet named "${sheet}" (the workbook has ${names.join(", ")})`);
  const header = ws.getRow(1);
  const columns: string[] = [];
  header.eachCell({includeEmpty: true}, (cell, col) => (columns[col - 1] = String(cellText(cell.value))));
  const rows: RawRow[] = [];
  ws.eachRow((row, number) => {
    if (number === 1) return;
    const values: Record<string, string | number> = {};
    columns.forEach((name, i) => (values[name] = cellText(row.getCell(i + 1).value)));
    if (Object.values(values).some((v) => v !== "")) rows.push({line: number, values});
  });
  return {file: `${label}#${ws.name}`, format: "xlsx", columns, rows};
}
