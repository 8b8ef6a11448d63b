/**
 * Charts compiled at build time, drawn with the vega runtime only (no vega-lite, no vega-embed in the page).
 *
 * 1. A chart loader compiles the Vega-Lite spec in Node, e.g. `src/data/charts/buurtkaart.json.ts`:
 *    ```ts
 *    import {emitChart} from "../../../loaders/charts/compile.js";
 *    await emitChart({
 *      params: [{name: "schema", value: "oranges"}],          // set at runtime with `params`
 *      width: 640, height: 360, projection: {type: "mercator"},
 *      data: {name: "gebieden"},                              // a named dataset, supplied at runtime
 *      transform: [{lookup: "properties.code", from: {data: {name: "waarden"}, key: "region_code", fields: ["waarde"]}}],
 *      mark: {type: "geoshape", tooltip: true},
 *      encoding: {color: {field: "waarde", type: "quantitative", title: "{{label}}", scale: {scheme: {expr: "schema"}}}}
 *    });
 *    ```
 * 2. The page draws it with the rows its inputs chose:
 *    ```js
 *    import {chart, features} from "./components/chart.js";
 *    const spec = await FileAttachment("data/charts/buurtkaart.json").json();
 *    display(chart(spec, {
 *      id: "kaart", width: Math.min(640, width - 40), invalidation,
 *      description: `Kaart van ${label} per buurt …`,                 // the aria-label: say what the chart shows
 *      data: {gebieden: features(topology, "buurten"), waarden: rows},
 *      params: {label, schema: "greens"},                             // signals and {{label}} placeholders
 *      table: {rows, columns: [{field: "region_name", title: "Buurt"}, {field: "waarde", title: label, format: formatPercent}]}
 *    }));
 *    ```
 * Number and date formats in the spec (`format: ",.1f"`) come out Dutch (`1.234,5`); tooltips are Vega's own.
 */
import * as vega from "npm:vega/slim.js";
import {formatNumber, MISSING, vegaLocale} from "../lib/format.js";

/** A Vega specification as compiled by `loaders/charts/compile.ts`. */
export type VegaSpec = vega.Spec;

/** One column of the data table under a chart. */
export interface TableColumn {
  field: string;
  title: string;
  /** Formats a value for the table; numbers default to Dutch `formatNumber`, missing values to `–`. */
  format?: (value: any) => string;
}

/** Options of `chart()`: the text alternative, the runtime data and parameters, and the data table. */
export interface ChartOptions {
  /** The aria-label: what the chart shows, in a sentence or two (highest values, missing areas, …). */
  description: string;
  /** Rows for the spec's named datasets (`data: {name: "…"}`), by name. Every named dataset must be given. */
  data?: Record<string, readonly object[]>;
  /** Values for the spec's top-level `params` (Vega signals) and for `{{name}}` placeholders in its text. */
  params?: Record<string, unknown>;
  /** The data table under the chart (`<details>`); every chart has one. */
  table: {rows: readonly object[]; columns: TableColumn[]; summary?: string};
  /** Id of the drawn element (the one with role="img"). */
  id?: string;
  /** Width in pixels for specs with a fixed width (Framework's reactive `width` minus a margin). */
  width?: number;
  /** Framework's `invalidation` promise: releases the view when the cell re-runs. */
  invalidation?: Promise<unknown>;
}

/** The figure returned by `chart()`; `rendered` settles once the SVG is drawn (or the error is shown). */
export type ChartElement = HTMLElement & {rendered: Promise<vega.View | null>};

/** GeoJSON features of one object of a TopoJSON topology (vega's own TopoJSON reader; no extra library). */
export function features(topology: unknown, object: string): object[] {
  const objects = (topology as {objects?: Record<string, unknown>})?.objects;
  if (!objects?.[object]) {
    throw new Error(`De gebiedsindeling heeft geen laag "${object}"; wel: ${Object.keys(objects ?? {}).join(", ") || "geen"}`);
  }
  return vega.read(topology as never, {type: "topojson", feature: object}) as object[];
}

/** Names of the datasets a spec expects at runtime: declared without values, url or source. */
export function namedDatasets(spec: VegaSpec): string[] {
  return (spec.data ?? []).filter((d) => !("values" in d) && !("url" in d) && !("source" in d)).map((d) => d.name);
}

