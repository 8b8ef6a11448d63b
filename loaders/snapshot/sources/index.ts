/** Dispatches a manifest dataset to its source: CBS, geometry file/URL, municipal extract or the demo generator. */
import {DEMO_GENERATED_AT, demoSnapshot} from "../../demo/index.js";
import {demoKwbClient} from "../../demo/kwb.js";
import {nationalKwbClient} from "../../demo/national-kwb.js";
import type {PdokPass} from "../../geo/pdok-pass.js";
import type {HttpOptions} from "../../cbs/http.js";
import type {Dataset, Manifest} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";
import {pullCbs} from "./cbs.js";
import {loadCbsClient, type CbsClient} from "./cbs-contract.js";
import {pullGeometry} from "./geometry.js";
import {pullKwb} from "./kwb.js";
import {KwbPass, type PassProgress} from "./kwb-pass.js";
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
  /**
   * The one-pass plan of a pull with several gemeenten (pull.ts): per group of kwb datasets (same API, demo or
   * not) the gemeenten that share one request set per edition, and the pass over PDOK's collections.
   */
  passes?: {kwb: Map<string, {gemeenten: string[]; pass?: KwbPass}>; pdok?: PdokPass; progress?: PassProgress};
}

/** The group a kwb dataset's one pass belongs to: datasets of one API, from CBS or from the demo generator. */
export function kwbGroup(dataset: {api?: string; demo?: boolean}): string {
  return `${dataset.api ?? "v3"}${dataset.demo ? "+demo" : ""}`;
}

/**
 * The clock for `fetched_at`: the caller's, else `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
 * convention) so a pull can be repeated byte for byte, else none (each source stamps the current time).
 */
function fixedClock(ctx: SourceContext): (() => string) | null {
  if (ctx.now) return ctx.now;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (!epoch) return null;
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${epoch}"`);
  const iso = new Date(Number(epoch) * 1000).toISOString();
  return () => iso;
}

/** Fetches one dataset as an in-memory snapshot. */
export async function fetchSnapshot(dataset: Dataset, ctx: SourceContext): Promise<Snapshot> {
  const fixed = fixedClock(ctx);
  const now = fixed ?? (() => new Date().toISOString());
  switch (dataset.kind) {
    case "cbs": {
      ctx.client ??= await loadCbsClient();
      const snapshot = await pullCbs(ctx.client, dataset, {cacheDir: ctx.cacheDir, offline: ctx.offline});
      return fixed ? {...snapshot, fetchedAt: fixed()} : snapshot;
    }
    case "kwb": {
      const demo = ctx.manifest.demo;
      const client = dataset.demo ? (demo!.gemeenten ? nationalKwbClient(demo!.seed, demo!.gemeenten) : demoKwbClient(demo!.seed)) : (ctx.client ??= await loadCbsClient());
      const group = ctx.passes?.kwb.get(kwbGroup(dataset));
      if (group && !group.pass) group.pass = new KwbPass(client, group.gemeenten, ctx.passes?.progress);
      const snapshot = await pullKwb(client, dataset, {cacheDir: ctx.cacheDir, offline: ctx.offline, log: ctx.log, http: ctx.http, source: group?.pass});
      if (dataset.demo) Object.assign(snapshot.source, {type: "demo", publisher: "Buurtboek-demogenerator", license: "CC0 1.0 (synthetische data)"});
      return fixed && !dataset.demo ? {...snapshot, fetchedAt: fixed()} : snapshot;
    }
    case "geometry":
      return pullGeometry(dataset, ctx.dataDir, dataset.demo ? () => DEMO_GENERATED_AT : now, {
        cacheDir: ctx.cacheDir, offline: ctx.offline, log: ctx.log, http: ctx.http, demoSeed: ctx.manifest.demo?.seed,
        demoGemeenten: ctx.manifest.demo?.gemeenten, pass: dataset.gemeente && !dataset.layers ? ctx.passes?.pdok : undefined
      });
    case "municipal":
      return pullMunicipal(dataset, ctx.dataDir, now, ctx.manifest, ctx.log);
    case "demo":
      return demoSnapshot(dataset, ctx.manifest.demo!.seed);
  }
}
