/**
 * `buurtboek init <GMxxxx>`: adds a gemeente's poverty study to a workspace manifest: one `kwb` dataset and one
 * PDOK geometry dataset. The code is checked with CBS and the name looked up there; an unknown code writes nothing.
 */
import {mkdir, readFile} from "node:fs/promises";
import {fetchTable, searchTables, type FetchOptions} from "../cbs/index.js";
import {normaliseMunicipality} from "../cbs/regions.js";
import {writeFileAtomic} from "../snapshot/atomic.js";
import {stableJson} from "../snapshot/json.js";
import {parseManifest, type Dataset, type GeometryDataset, type KwbDataset, type Manifest} from "../snapshot/manifest.js";
import type {Workspace} from "../snapshot/paths.js";
import {editionTitle, editionsInCatalogue, KWB_TABLES, parseEditions, type ConfirmedEdition} from "./editions.js";

/** Options of `init`. */
export interface InitOptions {
  /** Edition list such as `2019,2021-2024`; default the five most recent the catalogue lists. */
  editions?: string;
  geometryYear?: number;
  api?: "v3" | "v4";
  cacheDir?: string;
  offline?: boolean;
  http?: FetchOptions["http"];
  log?: (line: string) => void;
}

/** What `init` did. */
export interface InitResult {
  gemeente: {code: string; name: string};
  editions: number[];
  geometryYear: number;
  datasets: string[];
  created: boolean;
}

/** How many recent editions `init` takes without `--editions`. */
export const DEFAULT_EDITION_COUNT = 5;

/** Dataset names for a gemeente: `kwb-gm0518`, `gebieden-gm0518`. */
export function studyDatasetNames(code: string): {kwb: string; geometry: string} {
  const c = code.toLowerCase();
  return {kwb: `kwb-${c}`, geometry: `gebieden-${c}`};
}

/** The editions `init` takes (confirmed by the catalogue, newest first), the geometry year and the table overrides. */
export interface ChosenEditions {
  editions: number[];
  chosen: ConfirmedEdition[];
  newest: ConfirmedEdition;
  geometryYear: number;
  tables: Record<string, string>;
}

/** Chooses the editions from the CBS catalogue: `--editions`, or the five most recent it lists. */
export async function chooseEditions(session: Pick<FetchOptions, "api" | "cacheDir" | "offline" | "http">, options: Pick<InitOptions, "editions" | "geometryYear" | "log">): Promise<ChosenEditions> {
  const catalogue = editionsInCatalogue(await searchTables("kerncijfers wijken en buurten", session), options.log);
  if (!catalogue.length) throw new Error(`the CBS catalogue (${session.api ?? "v3"}) lists no "Kerncijfers wijken en buurten <year>" table`);
  const editions = options.editions ? parseEditions(options.editions) : catalogue.slice(0, DEFAULT_EDITION_COUNT).map((c) => c.edition).sort((a, b) => a - b);
  const missing = editions.filter((e) => !catalogue.some((c) => c.edition === e));
  if (missing.length) {
    throw new Error(`edition(s) ${missing.join(", ")} not in the CBS catalogue; it lists ${catalogue.map((c) => c.edition).sort((a, b) => a - b).join(", ")}`);
  }
  const chosen = catalogue.filter((c) => editions.includes(c.edition));
  const newest = chosen[0];
  const geometryYear = options.geometryYear ?? newest.edition;
  if (!Number.isInteger(geometryYear) || geometryYear < 2013 || geometryYear > 2100) throw new Error(`--geometry-year: not a year: ${options.geometryYear}`);
  const tables = Object.fromEntries(chosen.filter((c) => KWB_TABLES[c.edition] !== c.table).map((c) => [String(c.edition), c.table]));
  return {editions, chosen, newest, geometryYear, tables};
}

/** Adds (or refreshes) a gemeente's datasets in the workspace manifest. */
export async function init(ws: Workspace, input: string, options: InitOptions = {}): Promise<InitResult> {
  const code = normaliseMunicipality(input);
  const api = options.api ?? "v3";
  const session = {api, cacheDir: options.cacheDir, offline: options.offline, http: options.http};
  const existing = await readManifest(ws.manifestPath);

  const {editions, newest, geometryYear, tables} = await chooseEditions(session, options);
  const name = await lookUpGemeente(code, newest, session);

  const names = studyDatasetNames(code);
  const [kwb, geometry] = studyDatasets(code, name, {editions, api, tables, geometryYear});
  const manifest: Manifest = existing ?? {version: 1, name: `werkruimte-${code.toLowerCase()}`, title: `Buurtboek ${name}`, municipality: {code, name}, datasets: [kwb]};
  const others = (existing?.datasets ?? []).filter((d) => d.name !== names.kwb && d.name !== names.geometry);
  manifest.datasets = [...others, kwb, geometry] as Manifest["datasets"];
  await writeManifest(ws, manifest);
  return {gemeente: {code, name}, editions, geometryYear, datasets: [names.kwb, names.geometry], created: !existing};
}

/** A gemeente's poverty-study datasets: its KWB editions and its wijk and buurt boundaries; `extra` adds to the kwb one. */
export function studyDatasets(
  code: string,
  name: string,
  {editions, api, tables, geometryYear}: {editions: number[]; api: "v3" | "v4"; tables: Record<string, string>; geometryYear: number},
  extra: Partial<KwbDataset> = {}
): [KwbDataset, GeometryDataset] {
  const names = studyDatasetNames(code);
  return [
    {name: names.kwb, kind: "kwb", title: `Kerncijfers wijken en buurten, ${name}`, gemeente: code, editions: editions as [number, ...number[]], api, ...(Object.keys(tables).length ? {tables} : {}), ...extra},
    {name: names.geometry, kind: "geometry", title: `Wijk- en buurtgrenzen ${name} ${geometryYear}`, year: geometryYear, gemeente: code}
  ];
}

/** Validates the manifest and writes it atomically, so a bad combination never reaches the file. */
export async function writeManifest(ws: Workspace, manifest: Manifest): Promise<void> {
  const valid = parseManifest(JSON.parse(JSON.stringify(manifest)), ws.manifestPath);
  await mkdir(ws.dataDir, {recursive: true});
  await writeFileAtomic(ws.manifestPath, stableJson(valid));
}

/** The workspace manifest, or null when there is none yet. */
export async function readManifest(file: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return null;
  }
  return parseManifest(JSON.parse(text), file);
}

/**
 * Checks the code against the newest edition's region list and returns the gemeente's name as CBS writes it.
 * An unknown code is an error that says so.
 */
async function lookUpGemeente(code: string, edition: ConfirmedEdition, session: Pick<FetchOptions, "api" | "cacheDir" | "offline" | "http">): Promise<string> {
  try {
    const result = await fetchTable({table: edition.table, regions: [code], ...session});
    const row = result.rows.find((r) => r.region_code === code);
    if (!row) throw new Error("no row");
    return String(row.region_name ?? code).trim();
  } catch (error) {
    const message = (error as Error).message;
    if (/unknown region code|matches nothing|no row/.test(message)) {
      throw new Error(`unknown gemeente ${code}: CBS does not list it in ${edition.table} (${editionTitle(edition.edition)}); nothing was written`);
    }
    throw error;
  }
}
