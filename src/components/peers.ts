/**
 * The section "Vergelijkbare gemeenten" of a poverty study: for the indicator and edition the page shows, the
 * gemeente among three sets of comparable gemeenten (peers-data.ts), each with its source year, the value, the
 * peers' median, indexes (peers = 100, Nederland = 100), the rank, a strip of every peer's value with the gemeente
 * marked, prose computed from those numbers, the peers without a value named with the reason, and the list itself.
 * Browser code; plain SVG and HTML like the rest of the study.
 */
import {formatNumber} from "../lib/format.js";
import {licenceLine, sourceLine} from "./provenance.js";
import {peerSets, peerStats, type NationalData, type NationalIndicator, type PeerSet, type PeerStats} from "./peers-data.js";
import {html, svg} from "./study-charts.js";
import {formatValue} from "./study-data.js";

/** A value in the indicator's unit, Dutch (the study's own formatting). */
export const formatIndicator = formatValue;

const listOf = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(", ")} en ${items.at(-1)}` : items.join(""));
/** "1 vergelijkbare gemeente", "4 vergelijkbare gemeenten". */
const gemeenten = (n: number, adjective = "") => `${n} ${adjective}${n === 1 ? "gemeente" : "gemeenten"}`;

/** The prose of one set, computed from its numbers. */
export function peerProse(name: string, indicator: NationalIndicator, edition: number, s: PeerStats): string {
  const f = (v: number | null) => formatIndicator(indicator, v);
  const parts: string[] = [];
  if (s.gemeente.value == null) {
    parts.push(`Voor ${name} is er in editie ${edition} geen waarde (${s.gemeente.status}).`);
    if (s.median != null) parts.push(`De mediaan van de ${gemeenten(s.valued.length, "vergelijkbare ")} met een waarde is ${f(s.median)}.`);
  } else if (s.median == null) {
    parts.push(`${name} heeft ${f(s.gemeente.value)}; geen van de vergelijkbare gemeenten heeft in editie ${edition} een waarde.`);
  } else {
    const d = s.gemeente.value - s.median;
    const same = Math.abs(d) < 10 ** -indicator.decimals / 2;
    const of = s.valued.length === 1 ? `de waarde van de enige vergelijkbare gemeente met een waarde (${f(s.median)})` : `de mediaan van de ${gemeenten(s.valued.length, "vergelijkbare ")} met een waarde (${f(s.median)})`;
    parts.push(`${name} heeft ${f(s.gemeente.value)}, ${same ? "gelijk aan" : d > 0 ? "hoger dan" : "lager dan"} ${of}: index ${formatNumber(s.indexPeers, 0)} (groep = 100).`);
    parts.push(`Daarmee staat ${name} op plaats ${s.rank} van ${s.of} (1 = de hoogste waarde).`);
  }
  if (s.gemeente.value != null && s.nederland != null) parts.push(`Ten opzichte van Nederland (${f(s.nederland)}) is de index ${formatNumber(s.indexNederland, 0)}.`);
  if (s.missing.length) {
    const byReason = new Map<string, string[]>();
    for (const p of s.missing) byReason.set(p.status ?? "niet beschikbaar", [...(byReason.get(p.status ?? "niet beschikbaar") ?? []), p.name]);
    parts.push(`${s.missing.length} van de ${gemeenten(s.peers.length, "vergelijkbare ")} ${s.missing.length === 1 ? "heeft" : "hebben"} in deze editie geen waarde (${[...byReason].map(([reason, names]) => `${reason}: ${listOf(names)}`).join("; ")}); zij tellen niet mee, als nul noch anders.`);
  }
  return parts.join(" ");
}

/** The strip: every peer's value as a dot, the gemeente as a labelled diamond, the median and Nederland as lines. */
export function peerStrip(name: string, indicator: NationalIndicator, s: PeerStats): SVGSVGElement {
  const W = 640, H = 92, L = 16, R = 16, Y = 52;
  const all = [...s.valued.map((p) => p.value!), ...[s.gemeente.value, s.median, s.nederland].filter((v): v is number => v != null)];
  const lo = Math.min(...all), hi = Math.max(...all);
  const x = (v: number) => L + (hi > lo ? ((v - lo) / (hi - lo)) * (W - L - R) : (W - L - R) / 2);
  const f = (v: number | null) => formatIndicator(indicator, v);
  const label = `Strook van ${indicator.label}: ${s.valued.length} vergelijkbare gemeenten van ${f(lo)} tot ${f(hi)}; ${name} ${s.gemeente.value == null ? `zonder waarde (${s.gemeente.status})` : f(s.gemeente.value)}; mediaan ${f(s.median)}${s.nederland != null ? `; Nederland ${f(s.nederland)}` : ""}.`;
  const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": label, class: "bb-strip", style: "max-width:640px;height:auto"});
  root.append(svg("line", {x1: L, x2: W - R, y1: Y, y2: Y, stroke: "#999"}));
  // The range on one row, the median's label on the next, so they never overlap.
  for (const t of [lo, hi]) root.append(svg("text", {x: x(t), y: Y + 18, "text-anchor": t === lo ? "start" : "end", "font-size": 11}, f(t)));
  if (s.median != null) {
    const mx = x(s.median);
    root.append(svg("line", {x1: mx, x2: mx, y1: Y - 12, y2: Y + 8, stroke: "#333", "stroke-width": 1.5, class: "bb-strip-median"}),
      svg("text", {x: mx, y: H - 4, "text-anchor": mx < 80 ? "start" : mx > W - 80 ? "end" : "middle", "font-size": 11}, `mediaan ${f(s.median)}`));
  }
  if (s.nederland != null) root.append(svg("line", {x1: x(s.nederland), x2: x(s.nederland), y1: Y - 12, y2: Y + 8, stroke: "#333", "stroke-dasharray": "3 3", class: "bb-strip-nl"}, svg("title", {}, `Nederland: ${f(s.nederland)}`)));
  for (const p of s.valued) root.append(svg("circle", {cx: x(p.value!), cy: Y, r: 4.5, fill: "#6b8fa3", "fill-opacity": 0.75, stroke: "#fff", "stroke-width": 0.5, "data-code": p.code}, svg("title", {}, `${p.name}: ${f(p.value)}`)));
  if (s.gemeente.value != null) {
    const gx = x(s.gemeente.value);
    root.append(
      svg("path", {d: `M${gx},${Y - 9}L${gx + 7},${Y}L${gx},${Y + 9}L${gx - 7},${Y}Z`, fill: "#8c2d04", stroke: "#fff", "stroke-width": 1, class: "bb-strip-self", "data-code": s.gemeente.code}, svg("title", {}, `${name}: ${f(s.gemeente.value)}`)),
      svg("text", {x: Math.min(W - R, Math.max(L, gx)), y: Y - 16, "text-anchor": gx < 120 ? "start" : gx > W - 120 ? "end" : "middle", "font-size": 12, "font-weight": 600}, `${name} ${f(s.gemeente.value)}`)
    );
  }
  return root;
}

function figures(name: string, indicator: NationalIndicator, s: PeerStats): HTMLElement {
  const f = (v: number | null) => formatIndicator(indicator, v);
  const item = (term: string, value: string, cls: string) => html("div", {class: cls}, html("dt", {}, term), html("dd", {}, value));
  return html("dl", {class: "bb-peer-figures"},
    item(name, s.gemeente.value == null ? s.gemeente.status ?? "geen waarde" : f(s.gemeente.value), "bb-peer-value"),
    item("Mediaan van de groep", f(s.median), "bb-peer-median"),
    item("Index (groep = 100)", formatNumber(s.indexPeers, 0), "bb-peer-index"),
    item("Index (Nederland = 100)", formatNumber(s.indexNederland, 0), "bb-peer-index-nl"),
    item("Plaats", s.rank == null ? "–" : `${s.rank} van ${s.of}`, "bb-peer-rank")
  );
}

function memberTable(indicator: NationalIndicator, s: PeerStats, set: PeerSet): HTMLElement {
  const rows = [...s.peers].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.name.localeCompare(b.name, "nl"));
  const body = html("tbody", {}, ...rows.map((p) => html("tr", {"data-code": p.code},
    html("th", {scope: "row"}, html("a", {href: `../${p.code}/armoede`}, p.name)),
    html("td", {}, p.code),
    html("td", {}, p.value == null ? p.status ?? "niet beschikbaar" : formatIndicator(indicator, p.value)))));
  return html("details", {class: "bb-peer-list"},
    html("summary", {}, s.peers.length === 1 ? "De gemeente van deze groep" : `De ${s.peers.length} gemeenten van deze groep`),
    html("table", {class: "bb-table"}, html("caption", {}, `${set.title}: ${indicator.label}`),
      html("thead", {}, html("tr", {}, html("th", {scope: "col"}, "Gemeente"), html("th", {scope: "col"}, "Code"), html("th", {scope: "col"}, indicator.label))), body));
}

/** The whole section for one gemeente, indicator and edition; `download` is the national CSV (FileAttachment). */
export function peerSection(national: NationalData, code: string, indicatorId: string, edition: number, {download}: {download: {href: string}}): HTMLElement {
  ensurePeerStyle();
  const section = html("div", {id: "vergelijkbaar", class: "bb-peers"});
  const g = national.gemeenten.find((x) => x.code === code);
  const indicator = national.indicators.find((i) => i.id === indicatorId);
  if (!g) {
    section.append(html("p", {}, national.leftOut.includes(code)
      ? "Dit is een synthetische voorbeeldgemeente; de werkruimte heeft ook echte gemeenten, en die worden niet met voorbeelddata vergeleken."
      : "Deze gemeente staat niet in de landelijke gegevens van de werkruimte."));
    return section;
  }
  if (!indicator) {
    section.append(html("p", {}, "Voor dit onderwerp zijn er geen cijfers op gemeenteniveau om te vergelijken."));
    return section;
  }
  section.append(html("p", {class: "bb-peer-intro"}, `Hoe verhoudt ${g.name} zich tot gemeenten die erop lijken? Drie manieren om ‘lijkt op’ te bepalen, elk met het jaar waaruit de indeling komt. De vergelijking gaat over ${indicator.label.toLowerCase()}, editie ${edition}, op gemeenteniveau, tussen de ${national.gemeenten.length} gemeenten van deze werkruimte.`));
  for (const set of peerSets(national, code)) {
    const block = html("div", {class: "bb-peer-set", "data-set": set.id},
      html("h4", {}, set.title),
      html("p", {class: "bb-peer-definition"}, `${set.description[0].toUpperCase()}${set.description.slice(1)}.`));
    if (set.empty) {
      block.append(html("p", {class: "bb-peer-empty"}, set.empty));
      section.append(block);
      continue;
    }
    const s = peerStats(national, code, set, indicator.id, edition);
    block.append(figures(g.name, indicator, s));
    if (s.valued.length || s.gemeente.value != null) block.append(html("figure", {}, peerStrip(g.name, indicator, s), html("figcaption", {}, `Elke stip is een vergelijkbare gemeente; de ruit is ${g.name}, de doorgetrokken lijn de mediaan${s.nederland != null ? ", de gestippelde lijn Nederland" : ""}.`)));
    block.append(html("p", {class: "bb-peer-prose"}, peerProse(g.name, indicator, edition, s)), memberTable(indicator, s, set));
    section.append(block);
  }
  const bron = national.bronnen.datasets.nederland;
  section.append(html("p", {class: "bb-peer-bron"}, `${sourceLine(bron)} ${licenceLine(bron)} `, html("a", {href: download.href, download: bron.file}, `Download de cijfers van alle gemeenten (CSV, ${formatNumber(bron.rows)} rijen)`)));
  return section;
}

const STYLE = `
.bb-peer-set{margin:1.25rem 0 1.75rem}
.bb-peer-set h4{margin:0 0 .25rem}
.bb-peer-definition{margin:.25rem 0 .5rem;color:var(--theme-foreground-muted)}
.bb-peer-figures{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:.5rem 0}
.bb-peer-figures div{min-width:8rem}
.bb-peer-figures dt{font-size:.85rem;color:var(--theme-foreground-muted)}
.bb-peer-figures dd{margin:0;font-size:1.25rem;font-weight:600}
.bb-peer-list a{text-decoration:underline}
`;

function ensurePeerStyle(): void {
  if (document.getElementById("bb-peer-style")) return;
  document.head.append(html("style", {id: "bb-peer-style"}, STYLE));
}
