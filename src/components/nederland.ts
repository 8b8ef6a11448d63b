/**
 * The national overview's charts and tables as plain SVG and HTML: a choropleth of the gemeenten (paths projected
 * at build time, loaders/site/national.ts) and a ranking table that links each gemeente to its study. Browser code,
 * no libraries.
 */
import type {NationalMap} from "../../loaders/site/national.js";
import {classOf} from "./study-data.js";
import {hatch, html, MISSING_FILL, PALETTE, svg} from "./study-charts.js";
import {formatIndicator} from "./peers.js";
import type {NationalIndicator} from "./peers-data.js";
import type {NationalRow} from "./nederland-data.js";

/**
 * The map: one path per gemeente with a boundary, filled by class, hatched grey without a value. A click opens the
 * gemeente's study; keyboard and screen-reader users have the same links in the ranking table.
 */
export function nationalChoropleth(map: NationalMap, rows: NationalRow[], indicator: NationalIndicator, limits: number[], studyHref: (code: string) => string): SVGSVGElement {
  const byCode = new Map(rows.map((r) => [r.region_code, r]));
  const drawn = map.paths.filter((p) => byCode.has(p.code));
  const valued = drawn.filter((p) => byCode.get(p.code)!.value != null).length;
  const label = `Kaart: ${indicator.label} per gemeente, editie ${rows[0]?.edition ?? ""}. ${valued} van ${drawn.length} gemeenten hebben een waarde${drawn.length - valued ? `, ${drawn.length - valued} zonder (gearceerd grijs)` : ""}. De ranglijst onder de kaart geeft alle waarden en de links naar elke studie.`;
  const root = svg("svg", {viewBox: `0 0 ${map.width} ${map.height}`, width: "100%", role: "img", "aria-label": label, class: "bb-map bb-national-map", style: "max-width:640px;height:auto;cursor:pointer"}, hatch());
  for (const p of drawn) {
    const r = byCode.get(p.code)!;
    const fill = r.value == null ? MISSING_FILL : PALETTE[classOf(r.value, limits)];
    root.append(svg("path", {d: p.d, fill, stroke: "#fff", "stroke-width": 0.5, "data-code": r.region_code, "data-value": r.value ?? "", "data-status": r.status ?? ""},
      svg("title", {}, `${r.region_name}: ${r.value == null ? r.status ?? "geen gegevens" : formatIndicator(indicator, r.value)}`)));
  }
  root.addEventListener("click", (event) => {
    const code = (event.target as Element).getAttribute?.("data-code");
    if (code) location.href = studyHref(code);
  });
  return root;
}

/** The ranking: place, gemeente (linked to its study), provincie, value; gemeenten without a value last, with why. */
export function rankingTable(rows: NationalRow[], ranked: (NationalRow & {rank: number})[], indicator: NationalIndicator, caption: string, studyHref: (code: string) => string): HTMLTableElement {
  const missing = rows.filter((r) => r.value == null).sort((a, b) => a.region_name.localeCompare(b.region_name, "nl"));
  const row = (r: NationalRow, rank: string) => html("tr", {"data-code": r.region_code},
    html("td", {}, rank),
    html("th", {scope: "row"}, html("a", {href: studyHref(r.region_code)}, r.region_name)),
    html("td", {}, r.provincie ?? "–"),
    html("td", {}, r.value == null ? r.status ?? "niet beschikbaar" : formatIndicator(indicator, r.value)));
  return html("table", {class: "bb-table bb-ranking"},
    html("caption", {}, caption),
    html("thead", {}, html("tr", {}, ...["Plaats", "Gemeente", "Provincie", indicator.label].map((h) => html("th", {scope: "col"}, h)))),
    html("tbody", {}, ...ranked.map((r) => row(r, String(r.rank))), ...missing.map((r) => row(r, "–"))));
}