/** Replaces `{{name}}` in every string of the spec with `params[name]`; unknown names are an error. */
export function fillText<T>(spec: T, params: Record<string, unknown>): T {
  const fill = (value: unknown): unknown => {
    if (typeof value === "string") {
      return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        if (!(name in params)) throw new Error(`Grafiek: geen waarde voor {{${name}}} (geef params.${name})`);
        return String(params[name]);
      });
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill(spec) as T;
}

const STYLE = `
.bb-chart{margin:1rem 0;max-width:100%}
.bb-chart-view{max-width:100%;overflow-x:auto}
.bb-chart-fout{color:#8a1c1c;font-weight:600}
.bb-table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}
.bb-table th,.bb-table td{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
.bb-table td.bb-num{text-align:right}
`;

function ensureStyle(): void {
  if (document.getElementById("bb-chart-style")) return;
  const style = document.createElement("style");
  style.id = "bb-chart-style";
  style.textContent = STYLE;
  document.head.append(style);
}

/** A plain, accessible HTML table of rows (no Inputs.table: it would add a library to every page). */
export function dataTable(rows: readonly object[], columns: TableColumn[], caption?: string): HTMLTableElement {
  ensureStyle();
  const table = document.createElement("table");
  table.className = "bb-table";
  if (caption) table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c.title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows as Record<string, unknown>[]) {
    const tr = body.insertRow();
    for (const c of columns) {
      const v = row[c.field];
      const td = tr.insertCell();
      td.textContent = c.format ? c.format(v) : v == null || v === "" ? MISSING : typeof v === "number" ? formatNumber(v) : String(v);
      if (typeof v === "number") td.className = "bb-num";
    }
  }
  return table;
}

/**
 * Draws a compiled Vega spec as SVG: a `<figure>` with the chart (role="img", aria-label) and its data table in a
 * `<details>`. Returns at once; drawing finishes asynchronously (`element.rendered`). Errors appear in the figure.
 */
export function chart(spec: VegaSpec, options: ChartOptions): ChartElement {
  ensureStyle();
  const {description, data = {}, params = {}, table, id, width, invalidation} = options;
  if (!description) throw new Error("Grafiek: geef een description (de tekst voor schermlezers)");
  const view = document.createElement("div");
  view.className = "bb-chart-view";
  if (id) view.id = id;
  view.setAttribute("role", "img");
  view.setAttribute("aria-label", description);
  // A chart wider than the page scrolls sideways; focusable, so keyboard users can scroll it too (WCAG 2.1.1).
  view.tabIndex = 0;
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = table.summary ?? "Gegevens bij de grafiek";
  details.append(summary, dataTable(table.rows, table.columns));
  const figure = document.createElement("figure") as unknown as ChartElement;
  figure.className = "bb-chart";
  // Vega marks its own container as a graphics-document; the figure's text alternative sits on the outer element.
  const canvas = document.createElement("div");
  view.append(canvas);
  figure.append(view, details);
  figure.rendered = draw({...spec, description}, canvas, data, params, width, invalidation).then((v) => {
    view.dataset.drawn = "true";
    return v;
  }, (error: Error) => {
    const message = document.createElement("p");
    message.className = "bb-chart-fout";
    message.textContent = `De grafiek kon niet worden getekend: ${error.message}`;
    view.replaceChildren(message);
    console.error(error);
    return null;
  });
  return figure;
}

async function draw(
  spec: VegaSpec,
  container: HTMLElement,
  data: Record<string, readonly object[]>,
  params: Record<string, unknown>,
  width: number | undefined,
  invalidation: Promise<unknown> | undefined
): Promise<vega.View> {
  const expected = namedDatasets(spec);
  const missing = expected.filter((name) => !(name in data));
  if (missing.length) throw new Error(`gegevens ontbreken voor ${missing.join(", ")}`);
  const unknown = Object.keys(data).filter((name) => !expected.includes(name));
  if (unknown.length) throw new Error(`de grafiek kent geen gegevens met de naam ${unknown.join(", ")} (wel: ${expected.join(", ")})`);
  const signals = new Set((spec.signals ?? []).map((s) => s.name));
  const view = new vega.View(vega.parse(fillText(spec, params)), {
    renderer: "svg",
    container,
    hover: true,
    // Vega accepts the d3 locale definitions here (its typings say formatters).
    locale: vegaLocale as never
  });
  invalidation?.then(() => view.finalize());
  for (const [name, rows] of Object.entries(data)) view.data(name, rows as object[]);
  for (const [name, value] of Object.entries(params)) if (signals.has(name)) view.signal(name, value);
  if (width !== undefined && signals.has("width")) view.width(width);
  await view.runAsync();
  return view;
}
