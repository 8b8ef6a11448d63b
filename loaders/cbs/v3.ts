/**
 * OData v3 (opendata.cbs.nl): URLs, the version probe (TableInfos), metadata (DataProperties, code lists,
 * CategoryGroups) and `odata.nextLink` paging over TypedDataSet / UntypedDataSet.
 */
import {regionLevel, unpad} from "./regions.js";
import {collectPages, pages, type Page} from "./paging.js";
import type {Session} from "./session.js";
import type {CodeInfo, DimensionInfo, DimensionRole, MeasureInfo, TableMeta} from "./types.js";

/** The default v3 origin; `CBS_ODATA_V3_URL` overrides it (mirrors, tests). */
export const DEFAULT_V3_URL = "https://opendata.cbs.nl";

/** ODataApi refuses queries over this many records; bigger results go through the Feed. */
export const API_ROW_LIMIT = 10_000;

/** The three v3 services. */
export type V3Service = "ODataApi" | "ODataFeed" | "ODataCatalog";

/** The configured v3 origin, without a trailing slash. */
export function v3Origin(url?: string): string {
  return (url ?? process.env.CBS_ODATA_V3_URL ?? DEFAULT_V3_URL).replace(/\/+$/, "");
}

/**
 * Builds a v3 URL. `$format=json` always comes first because without it CBS answers in Atom/XML.
 * Values are percent-encoded (spaces as %20) but `$` names stay literal, as CBS's own links have them.
 */
export function v3Url(origin: string, service: V3Service, table: string | null, entity: string, query: Record<string, string | number | undefined> = {}): string {
  const path = service === "ODataCatalog" ? `${origin}/ODataCatalog/${entity}` : `${origin}/${service}/odata/${encodeURIComponent(table!)}/${entity}`;
  const params = [["$format", "json"], ...Object.entries(query).filter(([, v]) => v !== undefined && v !== "")].map(
    ([k, v]) => `${k}=${encodeURIComponent(String(v))}`
  );
  return `${path}?${params.join("&")}`;
}

/** TableInfos' one row, the fields we use. */
export interface V3TableInfo {
  ID?: number;
  Identifier: string;
  Title: string;
  ShortTitle?: string;
  Modified: string;
  ReasonDelivery?: string;
  [key: string]: unknown;
}

/** Reads TableInfos, which carries `Modified`: the version every other response of this table is cached under. */
export async function v3Probe(session: Session, origin: string, table: string): Promise<{info: V3TableInfo; url: string}> {
  const url = v3Url(origin, "ODataFeed", table, "TableInfos");
  const doc = await session.get<{value: V3TableInfo[]}>(url);
  const info = doc.value?.[0];
  if (!info) throw new Error(`CBS table ${table}: TableInfos is empty at ${url}`);
  return {info, url};
}

interface DataProperty {
  ID: number;
  Key: string;
  Title: string;
  Type: string;
  Position?: number | null;
  ParentID?: number | null;
  Unit?: string | null;
  Decimals?: number | null;
  Datatype?: string | null;
  Description?: string | null;
}

interface V3Code {
  Key: string;
  Title: string;
  Description?: string | null;
  CategoryGroupID?: number | null;
  Status?: string | null;
}

const NUMERIC = /^(double|float|long|integer|int\d*|short|decimal|byte|single)$/i;

// Older tables do not mark regional dimensions as GeoDimension, so well-known keys count as regional too.
const REGION_KEYS = /^(RegioS|WijkenEnBuurten|Gemeenten|Regio.*|GemeentenEnWijken|Provincies)$/i;

/** Reads DataProperties and every dimension's code list (following paging: KWB has ~17,000 region codes). */
export async function v3Metadata(session: Session, origin: string, table: string, info: V3TableInfo): Promise<TableMeta> {
  const version = info.Modified;
  const propsUrl = v3Url(origin, "ODataFeed", table, "DataProperties");
  const props = (await collect(session, propsUrl, version)) as unknown as DataProperty[];
  props.sort((a, b) => a.ID - b.ID);
  const dimProps = props.filter((p) => /Dimension$/.test(p.Type));
  const measures: MeasureInfo[] = props
    .filter((p) => p.Type === "Topic")
    .map((p) => ({
      key: p.Key,
      title: p.Title,
      unit: p.Unit ?? null,
      decimals: p.Decimals ?? null,
      datatype: NUMERIC.test(p.Datatype ?? "") ? "number" : "string",
      ...(p.Description?.trim() ? {description: p.Description.trim()} : {})
    }));
  const [groups, ...codeLists] = await Promise.all([
    collect(session, v3Url(origin, "ODataFeed", table, "CategoryGroups"), version).catch(() => []),
    ...dimProps.map((d) => collect(session, v3Url(origin, "ODataFeed", table, d.Key), version) as unknown as Promise<V3Code[]>)
  ]);
  const dimensions: DimensionInfo[] = dimProps.map((d, i) => {
    const raw = codeLists[i] as V3Code[];
    const codes: CodeInfo[] = raw.map((c) => ({
      code: unpad(c.Key),
      key: c.Key,
      title: (c.Title ?? "").trim(),
      status: c.Status ?? null,
      group: c.CategoryGroupID == null ? null : String(c.CategoryGroupID)
    }));
    return {
      key: d.Key,
      title: d.Title,
      kind: d.Type,
      role: roleOf(d.Type, d.Key, codes),
      width: Math.max(0, ...raw.map((c) => c.Key.length)),
      codes,
      groups: (groups as {ID: number; DimensionKey?: string; Title: string; ParentID?: number | null}[])
        .filter((g) => g.DimensionKey === undefined || g.DimensionKey === d.Key)
        .map((g) => ({id: String(g.ID), title: g.Title, parent: g.ParentID == null ? null : String(g.ParentID)}))
    };
  });
  return {id: info.Identifier ?? table, title: info.Title, modified: info.Modified, api: "v3", dimensions, measures, measuresUrl: propsUrl};
}

/** Decides whether a dimension holds regions, periods or something else. */
export function roleOf(kind: string, key: string, codes: CodeInfo[]): DimensionRole {
  if (/TimeDimension/.test(kind)) return "time";
  if (/GeoDimension/.test(kind) || REGION_KEYS.test(key)) return "region";
  // Last resort: a dimension whose codes are all recognisable region codes.
  if (codes.length > 0 && codes.every((c) => regionLevel(c.code) !== "overig")) return "region";
  return "other";
}

/**
 * Yields every page of a v3 entity set, following `odata.nextLink` to the end. A link that points at another
 * origin (a mirror serving CBS's absolute links) is rebased onto the configured one.
 */
export function v3Pages<T>(session: Session, url: string, version: string | null): AsyncGenerator<Page<T>> {
  return pages<T>(session, url, version, "odata.nextLink");
}

/** Reads all pages of a v3 entity set into one array. */
export function collect(session: Session, url: string, version: string | null): Promise<Record<string, unknown>[]> {
  return collectPages<Record<string, unknown>>(session, url, version, "odata.nextLink");
}
