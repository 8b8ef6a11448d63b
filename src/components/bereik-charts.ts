/**
 * The take-up study's own parts as plain SVG and HTML: the poverty-against-take-up scatter, the table with
 * "afgeschermd" for suppressed counts, and the audit section. The map reuses the poverty study's choropleth.
 */
import {formatNumber, formatPercent} from "../lib/format.js";
import {AFGESCHERMD, intervalText, type TakeUpRow, type TakeUpStudy} from "./bereik-data.js";
import {html, svg} from "./study-charts.js";

/** Scatter: poverty (x) against take-up (y) per wijk, each dot labelled by name in its tooltip. */
export function scatter(points: {code: string; name: string; armoede: number; bereik: number}[], {xLabel, scheme}: {xLabel: string; scheme: string}): SVGSVGElement {
  const W = 640, H = 320, L = 56, R = 16, T = 16, B = 44;
  const xs = points.map((p) => p.armoede);
  const x0 = Math.min(0, ...xs), x1 = Math.max(1, ...xs) * 1.1;
  const x = (v: number) => L + ((v - x0) / (x1 - x0)) * (W - L - R);
  const y = (v: number) => H - B - (v / 100) * (H - T - B);
  const label = `Spreidingsdiagram: ${xLabel.toLowerCase()} tegen het bereik van ${scheme}, per wijk (${points.length} wijken). ${points.map((p) => `${p.name}: ${formatPercent(p.armoede, 1)} en ${formatPercent(p.bereik, 1)}`).join("; ")}.`;
  const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": label, class: "bb-scatter", style: "max-width:640px;height:auto"});
  root.append(svg("line", {x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#333"}), svg("line", {x1: L, x2: L, y1: T, y2: H - B, stroke: "#333"}));
  for (const t of [0, 25, 50, 75, 100]) root.append(svg("text", {x: L - 6, y: y(t) + 4, "text-anchor": "end", "font-size": 11}, formatPercent(t, 0)));
  for (const t of [x0, (x0 + x1) / 2, x1]) root.append(svg("text", {x: x(t), y: H - B + 16, "text-anchor": "middle", "font-size": 11}, formatPercent(t, 0)));
  root.append(svg("text", {x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", "font-size": 12}, xLabel), svg("text", {x: 12, y: T - 4, "font-size": 12}, "Bereik"));
  for (const p of points) {
    root.append(svg("circle", {cx: x(p.armoede), cy: y(p.bereik), r: 5, fill: "#d94801", stroke: "#fff", "data-code": p.code}, svg("title", {}, `${p.name}: ${formatPercent(p.armoede, 1)} laag inkomen, bereik ${formatPercent(p.bereik, 1)}`)));
  }
  return root;
}

/** The take-up table; a suppressed count reads "afgeschermd", a withheld rate its reason. */
export function takeUpTable(rows: TakeUpRow[], caption: string): HTMLTableElement {
  const head = html("tr", {}, ...["Gebied", "Code", "Gebruikers (huishoudens)", "Doelgroep (schatting)", "Bereik"].map((h) => html("th", {scope: "col"}, h)));
  const body = html("tbody");
  for (const r of rows) {
    const users = r.gebruikers == null ? AFGESCHERMD : formatNumber(r.gebruikers);
    const target = r.doelgroep == null ? "onbekend" : formatNumber(r.doelgroep);
    const rate = r.bereik == null ? r.status ?? "–" : formatPercent(r.bereik, 1);
    body.append(html("tr", {"data-code": r.region_code, "data-status": r.status ?? ""}, html("th", {scope: "row"}, r.region_name), html("td", {}, r.region_code), html("td", {class: "bb-users"}, users), html("td", {}, target), html("td", {class: "bb-rate"}, rate)));
  }
  return html("table", {class: "bb-table bb-takeup"}, html("caption", {}, caption), html("thead", {}, head), body);
}

/**
 * The collapsible audit: parameters, the method, how many counts were suppressed in total and the unmapped rows.
 * Never which rule suppressed which cell: that narrows a suppressed count (the table shows which are suppressed).
 */
export function auditSection(study: TakeUpStudy): HTMLDetailsElement {
  const a = study.audit;
  const unmapped = Object.entries(a.unmapped ?? {});
  const reasons: Record<string, string> = {empty: "zonder postcode of code", "unknown-postcode": "met een onbekende postcode", "unknown-code": "met een onbekende gebiedscode"};
  return html("details", {id: "audit", class: "bb-audit"},
    html("summary", {}, `Privacycontrole: ${formatNumber(a.suppressed)} van ${formatNumber(a.cells)} aantallen afgeschermd`),
    html("p", {}, `Aantallen van 1 tot ${formatNumber(a.parameters.threshold)} worden niet gepubliceerd, alle andere aantallen zijn afgerond op veelvouden van ${formatNumber(a.parameters.round)} (vanaf de echte waarde, ook bij totalen). Een bereik staat er alleen als de doelgroep minstens ${formatNumber(a.parameters.minDenominator)} huishoudens telt. Daarnaast zijn aantallen afgeschermd die anders uit de totalen terug te rekenen of te nauw in te schatten zijn.`),
    html("p", {id: "audit-marges"}, intervalText(a.parameters)),
    html("p", {}, a.method),
    html("p", {id: "audit-totaal"}, `${formatNumber(a.suppressed)} van de ${formatNumber(a.cells)} aantallen zijn afgeschermd; welke regel bij welk aantal hoorde, wordt niet gepubliceerd, omdat dat afgeschermde aantallen zou verraden.`),
    unmapped.length ? html("p", {id: "audit-niet-gekoppeld"}, `Niet meegeteld: ${unmapped.map(([r, n]) => `${formatNumber(n)} ${n === 1 ? "regel" : "regels"} ${reasons[r] ?? r}`).join(", ")}.`) : "");
}
