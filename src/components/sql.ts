/**
 * "Zelf bevragen (SQL)": DuckDB-wasm in the page, loaded only when a reader clicks. Nothing of DuckDB (neither its
 * JavaScript nor its 35 MB wasm) is fetched before that click; then the page's tables are registered and the page's
 * own queries are ready to run. Reuses Framework's DuckDBClient, so the offline settings of observablehq.config.ts hold.
 */
import {el} from "./dom.js";

/**
 * Tables for DuckDB by name: the Arrow IPC bytes the page already read (`await FileAttachment("….arrow").arrayBuffer()`),
 * or anything Framework's `DuckDBClient.of` accepts. Pass bytes rather than a bare `FileAttachment("….arrow")`: Framework
 * preloads apache-arrow (235 kB) for every `.arrow` attachment that is not read with a method in the same expression.
 */
export type SqlTables = Record<string, unknown>;

const isBytes = (v: unknown): v is ArrayBuffer | Uint8Array => v instanceof ArrayBuffer || v instanceof Uint8Array;

/** A query to offer, with a short Dutch title ("Buurten van de kaart"). */
export interface SqlQuery {
  title: string;
  sql: string;
}

const MAX_ROWS = 200;
const clients = new Map<string, Promise<any>>();

/** One DuckDB per set of tables per page, created on first use. */
function client(tables: SqlTables): Promise<any> {
  const key = JSON.stringify(Object.entries(tables).map(([name, t]) => [name, isBytes(t) ? t.byteLength : (t as {name?: string})?.name ?? String(t)]));
  let db = clients.get(key);
  if (!db) {
    // A dynamic import: Framework resolves it at build time but does not preload it.
    db = import("npm:@observablehq/duckdb").then(async ({DuckDBClient}) => {
      const sources = Object.fromEntries(Object.entries(tables).filter(([, t]) => !isBytes(t)));
      const client = await DuckDBClient.of(sources);
      // Framework's client keeps the AsyncDuckDB as `_db`; Arrow bytes go in without a second download.
      const connection = await (client as any)._db.connect();
      try {
        for (const [name, t] of Object.entries(tables)) {
          if (!isBytes(t)) continue;
          // A copy: DuckDB transfers the buffer to its worker, and the page keeps using its own.
          await connection.insertArrowFromIPCStream(new Uint8Array(t as ArrayBuffer).slice(), {name, schema: "main"});
        }
      } finally {
        await connection.close();
      }
      return client;
    });
    db.catch(() => clients.delete(key));
    clients.set(key, db);
  }
  return db;
}

/**
 * The "zelf bevragen (SQL)" button. On click it loads DuckDB with `tables` registered and shows an editor holding the
 * first query, a choice of the others, a run button and the result (at most 200 rows).
 */
export function sqlConsole(tables: SqlTables, queries: SqlQuery[]): HTMLElement {
  if (!Object.keys(tables).length) throw new Error("sqlConsole: geef minstens één tabel");
  const box = el("div", {class: "bb-sql"});
  const button = el("button", {type: "button", class: "bb-sql-open"}, "zelf bevragen (SQL)");
  const status = el("p", {class: "bb-sql-status", role: "status"});
  box.append(button, status);
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "DuckDB wordt geladen (eenmalig enkele megabytes)…";
    try {
      const db = await client(tables);
      status.textContent = `Tabellen: ${Object.keys(tables).join(", ")}. Pas de query aan en kies Uitvoeren.`;
      button.remove();
      box.append(editor(db, queries));
    } catch (error) {
      button.disabled = false;
      status.textContent = `DuckDB kon niet worden geladen: ${(error as Error).message}`;
    }
  });
  return box;
}

function editor(db: any, queries: SqlQuery[]): HTMLElement {
  const id = `bb-sql-${Math.random().toString(36).slice(2, 8)}`;
  const text = el("textarea", {id, class: "bb-sql-query", rows: "8", cols: "80", spellcheck: "false"});
  text.value = queries[0]?.sql ?? "SELECT 42";
  const run = el("button", {type: "button", class: "bb-sql-run"}, "Uitvoeren");
  const result = el("div", {class: "bb-sql-result", "aria-live": "polite"});
  const form = el("div", {class: "bb-sql-editor"});
  if (queries.length > 1) {
    const choose = el("select", {"aria-label": "Query van deze pagina"});
    queries.forEach((q, i) => choose.append(el("option", {value: String(i)}, q.title)));
    choose.addEventListener("change", () => (text.value = queries[Number(choose.value)].sql));
    form.append(el("label", {}, "Query van deze pagina: ", choose));
  }
  form.append(el("label", {for: id}, "SQL"), text, run, result);
  run.addEventListener("click", async () => {
    run.disabled = true;
    result.textContent = "Bezig…";
    try {
      // chart.js brings the vega runtime: load it with the first result, not with every page that offers SQL.
      const [table, {dataTable}] = await Promise.all([db.query(text.value), import("./chart.js")]);
      const rows = Array.from(table as Iterable<Record<string, unknown>>, (r) => ({...r}));
      const columns = table.schema.fields.map((f: {name: string}) => ({field: f.name, title: f.name}));
      const note = el("p", {class: "bb-sql-count"}, `${rows.length} ${rows.length === 1 ? "rij" : "rijen"}${rows.length > MAX_ROWS ? ` (de eerste ${MAX_ROWS} getoond)` : ""}`);
      result.replaceChildren(note, dataTable(rows.slice(0, MAX_ROWS), columns));
    } catch (error) {
      result.replaceChildren(el("p", {class: "bb-chart-fout"}, `Fout in de query: ${(error as Error).message}`));
    } finally {
      run.disabled = false;
    }
  });
  return form;
}
