/** `buurtboek data pull`: fetch datasets from the manifest and commit them as snapshots plus the lock. */
import {sha256} from "./hash.js";
import {stableJson} from "./json.js";
import {loadManifest, type Dataset, type Manifest} from "./manifest.js";
import type {Lock} from "./lock.js";
import {workspace as defaultWorkspace, type Workspace} from "./paths.js";
import {cleanStaleStaging, commitSnapshots, renderSnapshot, type RenderedSnapshot} from "./snapshot.js";
import {fetchSnapshot, type SourceContext} from "./sources/index.js";

export interface PullOptions extends Omit<SourceContext, "manifest" | "dataDir"> {
  /** Dataset names to pull; all when empty. */
  names?: string[];
  /** Progress lines (one per dataset). */
  log?: (line: string) => void;
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
