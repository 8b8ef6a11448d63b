/**
 * The charts of the poverty study as plain SVG and HTML: a choropleth from build-time paths, its legend, a
 * distribution, a trend across editions with visible breaks, and data tables (the reproduce panel is
 * `reproduce()` from ./reproduce.js). Each chart has
 * `role="img"`, a text alternative and its data table; meaning never rests on colour alone (hatching for missing
 * values, dashes and labels for series). Browser code, no libraries: the page stays light.
 */
import {formatNumber} from "../lib/format.js";
import {classOf, formatValue, type AreaRow, type StudyData} from "./study-data.js";

type Indicator = StudyData["indicators"][number];

const SVG = "http://www.w3.org/2000/svg";
/** Five sequential classes (ColorBrewer Oranges), dark enough against white at the top. */
export const PALETTE = ["#fee6ce", "#fdae6b", "#fd8d3c", "#d94801", "#8c2d04"];
/** Missing values: grey with hatching, so they never read as a low value. */
export const MISSING_FILL = "url(#bb-hatch)";

/** An SVG element with attributes and children (also used by the take-up study). */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/** An HTML element with attributes and children. */
export function html<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** The grey hatching (`MISSING_FILL`) that areas without a value are filled with, as the `<defs>` of a map. */
export function hatch(): SVGDefsElement {
  const pattern = svg("pattern", {id: "bb-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)"},
    svg("rect", {width: 6, height: 6, fill: "#d9d9d9"}), svg("line", {x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#8c8c8c", "stroke-width": 1.5}));
  return svg("defs", {}, pattern);
}

const describeRow = (indicator: Indicator, r: AreaRow) => `${r.region_name}: ${r.value == null ? r.status ?? "geen gegevens" : formatValue(indicator, r.value)}`;

/** The choropleth: one path per row with a shape, filled by class, hatched grey when empty. */
export function choropleth(study: StudyData, rows: AreaRow[], indicator: Indicator, level: string, limits: number[]): SVGSVGElement {
  const paths = new Map((study.map.levels[level] ?? []).map((p) => [p.code, p]));
  const {width, height} = study.map;
  const valued = rows.filter((r) => r.value != null);
  const missing = rows.length - valued.length;
  const label = `Kaart: ${indicator.label} per ${level} in ${study.gemeente.name}, editie ${rows[0]?.edition ?? ""}. ${valued.length} van ${rows.length} gebieden hebben een waarde${missing ? `, ${missing} zonder gegevens (gearceerd grijs)` : ""}. De tabel onder de kaart geeft alle waarden.`;
  const root = svg("svg", {viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": label, class: "bb-map", style: "max-width:640px;height:auto"}, hatch());
  for (const r of rows) {
    const p = paths.get(r.shape ?? r.region_code)!;
    const fill = r.value == null ? MISSING_FILL : PALETTE[classOf(r.value, limits)];
    root.append(svg("path", {d: p.d, fill, stroke: "#fff", "stroke-width": 0.8, "data-code": r.shape ?? r.region_code, "data-region": r.region_code, "data-value": r.value ?? "", "data-status": r.status ?? ""},
      svg("title", {}, describeRow(indicator, r))));
  }
  return root;
}

/** The legend: class ranges in Dutch number format, then one entry per reason a value is missing. */
export function legend(indicator: Indicator, rows: AreaRow[], limits: number[]): HTMLElement {
  const values = rows.filter((r) => r.value != null).map((r) => r.value!);
  const list = html("ul", {class: "bb-legend", "aria-label": `Legenda: ${indicator.label}`});
  if (values.length) {
    const bounds = [Math.min(...values), ...limits, Math.max(...values)];
    for (let k = 0; k < bounds.length - 1; k++) {
      const n = values.filter((v) => classOf(v, limits) === k).length;
      const text = k === bounds.length - 2 ? `${formatValue(indicator, bounds[k])} tot en met ${formatValue(indicator, bounds[k + 1])}` : `${formatValue(indicator, bounds[k])} tot ${formatValue(indicator, bounds[k + 1])}`;
      list.append(html("li", {"data-class": String(k)}, html("span", {class: "bb-swatch", style: `background:${PALETTE[k]}`, "aria-hidden": "true"}), `${text} (${n})`));
    }
  }
  const reasons = new Map<string, number>();
  for (const r of rows) if (r.value == null) reasons.set(r.status ?? "geen gegevens", (reasons.get(r.status ?? "geen gegevens") ?? 0) + 1);
  for (const [reason, n] of reasons) {
    list.append(html("li", {class: "bb-legend-missing"}, html("span", {class: "bb-swatch bb-swatch-missing", "aria-hidden": "true"}), `geen gegevens: ${reason} (${n})`));
  }
  return list;
}

/** A data table of rows, with Dutch values and the status where there is no value. */
export function dataTable(rows: AreaRow[], indicator: Indicator, {caption, rank = false, edition = false}: {caption: string; rank?: boolean; edition?: boolean}): HTMLTableElement {
  const head = html("tr", {}, ...[rank ? "Plaats" : null, "Gebied", "Code", edition ? "Editie" : null, indicator.label].filter((x): x is string => x != null).map((h) => html("th", {scope: "col"}, h)));
  const body = html("tbody");
  let place = 0;
  for (const r of rows) {
    if (r.value != null) place++;
    const cells = [rank ? (r.value != null ? String(place) : "–") : null, r.region_name, r.region_code, edition ? String(r.edition) : null, r.value == null ? r.status ?? "geen gegevens" : formatValue(indicator, r.value)];
    body.append(html("tr", {"data-code": r.region_code}, ...cells.filter((c): c is string => c != null).map((c, i) => html(i === (rank ? 1 : 0) ? "th" : "td", i === (rank ? 1 : 0) ? {scope: "row"} : {}, c))));
  }
  return html("table", {class: "bb-table"}, html("caption", {}, caption), html("thead", {}, head), body);
}

/** A histogram of the values with the gemeente and Nederland marked as labelled lines. */
export function distribution(rows: AreaRow[], indicator: Indicator, refs: {label: string; value: number | null}[], bins = 8): SVGSVGElement {
  const values = rows.filter((r) => r.value != null).map((r) => r.value!);
  const all = [...values, ...refs.map((r) => r.value).filter((v): v is number => v != null)];
  const W = 640, H = 220, L = 40, R = 12, T = 28, B = 36;
  const lo = Math.min(...all), hi = Math.max(...all);
  const step = (hi - lo) / bins || 1;
  const counts = new Array(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / step))]++;
  const maxCount = Math.max(1, ...counts);
  const x = (v: number) => L + ((v - lo) / (step * bins)) * (W - L - R);
  const y = (n: number) => H - B - (n / maxCount) * (H - T - B);
  const label = `Verdeling van ${indicator.label} over ${values.length} gebieden: van ${formatValue(indicator, lo)} tot ${formatValue(indicator, hi)}. ${refs.map((r) => `${r.label}: ${formatValue(indicator, r.value)}`).join("; ")}.`;
  const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": label, class: "bb-distribution", style: "max-width:640px;height:auto"});
  counts.forEach((n, k) => {
    const x0 = lo + k * step;
    root.append(svg("rect", {x: x(x0) + 1, y: y(n), width: Math.max(1, x(x0 + step) - x(x0) - 2), height: H - B - y(n), fill: "#6b8fa3"},
      svg("title", {}, `${formatValue(indicator, x0)} tot ${formatValue(indicator, x0 + step)}: ${n} gebieden`)));
  });
  root.append(svg("line", {x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#333"}));
  for (const t of [lo, lo + (hi - lo) / 2, hi]) root.append(svg("text", {x: x(t), y: H - B + 16, "text-anchor": "middle", "font-size": 11}, formatValue(indicator, t)));
  root.append(svg("text", {x: 4, y: T - 10, "font-size": 11}, "aantal gebieden"));
  refs.forEach((r, i) => {
    if (r.value == null) return;
    root.append(svg("line", {x1: x(r.value), x2: x(r.value), y1: T - 4, y2: H - B, stroke: "#111", "stroke-dasharray": i === 0 ? "none" : "4 3", "stroke-width": 1.5}),
      svg("text", {x: x(r.value) + 3, y: T + 6 + 12 * i, "font-size": 11}, `${r.label} ${formatValue(indicator, r.value)}`));
  });
  return root;
}

/** One line of a trend chart. */
export interface Series {
  code: string;
  label: string;
  dash: string;
}

/**
 * Values across editions per series. A break is a dashed vertical line with a number that refers to the list
 * below the chart; it cuts the series it names in `codes` (a boundary change of one area), or every series when it
 * names none (a changed definition). An edition not yet published is written out on the axis ("nog niet
 * gepubliceerd"), not left as a gap. Rows belong to the series in their `series` field (their code otherwise).
 */
export function trendChart(rows: AreaRow[], indicator: Indicator, series: Series[], editions: number[], breaks: {edition: number; previous: number; codes?: string[]}[], unpublished: number[]): SVGSVGElement {
  const W = 640, H = 260, L = 48, R = 150, T = 20, B = 48;
  const values = rows.filter((r) => r.value != null).map((r) => r.value!);
  const lo = Math.min(0, ...values), hi = Math.max(1, ...values) * 1.08;
  const x = (e: number) => L + (editions.length > 1 ? (editions.indexOf(e) / (editions.length - 1)) * (W - L - R) : (W - L - R) / 2);
  const y = (v: number) => H - B - ((v - lo) / (hi - lo)) * (H - T - B);
  const label = `Trend van ${indicator.label} per editie (${editions.join(", ")}) voor ${series.map((s) => s.label).join(", ")}.${breaks.length ? ` Breuk in de reeks voor ${breaks.map((b) => b.edition).join(", ")}.` : ""}${unpublished.length ? ` Editie ${unpublished.join(", ")}: nog niet gepubliceerd.` : ""}`;
  const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": label, class: "bb-trend", style: "max-width:640px;height:auto"});
  root.append(svg("line", {x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#333"}));
  for (const e of editions) {
    root.append(svg("text", {x: x(e), y: H - B + 16, "text-anchor": "middle", "font-size": 11}, String(e)));
    if (unpublished.includes(e)) root.append(svg("text", {x: x(e), y: H - B + 30, "text-anchor": "middle", "font-size": 10, class: "bb-unpublished"}, "nog niet gepubliceerd"));
  }
  for (const t of [lo, (lo + hi) / 2, hi / 1.08]) root.append(svg("text", {x: L - 6, y: y(t) + 4, "text-anchor": "end", "font-size": 11}, formatNumber(t, indicator.decimals)));
  breaks.forEach((b, i) => {
    if (!editions.includes(b.edition) || !editions.includes(b.previous)) return;
    const bx = (x(b.edition) + x(b.previous)) / 2;
    root.append(svg("line", {x1: bx, x2: bx, y1: T, y2: H - B, stroke: "#b00", "stroke-dasharray": "5 4", class: "bb-break"}, svg("title", {}, `breuk ${i + 1}`)),
      svg("text", {x: bx + 3, y: T + 10, "font-size": 11, fill: "#b00"}, `breuk ${i + 1}`));
  });
  for (const s of series) {
    const points = rows.filter((r) => (r.series ?? r.region_code) === s.code && r.value != null && editions.includes(r.edition)).sort((a, b) => a.edition - b.edition);
    const cuts = breaks.filter((b) => !b.codes || b.codes.includes(s.code));
    // Segments do not cross a break of this series: it is not comparable across it.
    let d = "";
    points.forEach((p, i) => {
      const broken = i > 0 && cuts.some((b) => b.edition > points[i - 1].edition && b.edition <= p.edition);
      d += `${i === 0 || broken ? "M" : "L"}${x(p.edition).toFixed(1)},${y(p.value!).toFixed(1)}`;
    });
    root.append(svg("path", {d, fill: "none", stroke: "#1b2a33", "stroke-width": 2, "stroke-dasharray": s.dash, "data-series": s.code}));
    for (const p of points) root.append(svg("circle", {cx: x(p.edition), cy: y(p.value!), r: 3.5, fill: "#1b2a33"}, svg("title", {}, `${s.label}, ${p.edition}: ${formatValue(indicator, p.value)}`)));
    const last = points.at(-1);
    if (last) root.append(svg("text", {x: W - R + 8, y: y(last.value!) + 4, "font-size": 11}, `${s.label} (${formatValue(indicator, last.value)})`));
  }
  return root;
}

const STYLE = `
.bb-legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}
.bb-legend li{display:flex;align-items:center;gap:.35rem}
.bb-swatch{display:inline-block;width:1.1rem;height:.9rem;border:1px solid #666}
.bb-swatch-missing{background:repeating-linear-gradient(45deg,#d9d9d9 0 3px,#8c8c8c 3px 4.5px)}
.bb-table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
.bb-table th,.bb-table td{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
.bb-table td:last-child{text-align:right;font-variant-numeric:tabular-nums}
figure figcaption{color:var(--theme-foreground)}
.bb-reproduce pre{white-space:pre-wrap;overflow-wrap:anywhere;overflow:visible;max-height:none}
.bb-provenance a,.bb-reproduce a{text-decoration:underline}
.bb-kern{display:flex;gap:2rem;flex-wrap:wrap}
.bb-kern div{min-width:12rem}
.bb-kern strong{display:block;font-size:1.6rem}
`;

/** Adds the study's styles once. */
export function ensureStudyStyle(): void {
  if (document.getElementById("bb-study-style")) return;
  document.head.append(html("style", {id: "bb-study-style"}, STYLE));
}
