/**
 * The "Gegevens" panel: the workspace's datasets from the manifest and the data lock, and for each a snippet that
 * reads it on the page being edited and cites it (the `FileAttachment` and the provenance line).
 *
 * Municipal data appears only as its published, disclosure-controlled table (`data/snapshots/<name>.csv`): the
 * panel never shows or inserts the extract's path, its postcode table or the lock's request list (which name files
 * under private/).
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {KwbRecord} from "../../loaders/snapshot/sources/kwb.js";
import type {DatasetInfo} from "../shared/datasets.js";
import {paramsOf} from "./page-list.js";

export type {DatasetInfo};


interface LockEntry {
  title?: string;
  kind?: string;
  rows?: number;
  columns?: number;
  fetched_at?: string;
  source?: {type?: string; table?: string; title?: string; modified?: string | null; publisher?: string; year?: number; disclosure?: {threshold?: number; round?: number; minDenominator?: number}};
}

interface ManifestEntry {
  name: string;
  kind: string;
  title?: string;
  gemeente?: string;
  editions?: number[];
  demo?: boolean;
}

const KIND: Record<string, string> = {
  cbs: "CBS-tabel",
  kwb: "Kerncijfers wijken en buurten (CBS), per gemeente",
  geometry: "Wijk- en buurtgrenzen",
  municipal: "Gemeentelijke tabel, na privacycontrole",
  demo: "Voorbeelddata"
};

const readJson = <T>(file: string): T | null => {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
};

/** `kwb-gm9999` → `kwbGm9999`. */
export function identifierOf(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/^[^a-zA-Z_$]/, "_$&");
}

/** Every dataset of the workspace in `dataDir`, with the snippet for `page` (whose current text is `text`). */
export function listDatasets(dataDir: string, page: string, text: string): DatasetInfo[] {
  const manifest = readJson<{datasets?: ManifestEntry[]}>(join(dataDir, "workspace.json"));
  const lock = readJson<{datasets?: Record<string, LockEntry>}>(join(dataDir, "data.lock.json"));
  const parameterized = paramsOf(page).includes("code") && page.startsWith("gemeente/");
  const up = "../".repeat(page.split("/").length - 1);
  return (manifest?.datasets ?? []).map((d) => {
    const entry = lock?.datasets?.[d.name] ?? {};
    const s = entry.source ?? {};
    const kind = d.kind === "demo" ? (entry.kind === "geometry" ? "geometry" : "demo") : d.kind;
    let indicators: string[] | null = null;
    if (d.kind === "kwb") {
      const record = readJson<KwbRecord>(join(dataDir, "snapshots", `${d.name}.editions.json`));
      if (record) indicators = [...new Set(record.editions.flatMap((e) => e.indicators.map((i) => i.indicator)))].sort();
    }
    const source =
      s.type === "cbs" || (s.type === "demo" && s.table) ? `${s.type === "demo" ? "synthetisch, in de vorm van " : ""}CBS, tabel ${s.table}` : (s.publisher ?? (s.type === "geometry" ? "PDOK" : "onbekend"));
    const disclosure = s.disclosure ? `kleine aantallen (onder ${s.disclosure.threshold}) afgeschermd, de rest afgerond op ${s.disclosure.round}; bereik alleen bij een doelgroep van ${s.disclosure.minDenominator} of meer` : null;
    return {
      name: d.name,
      title: entry.title ?? d.title ?? d.name,
      kind: KIND[kind] ?? kind,
      source,
      version: s.modified ?? (s.year ? `geometriejaar ${s.year}` : null),
      fetchedAt: entry.fetched_at ?? null,
      rows: entry.rows ?? null,
      columns: entry.columns ?? null,
      indicators,
      editions: d.kind === "kwb" ? [...(d.editions ?? [])].sort((a, b) => a - b) : null,
      disclosure,
      snippet: snippetFor(d, entry.kind === "geometry" || d.kind === "geometry", parameterized, up, text)
    };
  });
}

/** True when the page's text already declares `name` (as a const/let/var or an import). */
function declares(text: string, name: string): boolean {
  return new RegExp(`\\b(?:const|let|var)\\s+${name}\\b|import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`).test(text);
}

/** The cells that read dataset `d` on the page and cite it; lines declaring what the page declares already are left out. */
function snippetFor(d: ManifestEntry, geometry: boolean, parameterized: boolean, up: string, text: string): string {
  const perGemeente = parameterized && (d.kind === "kwb" || (geometry && Boolean(d.gemeente)));
  const lines: Array<[string | null, string]> = [
    ["provenance", `import {provenance} from "${up || "./"}components/provenance.js";`],
    ["bronnen", `const bronnen = FileAttachment("${up}data/bronnen.json").json();`]
  ];
  let use: string;
  if (perGemeente) {
    // The dataset of the gemeente in the route: the same asset the study pages read.
    const file = geometry ? "gebieden.topojson" : "kwb.csv";
    const v = geometry ? "gebieden" : "kwb";
    lines.push(
      ["studies", `const studies = FileAttachment("${up}data/studies.json").json();`],
      [`${v}File`, `const ${v}File = FileAttachment(\`${up}data/gemeente/\${observable.params.code}/${file}\`);`],
      [v, geometry ? `const ${v} = await ${v}File.json(); // TopoJSON, objects wijken en buurten` : `const ${v} = await ${v}File.csv({typed: true}); // region_code, region_name, region_level, edition, indicator, value, status`]
    );
    use = `{name: studies.find((s) => s.code === observable.params.code).${geometry ? "geometry" : "kwb"}, file: ${v}File}`;
  } else {
    const v = identifierOf(d.name);
    const file = `${up}data/snapshots/${d.name}.${geometry ? "topojson" : "csv"}`;
    lines.push(
      [`${v}File`, `const ${v}File = FileAttachment("${file}");`],
      [v, geometry ? `const ${v} = await ${v}File.json();` : `const ${v} = await ${v}File.csv({typed: true});`]
    );
    use = `{name: "${d.name}", file: FileAttachment("${file}")}`;
  }
  const declarations = lines.filter(([name]) => name === null || !declares(text, name)).map(([, line]) => line);
  return ["```js", ...declarations, "```", "", "```js", `display(provenance(bronnen, [${use}]));`, "```", ""].join("\n");
}
