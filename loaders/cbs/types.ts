/** Shapes shared by the v3 and v4 readers and the public API. */
import type {RegionLevel} from "./regions.js";

/** A measure (v3 Topic, v4 MeasureCode) with the metadata that decides its type and presentation. */
export interface MeasureInfo {
  key: string;
  title: string;
  unit: string | null;
  decimals: number | null;
  datatype: "number" | "string";
  /** CBS's explanation of the measure (v3 DataProperties/v4 MeasureCodes `Description`), when it has one. */
  description?: string | null;
}

/** One code of a dimension. `code` is unpadded; `key` is the raw (v3: padded) key used in filters. */
export interface CodeInfo {
  code: string;
  key: string;
  title: string;
  status?: string | null;
  group?: string | null;
}

/** The role a dimension plays in the output: region columns, the period column, or a column of its own. */
export type DimensionRole = "region" | "time" | "other";

/** A dimension with its code list. `width` is v3's padding width (0 for v4). */
export interface DimensionInfo {
  key: string;
  title: string;
  kind: string;
  role: DimensionRole;
  width: number;
  codes: CodeInfo[];
  groups?: {id: string; title: string; parent: string | null}[];
}

/** Everything about a table except its observations. */
export interface TableMeta {
  id: string;
  title: string;
  modified: string;
  api: "v3" | "v4";
  dimensions: DimensionInfo[];
  measures: MeasureInfo[];
  /** The URL that listed the measures, named in "unknown measure" errors. */
  measuresUrl: string;
}

/** An output cell. */
export type Cell = string | number | null;

/** An output row, keyed by column name. */
export type Row = Record<string, Cell>;

/** An output column. */
export interface Column {
  name: string;
  type: "string" | "number";
}

/** What the user asked to keep. All fields optional; absent means "everything". */
export interface Selection {
  levels?: RegionLevel[];
  regions?: string[];
  /** A gemeente, or several: each with its wijken and buurten. */
  within?: string | string[];
  periods?: string[];
}

/** Table id, title and CBS version, as the result and the catalogue report them. */
export interface TableRef {
  id: string;
  title: string;
  modified: string;
}
