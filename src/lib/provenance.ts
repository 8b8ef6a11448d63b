/**
 * The provenance types, defined once for Node and the browser: the build-time loader writes them into
 * `src/data/bronnen.json` (loaders/snapshot/provenance.ts), the CBS contract reports a table's version with them
 * (loaders/snapshot/sources/cbs-contract.ts), and pages read them (src/components/provenance.ts).
 * Types only: nothing of this file reaches the browser bundle.
 */

/** A table's identity and version as CBS reports it; `modified` is CBS `Modified` (Dutch local time when it has no offset). */
export interface TableVersion {
  id: string;
  title: string;
  modified: string | null;
}

/** Where a dataset came from, as the lock records it (request URLs left out). */
export interface SourceInfo {
  /** cbs | geometry | municipal | demo */
  type: string;
  /** CBS table id, or the CBS table a demo dataset imitates. */
  table?: string;
  title?: string;
  /** Source version: CBS `Modified`; demo: the generator's date. */
  modified?: string | null;
  publisher?: string;
  license?: string;
  /** Geometry year. */
  year?: number;
  api?: string;
}

/** A column of a table snapshot: its key, type and, for CBS measures, title, unit and decimals. */
export interface ColumnInfo {
  name: string;
  type: "string" | "number";
  title?: string;
  unit?: string;
  decimals?: number;
}

/** One dataset's provenance in `bronnen.json`. */
export interface DatasetProvenance {
  name: string;
  title: string;
  kind: "table" | "geometry";
  source: SourceInfo;
  fetched_at: string;
  rows: number;
  /** The snapshot file offered for download and its sha256. */
  file: string;
  sha256: string;
  columns?: ColumnInfo[];
}

/** The whole provenance asset `bronnen.json`. */
export interface Provenance {
  workspace: {name: string; title: string; demo: boolean; municipality?: {code: string; name: string}};
  tool: string | null;
  datasets: Record<string, DatasetProvenance>;
}
