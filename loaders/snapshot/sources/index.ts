/** Dispatches a manifest dataset to its source: CBS, geometry file/URL, municipal extract or the demo generator. */
import {DEMO_GENERATED_AT, demoSnapshot} from "../../demo/index.js";
import {demoKwbClient} from "../../demo/kwb.js";
import type {HttpOptions} from "../../cbs/http.js";
import type {Dataset, Manifest} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";
import {pullCbs} from "./cbs.js";
import {loadCbsClient, type CbsClient} from "./cbs-contract.js";
import {pullGeometry} from "./geometry.js";
import {pullKwb} from "./kwb.js";
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
  /** Network tuning for CBS and PDOK (tests shrink retry delays). */
  http?: HttpOptions;
}

/** Fetches one dataset as an in-memory snapshot. */
export async function fetchSnapshot(dataset: Dataset, ctx: SourceContext): Promise<Snapshot> {
  const now = ctx.now ?? (() => new Date().toISOString());
  switch (dataset.kind) {
    case "cbs":
      ctx.client ??= await loadCbsClient();
      return pullCbs(ctx.client, dataset, {cacheDir: ctx.cacheDir, offline: ctx.offline});
    case "kwb": {
      const client = dataset.demo ? demoKwbClient(ctx.manifest.demo!.seed) : (ctx.client ??= await loadCbsClient());
      const snapshot = await pullKwb(client, dataset, {cacheDir: ctx.cacheDir, offline: ctx.offline, log: ctx.log, http: ctx.http});
      if (dataset.demo) Object.assign(snapshot.source, {type: "demo", publisher: "Buurtboek-demogenerator", license: "CC0 1.0 (synthetische data)"});
      return snapshot;
    }
    case "geometry":
      return pullGeometry(dataset, ctx.dataDir, dataset.demo ? () => DEMO_GENERATED_AT : now, {
        cacheDir: ctx.cacheDir, offline: ctx.offline, log: ctx.log, http: ctx.http, demoSeed: ctx.manifest.demo?.seed
      });
    case "municipal":
      return pullMunicipal(dataset, ctx.dataDir, now, ctx.manifest, ctx.log);
    case "demo":
      return demoSnapshot(dataset, ctx.manifest.demo!.seed);
  }
}
