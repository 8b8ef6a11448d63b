/**
 * Provenance on the page: "Bron: CBS, tabel 84583NED (…), versie …, opgehaald …", the licence, a download link to
 * the snapshot and its hash; and the banner that marks synthetic demo data. Browser code; the data comes from
 * `FileAttachment("data/bronnen.json")`, which Framework builds from the data lock.
 */
import {formatDate, formatNumber} from "../lib/format.js";
import type {DatasetProvenance as DatasetBron, Provenance as Bronnen} from "../lib/provenance.js";
import {el} from "./dom.js";

/** One dataset's provenance and the whole asset, as `src/data/bronnen.json` has them (one definition: lib/provenance). */
export type {DatasetProvenance as DatasetBron, Provenance as Bronnen} from "../lib/provenance.js";

/** A dataset used on a page, with its snapshot download as a Framework FileAttachment. */
export interface Gebruik {
  name: string;
  file: {href: string; name?: string};
}

/** The banner text shown on every page built from demo data. */
export const DEMO_BANNER = "Synthetische voorbeelddata — geen echte cijfers";

const SYNTHETIC = "synthetische voorbeelddata (Buurtboek-demogenerator)";

function dataset(bronnen: Bronnen, name: string): DatasetBron {
  const d = bronnen.datasets[name];
  if (!d) throw new Error(`Onbekende dataset "${name}"; bekend: ${Object.keys(bronnen.datasets).join(", ")}`);
  return d;
}

/** The "Bron: …" sentence for a dataset. */
export function sourceLine(d: DatasetBron): string {
  const s = d.source;
  const demo = s.type === "demo";
  const fetched = `${demo ? "gegenereerd" : "opgehaald"} ${formatDate(d.fetched_at)}`;
  const version = s.modified ? `, versie ${formatDate(s.modified)}` : "";
  if (s.type === "cbs") return `Bron: CBS, tabel ${s.table} (${s.title})${version}, ${fetched}.`;
  if (demo && s.table) return `Bron: ${SYNTHETIC} in de vorm van CBS-tabel ${s.table} (${s.title})${version}, ${fetched}.`;
  const year = s.year ? ` (geometriejaar ${s.year})` : "";
  const who = demo ? SYNTHETIC : s.publisher ?? "onbekend";
  return `Bron: ${who}, ${d.title}${year}, ${fetched}.`;
}

/** The licence sentence for a dataset. */
export function licenceLine(d: DatasetBron): string {
  const licence = d.source.license ?? "onbekend";
  return d.source.type === "cbs" ? `Licentie: ${licence}; vermeld „Bron: CBS”.` : `Licentie: ${licence}.`;
}

/**
 * Whether a page shows synthetic data: one of the named datasets is demo data, or, without names, the workspace
 * has any demo dataset.
 */
export function isDemo(bronnen: Bronnen, names?: string[]): boolean {
  if (!names) return bronnen.workspace.demo;
  return names.some((n) => dataset(bronnen, n).source.type === "demo");
}

/** The column key with this exact CBS title in a dataset; keys drift between editions, titles do not. */
export function columnByTitle(bronnen: Bronnen, name: string, title: string): string | null {
  return dataset(bronnen, name).columns?.find((c) => c.title === title)?.name ?? null;
}

/** Column metadata (title, unit, decimals) by key. */
export function columnInfo(bronnen: Bronnen, name: string, key: string) {
  return dataset(bronnen, name).columns?.find((c) => c.name === key) ?? null;
}

const STYLE = `
.bb-banner{margin:0 0 1.5rem;padding:.6rem 1rem;border:2px solid #8a5a00;background:#fff4d6;color:#3d2800;font-weight:600;border-radius:4px}
.bb-provenance{margin:2rem 0 1rem;padding:.75rem 1rem;border-left:4px solid #1f6f8b;background:#f3f7f9;color:#1b2a33;font-size:.9rem}
.bb-provenance p{margin:.25rem 0;max-width:none}
.bb-banner a[href],.bb-provenance a[href]{color:#174a7e}
.bb-provenance code{font-size:.85em}
`;

function ensureStyle(): void {
  if (document.getElementById("bb-provenance-style")) return;
  document.head.append(el("style", {id: "bb-provenance-style"}, STYLE));
}

