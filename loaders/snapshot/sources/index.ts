/** Dispatches a manifest dataset to its source: CBS, geometry file/URL, municipal extract or the demo generator. */
import {demoSnapshot} from "../../demo/index.js";
import type {Dataset, Manifest} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";
import {pullCbs} from "./cbs.js";
import {loadCbsClient, type CbsClient} from "./cbs-contract.js";
import {pullGeometry} from "./geometry.js";
import {pullMunicipal} from "./municipal.js";

/** What a source needs besides the dataset itself. */
export interface SourceContext {
  manifest: Manifest;
  dataDir: string;
  /** The CBS client; loaded lazily from loaders/cbs when not given. */
  client?: CbsClient;
  cacheDir?: string;
  offline?: boolean;
  /** Clock for `fetched_at` of non-CBS sources. */
  now?: () => string;
  /** Progress and notes (e.g. geometry rings rewound or features skipped). */
  log?: (line: string) => void;
}

/** Fetches one dataset as an in-memory snapshot. */
export async function fetchSnapshot(dataset: Dataset, ctx: SourceContext): Promise<Snapshot> {
  const now = ctx.now ?? (() => new Date().toISOString());
  switch (dataset.kind) {
    case "cbs":
      ctx.client ??= await loadCbsClient();
      return pullCbs(ctx.client, dataset, {cacheDir: ctx.cacheDir, offline: ctx.offline});
    case "geometry":
      return pullGeometry(dataset, ctx.dataDir, now, ctx.log);
    case "municipal":
      return pullMunicipal(dataset, ctx.dataDir, now, ctx.manifest, ctx.log);
    case "demo":
      return demoSnapshot(dataset, ctx.manifest.demo!.seed);
  }
}
