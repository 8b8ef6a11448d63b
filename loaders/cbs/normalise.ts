/** Turns raw CBS rows into output rows: unpadded codes, region level and name, typed measure values. */
import {regionLevel, unpad} from "./regions.js";
import type {Cell, Column, DimensionInfo, MeasureInfo, Row} from "./types.js";
import type {Pushdown} from "./filters.js";

/** The fixed leading output columns, then `period` when the table has a time dimension. */
export function outputColumns(dimensions: DimensionInfo[], measures: MeasureInfo[]): Column[] {
  const cols: Column[] = [
    {name: "region_code", type: "string"},
    {name: "region_name", type: "string"},
    {name: "region_level", type: "string"}
  ];
  if (dimensions.some((d) => d.role === "time")) cols.push({name: "period", type: "string"});
  // Dimensions that are neither region nor time (e.g. SBI sectors) get a column each, or rows would collide.
  for (const d of dimensions) if (d.role === "other") cols.push({name: d.key, type: "string"});
  for (const m of measures) cols.push({name: m.key, type: m.datatype});
  return cols;
}

/**
 * Builds the per-row function that maps a record's dimension values (padded or not) to the leading output
 * columns, or to null when the row falls outside the selection.
 */
export function dimensionMapper(dimensions: DimensionInfo[], pushdowns: Map<string, Pushdown>): (get: (key: string) => unknown) => Row | null {
  const region = dimensions.find((d) => d.role === "region");
  const time = dimensions.find((d) => d.role === "time");
  const others = dimensions.filter((d) => d.role === "other");
  const names = new Map(region?.codes.map((c) => [c.code, c.title]) ?? []);
  // A v3 feed repeats each region code thousands of times; cache its level classification.
  const levels = new Map<string, string>();
  const filters = dimensions.map((d) => [d.key, pushdowns.get(d.key)?.client] as const).filter(([, f]) => f);
  return (get) => {
    for (const [key, f] of filters) if (!f!(unpad(String(get(key) ?? "")))) return null;
    const row: Row = {region_code: null, region_name: null, region_level: null};
    if (region) {
      const code = unpad(String(get(region.key) ?? ""));
      let level = levels.get(code);
      if (level === undefined) levels.set(code, (level = regionLevel(code)));
      row.region_code = code;
      row.region_name = names.get(code) ?? null;
      row.region_level = level;
    }
    if (time) row.period = unpad(String(get(time.key) ?? ""));
    for (const d of others) row[d.key] = unpad(String(get(d.key) ?? ""));
    return row;
  };
}

/** A v3 TypedDataSet cell: numbers stay numbers, strings lose their padding, empty strings become null. */
export function typedCell(value: unknown, measure: MeasureInfo): Cell {
  if (value == null) return null;
  if (measure.datatype === "number") {
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    return untypedCell(String(value), measure);
  }
  const s = String(value).trim();
  return s === "" ? null : s;
}

/**
 * A v3 UntypedDataSet cell: right-aligned padded strings; `"."` (and the other StatLine symbols such as `x`
 * for confidential) mean no value, so they become null rather than text in a number column.
 */
export function untypedCell(value: string | null, measure: MeasureInfo): Cell {
  if (value == null) return null;
  const s = value.trim();
  if (s === "" || s === ".") return null;
  if (measure.datatype === "string") return s;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