/**
 * The demo banner ("Synthetische voorbeelddata — geen echte cijfers") when the page shows demo data,
 * otherwise an empty, hidden element (so pages can always display it).
 */
export function demoBanner(bronnen: Bronnen, names?: string[]): HTMLElement {
  ensureStyle();
  if (!isDemo(bronnen, names)) return el("span", {hidden: "", class: "bb-banner-none"});
  return el("div", {class: "bb-banner", role: "note"}, `${DEMO_BANNER}.`);
}

/** The provenance block for the datasets a page uses: source, version, fetch date, licence, download, hash. */
export function provenance(bronnen: Bronnen, uses: Gebruik[]): HTMLElement {
  ensureStyle();
  if (!uses.length) throw new Error("provenance: geef minstens één dataset op");
  const aside = el("aside", {class: "bb-provenance", "aria-label": "Bronvermelding"});
  for (const use of uses) {
    const d = dataset(bronnen, use.name);
    const kind = d.kind === "table" ? `CSV, ${formatNumber(d.rows)} rijen` : `TopoJSON, ${formatNumber(d.rows)} gebieden`;
    const link = el("a", {href: use.file.href, download: d.file}, `Download de gegevens (${kind})`);
    aside.append(
      el("p", {class: "bb-bron", "data-dataset": d.name}, sourceLine(d)),
      el("p", {class: "bb-licentie"}, `${licenceLine(d)} `, link, " · controlegetal ", el("code", {title: `sha256 ${d.sha256}`}, d.sha256.slice(0, 12)))
    );
  }
  return aside;
}

/** From this many datasets the home page groups them by source, with the full list folded away. */
const GROUP_FROM = 12;

/** An overview of every dataset in the workspace (for the home page). */
export function sourcesOverview(bronnen: Bronnen): HTMLElement {
  ensureStyle();
  const aside = el("aside", {class: "bb-provenance", "aria-label": "Bronvermelding"});
  aside.append(el("p", {}, `Gegevens in deze werkruimte (${bronnen.workspace.title}), elk vastgelegd met versie en controlegetal:`));
  const datasets = Object.values(bronnen.datasets);
  const list = el("ul");
  for (const d of datasets) {
    list.append(el("li", {class: "bb-bron", "data-dataset": d.name}, `${sourceLine(d)} ${licenceLine(d)} Controlegetal `, el("code", {title: `sha256 ${d.sha256}`}, d.sha256.slice(0, 12))));
  }
  if (datasets.length < GROUP_FROM) {
    aside.append(list);
    return aside;
  }
  // A national workspace has two datasets per gemeente: say per source how many, and fold the full list away.
  const groups = new Map<string, {kind: string; count: number; latest: string; example: DatasetBron}>();
  for (const d of datasets) {
    const s = d.source;
    const key = `${d.kind}|${s.type}|${s.table ?? ""}|${s.year ?? ""}|${s.publisher ?? ""}`;
    const g = groups.get(key) ?? {kind: d.kind, count: 0, latest: "", example: d};
    g.count++;
    if (d.fetched_at > g.latest) g.latest = d.fetched_at;
    groups.set(key, g);
  }
  const summary = el("ul", {class: "bb-bron-groepen"});
  for (const g of groups.values()) {
    const s = g.example.source;
    const what = s.type === "cbs" || s.table ? `tabel ${s.table} (${s.title})` : `${g.kind === "geometry" ? "grenzen" : "tabellen"}${s.year ? ` van ${s.year}` : ""}`;
    const who = s.type === "demo" ? "synthetische voorbeelddata (Buurtboek-demogenerator)" : s.type === "cbs" ? "CBS" : s.publisher ?? "onbekend";
    summary.append(el("li", {}, `${formatNumber(g.count)} ${g.count === 1 ? "dataset" : "datasets"}: ${who}, ${what}, ${s.type === "demo" ? "gegenereerd" : "opgehaald"} tot ${formatDate(g.latest)}. ${licenceLine(g.example)}`));
  }
  aside.append(summary, el("details", {}, el("summary", {}, `Alle ${formatNumber(datasets.length)} datasets met versie en controlegetal`), list));
  return aside;
}
