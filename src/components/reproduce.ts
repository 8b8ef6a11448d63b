/**
 * The reproduce panel under a chart: the rows exactly as drawn as a CSV download, the query or code that produced
 * them, and "zelf bevragen (SQL)" (DuckDB-wasm, loaded only on that click).
 *
 * ```js
 * import {reproduce} from "./components/reproduce.js";
 * display(reproduce({
 *   rows, filename: "laag-inkomen-per-buurt.csv",
 *   query: `SELECT region_code, region_name, "${kolom}" AS waarde FROM kwb WHERE region_level = 'buurt'`,
 *   tables: {kwb: await FileAttachment("data/tables/kwb-2019.arrow").arrayBuffer()},   // Arrow bytes the page read
 *   queries: [{title: "Alle wijken", sql: "SELECT * FROM kwb WHERE region_level = 'wijk'"}]   // more of the page
 * }));
 * ```
 */
import {csvFormat} from "npm:d3-dsv";
import {sqlConsole, type SqlQuery, type SqlTables} from "./sql.js";

/** Options of `reproduce()`: the drawn rows, their query, and the page's tables for the SQL console. */
export interface ReproduceOptions {
  /** Exactly the rows the chart draws. */
  rows: readonly object[];
  /** Column order of the CSV; defaults to the keys of the first row. */
  columns?: string[];
  /** Download name, e.g. `laag-inkomen-per-buurt.csv`. */
  filename: string;
  /** The SQL (or code) that gives these rows from `tables`; shown, and the first query in the SQL console. */
  query: string;
  /** The page's tables, registered in DuckDB on the SQL click. Without them there is no SQL button. */
  tables?: SqlTables;
  /** The page's other queries, offered in the SQL console. */
  queries?: SqlQuery[];
  /** Title of `query` in the console; default "Gegevens van deze grafiek". */
  title?: string;
}

/** The rows as CSV text (RFC 4180, `.` decimals, so any tool reads it). */
export function rowsToCsv(rows: readonly object[], columns?: string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  return csvFormat(rows as Record<string, unknown>[] as never, cols as never);
}

/**
 * Rows as a CSV table for the SQL console, in the shape DuckDB's file reader takes (name, `url()`, `arrayBuffer()`),
 * so DuckDB reads the same text as the download: types are detected, words like "afgeschermd" stay words.
 * `filename` names the table's file in DuckDB; give each different table its own name.
 */
export function csvTable(rows: readonly object[], filename: string, columns?: string[]): {name: string; mimeType: string; url(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer>} {
  const blob = new Blob([rowsToCsv(rows, columns)], {type: "text/csv;charset=utf-8"});
  let href: string | undefined;
  return {
    name: filename,
    mimeType: "text/csv",
    url: async () => (href ??= URL.createObjectURL(blob)),
    arrayBuffer: () => blob.arrayBuffer()
  };
}

/** A `<details>` panel: CSV download of the drawn rows, the query, and the SQL console. */
export function reproduce(options: ReproduceOptions): HTMLElement {
  const {rows, columns, filename, query, tables, queries = [], title = "Gegevens van deze grafiek"} = options;
  if (!/^[\w.-]+\.csv$/.test(filename)) throw new Error(`reproduce: bestandsnaam moet op .csv eindigen: "${filename}"`);
  const panel = document.createElement("details");
  panel.className = "bb-reproduce";
  const summary = document.createElement("summary");
  summary.textContent = "Zelf narekenen";
  const download = document.createElement("a");
  download.className = "bb-download";
  download.download = filename;
  download.href = "#";
  download.textContent = `Download de getoonde gegevens (CSV, ${rows.length} rijen)`;
  // The file is made on click, so a page with many charts does no work until a reader asks.
  download.addEventListener("click", () => {
    if (download.href.startsWith("blob:")) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob([rowsToCsv(rows, columns)], {type: "text/csv;charset=utf-8"}));
  });
  const intro = document.createElement("p");
  intro.textContent = "Deze query geeft precies de getoonde rijen:";
  const pre = document.createElement("pre");
  const code = document.createElement("code");
  code.className = "bb-query";
  code.textContent = query.trim();
  pre.append(code);
  const p = document.createElement("p");
  p.append(download);
  panel.append(summary, p, intro, pre);
  if (tables) panel.append(sqlConsole(tables, [{title, sql: query.trim()}, ...queries]));
  return panel;
}
