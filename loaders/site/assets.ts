/**
 * The site-wide page assets (`data/<file>`), defined once for their Framework loaders and the build's pre-step:
 * the list of studies, the provenance of every dataset, the take-up studies, and the national assets of
 * national.ts. The pre-step passes the gemeente summaries it already has; a loader makes them itself.
 */
import type {KwbDataset} from "../snapshot/manifest.js";
import type {Workspace} from "../snapshot/paths.js";
import {buildProvenance} from "../snapshot/provenance.js";
import {stableJson} from "../snapshot/json.js";
import {directReader, type SnapshotReader} from "../snapshot/reader.js";
import {readLock, type Lock} from "../snapshot/lock.js";
import {readKwbRecord, studiesOf} from "../kwb/study.js";
import {takeUpPaths} from "../municipal/study.js";
import {nationalData, nationalMap} from "./national.js";
import {gemeenteSummary, type GemeenteSummary} from "./summary.js";
import type {Topology} from "topojson-specification";
import {readFile} from "node:fs/promises";
import {join} from "node:path";

export const SITE_ASSETS = ["studies.json", "bronnen.json", "regelingen-studies.json", "nederland.json", "nederland.csv", "nederland-kaart.json", "nederland-grenzen.topojson"] as const;
export type SiteAsset = (typeof SITE_ASSETS)[number];

/** What the assets are made from; the pre-step fills in what it has already read. */
export interface SiteContext {
  read?: SnapshotReader;
  lock?: Lock | null;
  summaries?: GemeenteSummary[];
  /** The national data once made, shared by `nederland.json` and `nederland.csv` when one context makes both. */
  national?: Promise<{data: unknown; csv: string}>;
}

/** Every gemeente's summary, in manifest order. */
export async function summariesOf(ws: Workspace, {read = directReader, lock}: SiteContext = {}): Promise<GemeenteSummary[]> {
  const manifest = await read.manifest(ws);
  if (lock === undefined) lock = await readLock(ws.lockPath);
  const out: GemeenteSummary[] = [];
  for (const s of studiesOf(manifest)) out.push(await gemeenteSummary(ws, s.code, {read, lock}));
  return out;
}

/** The geometry dataset holding every gemeente's boundary (`collections: ["gemeenten"]`), if the workspace has one. */
async function gemeenteBoundaries(ws: Workspace, read: SnapshotReader): Promise<{name: string; topology: Topology; year: number} | null> {
  const manifest = await read.manifest(ws);
  const d = manifest.datasets.find((x) => x.kind === "geometry" && x.collections);
  if (!d || d.kind !== "geometry") return null;
  try {
    return {name: d.name, topology: await read.json<Topology>(ws, `${d.name}.topojson`), year: d.year};
  } catch {
    return null;
  }
}

/** One site-wide asset, as the bytes a page receives. */
export async function siteAsset(ws: Workspace, asset: SiteAsset, ctx: SiteContext = {}): Promise<string> {
  const read = ctx.read ?? directReader;
  const manifest = await read.manifest(ws);
  switch (asset) {
    case "studies.json": {
      // The gemeenten with a poverty study, for the home page: name, editions and (when init recorded it) provincie.
      const list = [];
      for (const s of studiesOf(manifest)) {
        const d = manifest.datasets.find((x): x is KwbDataset => x.name === s.kwb && x.kind === "kwb");
        list.push({...s, name: (await readKwbRecord(ws, s.kwb, read)).gemeente.name, ...(d?.provincie ? {provincie: d.provincie.name} : {})});
      }
      return JSON.stringify(list);
    }
    case "bronnen.json":
      return stableJson(await buildProvenance(ws, {read, lock: ctx.lock}));
    case "regelingen-studies.json":
      return JSON.stringify(takeUpPaths(ws.dataDir).map((path) => path.split("/")[2]));
    case "nederland.json":
    case "nederland.csv": {
      ctx.national ??= (async () => {
        const boundaries = await gemeenteBoundaries(ws, read);
        const bronnen = await buildProvenance(ws, {names: boundaries ? [boundaries.name] : [], read, lock: ctx.lock});
        return nationalData(ctx.summaries ?? (await summariesOf(ws, {read, lock: ctx.lock})), {title: manifest.title, demo: Boolean(manifest.demo), bronnen});
      })();
      const {data, csv} = await ctx.national;
      return asset === "nederland.csv" ? csv : JSON.stringify(data);
    }
    case "nederland-grenzen.topojson": {
      // The gemeenten's boundaries byte for byte, the download beside the overview map.
      const d = manifest.datasets.find((x) => x.kind === "geometry" && x.collections);
      return d ? readFile(join(ws.snapshotsDir, `${d.name}.topojson`), "utf8") : JSON.stringify({type: "Topology", objects: {}, arcs: []});
    }
    case "nederland-kaart.json": {
      const boundaries = await gemeenteBoundaries(ws, read);
      return JSON.stringify(nationalMap(studiesOf(manifest).map((s) => s.code), boundaries?.topology ?? null, boundaries?.year ?? null));
    }
  }
}
