/**
 * PDOK OGC API Features: the wijken and buurten of one gemeente and year,
 * `{PDOK_URL}/cbs/wijken-en-buurten-{year}/ogc/v1/collections/{wijken|buurten}/items?gemeentecode=GMxxxx&f=json&limit=1000`,
 * following `links[rel=next]` to the end. Requests go through the CBS client's session: timeouts, retries, the disk
 * cache and `--offline`. A year's boundaries never change, so pages are cached under the year as their version.
 */
import type {Feature, FeatureCollection} from "geojson";
import {Session, type SessionOptions} from "../cbs/session.js";

/** The default PDOK origin; `PDOK_URL` overrides it (mirrors, tests). */
export const DEFAULT_PDOK_URL = "https://api.pdok.nl";

/** The configured PDOK origin, without a trailing slash. */
export function pdokBase(url?: string): string {
  return (url ?? process.env.PDOK_URL ?? DEFAULT_PDOK_URL).replace(/\/+$/, "");
}

/** The two collections the study uses, with the properties that hold code and name. */
export const PDOK_LAYERS = {
  wijken: {code: "wijkcode", label: "wijknaam"},
  buurten: {code: "buurtcode", label: "buurtnaam"}
} as const;

export type PdokCollection = keyof typeof PDOK_LAYERS;

/** The first items URL of a collection for a gemeente. */
export function pdokItemsUrl(base: string, year: number, collection: PdokCollection, gemeente: string, limit = 1000): string {
  return `${base}/cbs/wijken-en-buurten-${year}/ogc/v1/collections/${collection}/items?gemeentecode=${encodeURIComponent(gemeente)}&f=json&limit=${limit}`;
}

export interface OgcPage extends FeatureCollection {
  links?: {rel?: string; href?: string}[];
  numberReturned?: number;
}

/** Options for a PDOK fetch. */
export interface PdokOptions extends SessionOptions {
  pdokUrl?: string;
  /** Items per page (PDOK allows up to 1000). */
  limit?: number;
}

/** Moves a next link onto the configured origin when a mirror serves PDOK's absolute links. */
export function onBase(link: string, current: string, base: string): string {
  const target = new URL(link, current);
  const origin = new URL(base);
  if (target.origin === origin.origin) return target.href;
  const at = target.pathname.indexOf("/cbs/");
  return at < 0 ? target.href : `${origin.origin}${origin.pathname.replace(/\/+$/, "")}${target.pathname.slice(at)}${target.search}`;
}

/** `GM0518`, `0518` or 518 → `GM0518`; null for anything else. */
function gemeenteCode(value: unknown): string | null {
  const m = /^(?:GM)?(\d{1,4})$/i.exec(String(value ?? "").trim());
  return m ? `GM${m[1].padStart(4, "0")}` : null;
}

/**
 * The gemeente a feature belongs to: its `gemeentecode`, else the gemeente part of its wijk or buurt code
 * (`WK051801`, `BU05180101`). Throws when a feature carries neither, since it cannot be checked.
 */
export function gemeenteOfFeature(f: Feature, collection: PdokCollection, url: string): string {
  const props = f.properties ?? {};
  const fromProperty = gemeenteCode(props.gemeentecode);
  if (fromProperty) return fromProperty;
  const code = String(props[PDOK_LAYERS[collection].code] ?? "");
  if (/^(WK|BU)\d{4}/.test(code)) return `GM${code.slice(2, 6)}`;
  throw new Error(`PDOK: a feature of ${collection} (id ${String(f.id ?? "?")}) has no gemeentecode and no ${PDOK_LAYERS[collection].code} to check it by: ${url}`);
}

/**
 * Follows an items URL's `next` links to the end, handing each page's features to `onPage`; returns every URL used.
 * A link seen twice is a paging loop, and an answer that is no FeatureCollection an error naming the URL.
 */
export async function walkPdokPages(base: string, first: string, year: number, session: Session, onPage: (features: Feature[], url: string) => void): Promise<string[]> {
  const seen = new Set<string>();
  const requests: string[] = [];
  let next: string | undefined = first;
  while (next) {
    if (seen.has(next)) throw new Error(`PDOK paging loop: ${next} was already fetched`);
    seen.add(next);
    requests.push(next);
    const page: OgcPage = await session.get<OgcPage>(next, `pdok-${year}`);
    if (page?.type !== "FeatureCollection" || !Array.isArray(page.features)) throw new Error(`PDOK: not a GeoJSON FeatureCollection: ${next}`);
    onPage(page.features, next);
    const link = page.links?.find((l) => l.rel === "next" && l.href)?.href;
    next = link && page.features.length > 0 ? onBase(link, next, base) : undefined;
  }
  return requests;
}

/**
 * Fetches every feature of a collection for a gemeente, all pages. Returns the features, every URL used, and how
 * many features of other gemeenten were dropped: the client checks the gemeente of every feature itself, because a
 * server (or mirror) that ignores the `gemeentecode` filter answers with the whole country.
 * Zero features is an error: PDOK answers an unknown gemeente or year with an empty collection.
 */
export async function fetchPdokCollection(
  year: number,
  collection: PdokCollection,
  gemeente: string,
  options: PdokOptions = {},
  session = new Session(options)
): Promise<{features: FeatureCollection; requests: string[]; foreign: number}> {
  const base = pdokBase(options.pdokUrl);
  const features: Feature[] = [];
  const wanted = gemeenteCode(gemeente) ?? gemeente;
  let foreign = 0;
  const requests = await walkPdokPages(base, pdokItemsUrl(base, year, collection, gemeente, options.limit), year, session, (page, url) => {
    for (const f of page) {
      if (gemeenteOfFeature(f, collection, url) === wanted) features.push(f);
      else foreign++;
    }
  });
  if (!features.length) throw new Error(`PDOK has no ${collection} for ${gemeente} in ${year} (${requests[0]})${foreign ? `; it answered ${foreign} feature(s) of other gemeenten` : ""}`);
  return {features: {type: "FeatureCollection", features}, requests, foreign};
}
