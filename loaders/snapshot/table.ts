/**
 * Table snapshots as text: a CSV sorted by its key columns and a typed schema JSON beside it.
 * The CSV is diffable line by line; the schema says how to read each column back.
 */
import {parse} from "csv-parse/sync";
import {stringify} from "csv-stringify/sync";
import type {ColumnInfo} from "../../src/lib/provenance.js";
import type {Cell, ColumnType} from "../arrow.js";
import {stableJson} from "./json.js";

/** One column of a table snapshot, with the CBS measure metadata when there is one. */
export type ColumnSpec = ColumnInfo;

/** The schema file `<name>.schema.json`. */
export interface TableSchema {
  name: string;
  kind: "table";
  /** Columns whose values identify a row (e.g. region_code, period); rows are sorted by them. */
  key: string[];
  columns: ColumnSpec[];
  rows: number;
}

/** A table in memory, before it is written or after it is read. */
export interface TableData {
  key: string[];
  columns: ColumnSpec[];
  rows: Record<string, Cell>[];
}

const collator = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Renders a cell for CSV: numbers in JavaScript's shortest round-trip form, missing as empty. */
function cellText(value: Cell | undefined, column: ColumnSpec, where: () => string): string {
  if (value == null || value === "") return "";
  if (column.type === "number") {
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(n)) throw new Error(`${where()}, column ${column.name}: not a number: ${JSON.stringify(value)}`);
    return String(n);
  }
  return String(value);
}

/**
 * Sorted CSV text of the table of `dataset`: header row, then rows ordered by the key columns (then by the whole
 * line). Errors name the dataset, the row (number and key) and the column.
 */
export function tableToCsv(table: TableData, dataset: string): string {
  const names = table.columns.map((c) => c.name);
  const keyIdx = table.key.map((k) => names.indexOf(k));
  if (keyIdx.includes(-1)) throw new Error(`${dataset}: key column missing from columns: ${table.key.filter((k) => !names.includes(k)).join(", ")}`);
  const rowName = (row: Record<string, Cell>, i: number) => `${dataset}, row ${i + 1} (${table.key.map((k) => `${k} ${row[k] ?? "–"}`).join(", ")})`;
  const lines = table.rows.map((row, i) => table.columns.map((c) => cellText(row[c.name], c, () => rowName(row, i))));
  lines.sort((a, b) => {
    for (const i of keyIdx) {
      const d = collator(a[i], b[i]);
      if (d) return d;
    }
    return collator(a.join("\u0000"), b.join("\u0000"));
  });
  return stringify([names, ...lines], {record_delimiter: "\n"});
}

/** Schema JSON text for a table. */
export function tableSchemaJson(name: string, table: TableData): string {
  const schema: TableSchema = {name, kind: "table", key: table.key, columns: table.columns, rows: table.rows.length};
  return stableJson(schema);
}

/** Parses snapshot CSV text with its schema; throws on a header or type mismatch, naming `file`. */
export function csvToRows(text: string, schema: TableSchema, file: string): Record<string, Cell>[] {
  const records: string[][] = parse(text, {relax_column_count: false});
  const [header, ...body] = records;
  const expected = schema.columns.map((c) => c.name);
  if (!header || header.join(",") !== expected.join(",")) {
    throw new Error(`${file}: header does not match its schema (expected ${expected.join(",")})`);
  }
  return body.map((cells, r) =>
    Object.fromEntries(
      schema.columns.map((c, i) => {
        const text = cells[i];
        if (text === "" || text === undefined) return [c.name, null];
        if (c.type === "string") return [c.name, text];
        const n = Number(text);
        if (!Number.isFinite(n)) throw new Error(`${file}: line ${r + 2}, column ${c.name}: not a number: ${JSON.stringify(text)}`);
        return [c.name, n];
      })
    )
  );
}

/** Column types as `rowsToArrow` wants them. */
export function columnTypes(schema: {columns: ColumnSpec[]}): Record<string, ColumnType> {
  return Object.fromEntries(schema.columns.map((c) => [c.name, c.type]));
}
