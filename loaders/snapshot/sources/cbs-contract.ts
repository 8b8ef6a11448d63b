/**
 * The part of the CBS client (`loaders/cbs/index.ts`) that snapshots use, as a type, so the snapshot layer
 * can be tested with a stand-in and stays decoupled from the client's internals.
 */
import type {TableVersion} from "../../../src/lib/provenance.js";
import type {Cell} from "../../arrow.js";
import type {HttpOptions} from "../../cbs/http.js";

/** A measure's metadata as CBS describes it. */
export interface MeasureMeta {
  key: string;
  title: string;
  unit?: string | null;
  decimals?: number | null;
  datatype?: string | null;
  description?: string | null;
}

export interface FetchOptions {
  table: string;
  api?: "v3" | "v4";
  levels?: string[];
  regions?: string[];
  /** A gemeente, or several (the one-pass pull of a national workspace). */
  within?: string | string[];
  /** Keys or titles, or a pick from the table's measures once their metadata is known. */
  measures?: string[] | ((available: MeasureMeta[]) => string[]);
  periods?: string[];
  cacheDir?: string;
  offline?: boolean;
  v3Url?: string;
  v4Url?: string;
  /** Network tuning (timeouts, retries); tests shrink the delays. */
  http?: HttpOptions;
  /** Called after each page with rows received so far and the expected total when known. */
  onProgress?: (done: number, total?: number) => void;
}

export interface FetchResult {
  table: TableVersion;
  columns: {name: string; type: "string" | "number"}[];
  rows: Record<string, Cell>[];
  measures: MeasureMeta[];
  /** Every measure of the table, also those that `measures` left out. */
  tableMeasures?: MeasureMeta[];
  requests: string[];
  fetchedAt: string;
}

/** A table's identity and version (the shared provenance type). */
export type TableInfo = TableVersion;

export interface CbsClient {
  fetchTable(options: FetchOptions): Promise<FetchResult>;
  tableInfo(table: string, options?: {api?: "v3" | "v4"; cacheDir?: string}): Promise<TableInfo>;
}

/** Loads the real client lazily, so commands that never touch CBS do not load it. */
export async function loadCbsClient(): Promise<CbsClient> {
  const cbs = await import("../../cbs/index.js");
  return {
    fetchTable: (options) => cbs.fetchTable(options as Parameters<typeof cbs.fetchTable>[0]),
    tableInfo: (table, options) => cbs.tableInfo(table, options)
  };
}
