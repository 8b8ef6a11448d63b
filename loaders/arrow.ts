/** Arrow IPC output for Framework data loaders: the browser reads it with DuckDB-wasm and Arquero, offline. */
import {Float64, Table, Utf8, tableToIPC, vectorFromArray} from "apache-arrow";

export type Cell = string | number | null;
export type ColumnType = "string" | "number";

/**
 * Builds an Arrow IPC stream from the rows of `dataset`. Numbers become Float64 and strings Utf8; empty and missing
 * cells become nulls. A value that does not fit its column's type is an error naming the dataset, row and column,
 * never a silent null.
 */
export function rowsToArrow(rows: Record<string, Cell>[], types: Record<string, ColumnType>, dataset: string): Uint8Array {
  const vectors = Object.fromEntries(
    Object.entries(types).map(([name, type]) => {
      const values = rows.map((row, i) => toCell(row[name], type, () => `${dataset}, row ${i + 1}, column ${name}`));
      return [name, type === "number" ? vectorFromArray(values, new Float64()) : vectorFromArray(values, new Utf8())];
    })
  );
  // The stream format, because DuckDB-wasm's insertArrowFromIPCStream (behind Framework's DuckDBClient) reads only that.
  return tableToIPC(new Table(vectors), "stream");
}

function toCell(v: Cell | undefined, type: ColumnType, where: () => string): Cell {
  if (v == null || v === "") return null;
  if (type === "string") return String(v);
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) throw new Error(`${where()}: not a number: ${JSON.stringify(v)}`);
  return n;
}
