/**
 * OData paging shared by v3 and v4: follow the next link (`odata.nextLink` in v3, `@odata.nextLink` in v4)
 * until it is absent, refusing loops, and rebase links that point at CBS's own origin onto a mirror.
 */
import type {Session} from "./session.js";

/** One page of an OData collection. */
export interface Page<T> {
  rows: T[];
  url: string;
  /** `@odata.count`, when the server sent it (v4 with `$count=true`). */
  count?: number;
}

type Link = "odata.nextLink" | "@odata.nextLink";
type RawPage<T> = {value: T[]; "@odata.count"?: number} & Partial<Record<Link, string>>;

/** Yields every page of an entity set, following `link` to the end. */
export async function* pages<T>(session: Session, url: string, version: string | null, link: Link): AsyncGenerator<Page<T>> {
  let next: string | undefined = url;
  const seen = new Set<string>();
  while (next) {
    if (seen.has(next)) throw new Error(`paging loop: ${next} was already fetched`);
    seen.add(next);
    const page: RawPage<T> = await session.get<RawPage<T>>(next, version);
    if (!Array.isArray(page.value)) throw new Error(`not an OData collection: ${next}`);
    yield {rows: page.value, url: next, count: page["@odata.count"]};
    const target: string | undefined = page[link];
    next = target ? rebase(target, next) : undefined;
  }
}

/** Reads all pages of an entity set into one array. */
export async function collectPages<T>(session: Session, url: string, version: string | null, link: Link): Promise<T[]> {
  const out: T[] = [];
  for await (const {rows} of pages<T>(session, url, version, link)) for (const r of rows) out.push(r);
  return out;
}

/** Moves an absolute link onto the origin and path prefix of `base`; relative links resolve against `base`. */
export function rebase(link: string, base: string): string {
  const target = new URL(link, base);
  const origin = new URL(base);
  if (target.origin === origin.origin) return target.href;
  // A mirror serves CBS's absolute links (https://opendata.cbs.nl/..., https://datasets.cbs.nl/odata/v1/CBS/...)
  // under its own origin and maybe a path prefix: keep the mirror's prefix, take the rest from the link.
  const marker = /\/(ODataApi|ODataFeed|ODataCatalog|CBS)\//i;
  const at = target.pathname.search(marker);
  const baseAt = origin.pathname.search(marker);
  if (at < 0 || baseAt < 0) return target.href;
  return `${origin.origin}${origin.pathname.slice(0, baseAt)}${target.pathname.slice(at)}${target.search}`;
}
