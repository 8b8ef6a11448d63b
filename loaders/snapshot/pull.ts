/** `buurtboek data pull`: fetch datasets from the manifest and commit them as snapshots plus the lock. */
import {sha256} from "./hash.js";
import {stableJson} from "./json.js";
import {loadManifest, type Dataset, type Manifest} from "./manifest.js";
import type {Lock} from "./lock.js";
import {workspace as defaultWorkspace, type Workspace} from "./paths.js";
import {cleanStaleStaging, commitSnapshots, renderSnapshot, type RenderedSnapshot} from "./snapshot.js";
import {fetchPdokAll, PdokPass} from "../geo/pdok-pass.js";
import {nationalPdokCollection} from "../demo/national-geometry.js";
import {Session} from "../cbs/session.js";
import {fetchSnapshot, kwbGroup, type SourceContext} from "./sources/index.js";

export interface PullOptions extends Omit<SourceContext, "manifest" | "dataDir" | "passes"> {
  /** Dataset names to pull; all when empty. */
  names?: string[];
  /** Progress lines (one per dataset). */
  log?: (line: string) => void;
  /** Progress of the pull as events, for progress bars (`data pull` on a terminal). */
  progress?: (event: PullEvent) => void;
}

/** A progress event: rows of an edition's one pass received, or a dataset done. */
export type PullEvent = {type: "edition"; table: string; done: number; total?: number} | {type: "dataset"; name: string; done: number; total: number};

/**
 * From how many gemeenten PDOK boundaries come in one pass over the whole collections. A whole collection is every
 * wijk and buurt of the country (some 17,000 detailed polygons), so for a few gemeenten their own filtered pages
 * cost far fewer bytes; the pass pays off in requests and time for a province or the country.
 */
export const PDOK_PASS_MIN = 40;

/**
 * The one-pass plan: kwb datasets of several gemeenten that share an API share one request set per edition (the
 * CBS client pushes the gemeenten down as one filter while that stays short), and PDOK boundaries of
 * `PDOK_PASS_MIN` or more gemeenten one pass over each collection. A single gemeente keeps its own requests.
 */
export function planPasses(manifest: Manifest, datasets: Dataset[], ctx: Pick<SourceContext, "cacheDir" | "offline" | "http">, progress?: PullOptions["progress"]): NonNullable<SourceContext["passes"]> {
  const kwb = new Map<string, {gemeenten: string[]}>();
  for (const d of datasets) if (d.kind === "kwb") (kwb.get(kwbGroup(d)) ?? kwb.set(kwbGroup(d), {gemeenten: []}).get(kwbGroup(d))!).gemeenten.push(d.gemeente);
  for (const [key, group] of kwb) {
    group.gemeenten = [...new Set(group.gemeenten)].sort();
    if (group.gemeenten.length < 2) kwb.delete(key);
  }
  const pdokDatasets = datasets.filter((d) => d.kind === "geometry" && d.gemeente && !d.layers);
  let pdok: PdokPass | undefined;
  if (pdokDatasets.length >= PDOK_PASS_MIN) {
    const demo = manifest.demo;
    const session = new Session(ctx);
    pdok = new PdokPass(async (year, collection) =>
      pdokDatasets.every((d) => d.kind === "geometry" && d.demo) && demo?.gemeenten
        ? nationalPdokCollection(demo.seed, demo.gemeenten, collection, year)
        : fetchPdokAll(year, collection, ctx, session)
    );
  }
  return {kwb, pdok, progress: progress && ((e) => progress({type: "edition", ...e}))};
}

/** sha256 of a manifest entry (stable key order), recorded in the lock. */
export function definitionHash(dataset: Dataset): string {
  return sha256(stableJson(dataset));
}

/** Picks the named datasets from a manifest, failing on an unknown name with the list of known ones. */
export function selectDatasets(manifest: Manifest, names: string[] = []): Dataset[] {
  if (!names.length) return manifest.datasets;
  const known = new Map(manifest.datasets.map((d) => [d.name, d]));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw new Error(`unknown dataset ${unknown.join(", ")}; the manifest has ${[...known.keys()].join(", ")}`);
  return names.map((n) => known.get(n)!);
}

/** Fetches and renders datasets without writing anything. */
export async function fetchRendered(ws: Workspace, manifest: Manifest, datasets: Dataset[], options: PullOptions = {}): Promise<RenderedSnapshot[]> {
  const ctx: SourceContext = {...options, manifest, dataDir: ws.dataDir};
  ctx.passes = planPasses(manifest, datasets, ctx, options.progress);
  const rendered: RenderedSnapshot[] = [];
  for (const dataset of datasets) {
    options.log?.(`${dataset.name}: fetching (${dataset.kind})`);
    const snapshot = await fetchSnapshot(dataset, ctx).catch((error: Error) => {
      throw new Error(`${dataset.name}: ${error.message}`);
    });
    const r = renderSnapshot(snapshot);
    r.entry.definition = definitionHash(dataset);
    options.log?.(`${dataset.name}: ${r.entry.rows} rows × ${r.entry.columns} columns`);
    rendered.push(r);
    options.progress?.({type: "dataset", name: dataset.name, done: rendered.length, total: datasets.length});
  }
  return rendered;
}

/**
 * Pulls datasets into the workspace: everything is fetched first, then committed atomically, lock last.
 * Framework's stale loader outputs are dropped by `npm run build`/`npm run dev` (see cache.ts), not here.
 */
export async function pull(ws: Workspace = defaultWorkspace(), options: PullOptions = {}): Promise<{lock: Lock; pulled: RenderedSnapshot[]}> {
  const manifest = await loadManifest(ws.manifestPath);
  const datasets = selectDatasets(manifest, options.names);
  await cleanStaleStaging(ws);
  const rendered = await fetchRendered(ws, manifest, datasets, options);
  const keep = manifest.datasets.map((d) => d.name);
  const lock = await commitSnapshots(ws, rendered, {name: manifest.name, title: manifest.title, demo: Boolean(manifest.demo)}, {keep});
  return {lock, pulled: rendered};
}
