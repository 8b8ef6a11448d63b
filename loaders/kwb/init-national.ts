/**
 * `buurtboek init` for several gemeenten at once: a list of codes, `--all` (every gemeente the newest chosen KWB
 * edition lists) or `--provincie <name>`. One request set for the gemeenten (the newest edition at gemeente level,
 * which also gives their names), one for their provincies (CBS "Gebieden in Nederland"), then per gemeente the same
 * kwb and PDOK datasets `init <code>` writes, plus every gemeente's own boundary for the national overview.
 * Unknown codes or provincies are named and nothing is written.
 */
import {fetchTable} from "../cbs/index.js";
import {normaliseMunicipality} from "../cbs/regions.js";
import type {Dataset, Manifest} from "../snapshot/manifest.js";
import type {Workspace} from "../snapshot/paths.js";
import {editionTitle} from "./editions.js";
import {chooseEditions, readManifest, studyDatasetNames, studyDatasets, writeManifest, type InitOptions} from "./init.js";
import {foldProvincie, lookUpProvincies, type Provincie} from "./provincies.js";

/** Which gemeenten, and how much of each KWB edition to keep. */
export interface NationalInitOptions extends InitOptions {
  codes?: string[];
  all?: boolean;
  provincie?: string;
  /** `study` (default with --all and --provincie): the study's indicators and context only; `all`: every measure. */
  measures?: "all" | "study";
}

/** What `init` did for several gemeenten. */
export interface NationalInitResult {
  gemeenten: {code: string; name: string; provincie: Provincie | null}[];
  editions: number[];
  geometryYear: number;
  /** The dataset with every gemeente's boundary, for the national overview. */
  boundaries: string;
  created: boolean;
  /** The table the provincies came from, or why they are unknown. */
  provincies: string;
}

/** Simplification of the gemeenten's boundaries for the overview map (m²; invisible at the size it is drawn). */
export const NATIONAL_SIMPLIFY = 20_000;

/** Adds (or refreshes) the datasets of several gemeenten in the workspace manifest. */
export async function initMany(ws: Workspace, options: NationalInitOptions): Promise<NationalInitResult> {
  const ways = [options.codes?.length ? "codes" : null, options.all ? "--all" : null, options.provincie ? "--provincie" : null].filter(Boolean);
  if (ways.length !== 1) throw new Error(ways.length ? `give gemeente codes, --all or --provincie, not ${ways.join(" and ")}` : "give gemeente codes, --all or --provincie <name>");
  const codes = (options.codes ?? []).map(normaliseMunicipality);
  const api = options.api ?? "v3";
  const session = {api, cacheDir: options.cacheDir, offline: options.offline, http: options.http};
  const existing = await readManifest(ws.manifestPath);
  const {editions, newest, geometryYear, tables} = await chooseEditions(session, options);

  // Every gemeente of the newest edition, with its name, in one request set.
  const listed = await fetchTable({...session, table: newest.table, levels: ["gemeente"]});
  const names = new Map(listed.rows.map((r) => [String(r.region_code), String(r.region_name ?? r.region_code).trim()]));
  let provincies: Map<string, Provincie> | null = null;
  let provincieSource: string;
  try {
    const found = await lookUpProvincies(newest.edition, session);
    provincies = found.byGemeente;
    provincieSource = `${found.title} (${found.table})`;
  } catch (error) {
    if (options.provincie) throw error;
    provincieSource = `unknown: ${(error as Error).message}`;
    options.log?.(`provincies ${provincieSource}`);
  }

  let chosen: string[];
  if (options.all) chosen = [...names.keys()];
  else if (options.provincie) {
    const wanted = foldProvincie(options.provincie);
    chosen = [...names.keys()].filter((c) => provincies!.get(c) && foldProvincie(provincies!.get(c)!.name) === wanted);
    if (!chosen.length) {
      const known = [...new Set([...provincies!.values()].map((p) => p.name))].sort((a, b) => a.localeCompare(b, "nl"));
      throw new Error(`unknown provincie "${options.provincie}": ${provincieSource} lists ${known.join(", ")}; nothing was written`);
    }
  } else {
    const unknown = codes.filter((c) => !names.has(c));
    if (unknown.length) throw new Error(`unknown gemeente${unknown.length > 1 ? "n" : ""} ${unknown.join(", ")}: CBS does not list ${unknown.length > 1 ? "them" : "it"} in ${newest.table} (${editionTitle(newest.edition)}); nothing was written`);
    chosen = [...new Set(codes)];
  }
  chosen.sort();

  const measures = options.measures ?? (options.codes?.length ? undefined : "study");
  const ours = new Set<string>();
  const added: Dataset[] = [];
  for (const code of chosen) {
    const name = names.get(code)!;
    const n = studyDatasetNames(code);
    const provincie = provincies?.get(code);
    added.push(...studyDatasets(code, name, {editions, api, tables, geometryYear}, {...(measures && measures !== "all" ? {measures} : {}), ...(provincie ? {provincie} : {})}));
    ours.add(n.kwb).add(n.geometry);
  }
  const boundaries = `gemeenten-${geometryYear}`;
  const others = (existing?.datasets ?? []).filter((d) => !ours.has(d.name) && !(d.kind === "geometry" && d.collections));
  const national: Dataset = {name: boundaries, kind: "geometry", title: `Gemeentegrenzen ${geometryYear}`, year: geometryYear, collections: ["gemeenten"], simplify: NATIONAL_SIMPLIFY};
  const label = options.all ? "Nederland" : options.provincie ? `provincie ${provincies!.get(chosen[0])!.name}` : `${chosen.length} gemeenten`;
  const manifest: Manifest = existing ?? {version: 1, name: options.all ? "nederland" : options.provincie ? `provincie-${foldProvincie(options.provincie).replace(/ /g, "-")}` : "werkruimte", title: `Buurtboek ${label}`, datasets: [added[0]] as Manifest["datasets"]};
  manifest.datasets = [...others, ...added, national] as Manifest["datasets"];
  await writeManifest(ws, manifest);
  return {
    gemeenten: chosen.map((code) => ({code, name: names.get(code)!, provincie: provincies?.get(code) ?? null})),
    editions,
    geometryYear,
    boundaries,
    created: !existing,
    provincies: provincieSource
  };
}
