/**
 * PDOK in one pass: a whole collection of a geometry year (`gemeenten`, `wijken` or `buurten` of every gemeente),
 * `{PDOK_URL}/cbs/wijken-en-buurten-{year}/ogc/v1/collections/{collection}/items?f=json&limit=1000`, followed page
 * by page to the end. A workspace with several gemeenten fetches each collection once and splits it by the
 * features' `gemeentecode` (`PdokPass`), so the number of requests does not grow with the number of gemeenten.
 */
import type {Feature, FeatureCollection} from "geojson";
import {Session} from "../cbs/session.js";
import {pdokBase, walkPdokPages, type PdokOptions} from "./pdok.js";

/** The collections of PDOK's wijken-en-buurten service, with the properties that hold code and name. */
export const PDOK_COLLECTIONS = {
  gemeenten: {code: "gemeentecode", label: "gemeentenaam"},
  wijken: {code: "wijkcode", label: "wijknaam"},
  buurten: {code: "buurtcode", label: "buurtnaam"}
} as const;

export type PdokAllCollection = keyof typeof PDOK_COLLECTIONS;

/** The first items URL of a whole collection. */
export function pdokAllItemsUrl(base: string, year: number, collection: PdokAllCollection, limit = 1000): string {
  return `${base}/cbs/wijken-en-buurten-${year}/ogc/v1/collections/${collection}/items?f=json&limit=${limit}`;
}

/** Every feature of a collection in a year, all pages, with every URL used. Zero features is an error. */
export async function fetchPdokAll(
  year: number,
  collection: PdokAllCollection,
  options: PdokOptions = {},
  session = new Session(options),
  onPage?: (features: number) => void
): Promise<{features: FeatureCollection; requests: string[]}> {
  const base = pdokBase(options.pdokUrl);
  const features: Feature[] = [];
  const requests = await walkPdokPages(base, pdokAllItemsUrl(base, year, collection, options.limit), year, session, (page) => {
    features.push(...page);
    onPage?.(features.length);
  });
  if (!features.length) throw new Error(`PDOK has no ${collection} in ${year} (${requests[0]})`);
  return {features: {type: "FeatureCollection", features}, requests};
}

/** Fetches a whole collection of a year (PDOK, or the demo generator standing in for it). */
export type CollectionFetcher = (year: number, collection: PdokAllCollection) => Promise<{features: FeatureCollection; requests: string[]}>;

/** One fetch per year and collection, shared by the gemeenten of a workspace and split by `gemeentecode`. */
export class PdokPass {
  private readonly cache = new Map<string, Promise<{byGemeente: Map<string, Feature[]>; requests: string[]}>>();

  constructor(private readonly fetcher: CollectionFetcher) {}

  private split(year: number, collection: PdokAllCollection) {
    const key = `${year}/${collection}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.fetcher(year, collection).then(({features, requests}) => {
        const byGemeente = new Map<string, Feature[]>();
        for (const f of features.features) {
          const g = String(f.properties?.gemeentecode ?? "");
          (byGemeente.get(g) ?? byGemeente.set(g, []).get(g)!).push(f);
        }
        return {byGemeente, requests};
      });
      this.cache.set(key, p);
    }
    return p;
  }

  /** A gemeente's features of a collection; zero features is the same error a per-gemeente fetch gives. */
  async features(year: number, collection: PdokAllCollection, gemeente: string): Promise<{features: FeatureCollection; requests: string[]}> {
    const {byGemeente, requests} = await this.split(year, collection);
    const features = byGemeente.get(gemeente) ?? [];
    if (!features.length) throw new Error(`PDOK has no ${collection} for ${gemeente} in ${year} (${requests[0]})`);
    return {features: {type: "FeatureCollection", features}, requests};
  }
}
