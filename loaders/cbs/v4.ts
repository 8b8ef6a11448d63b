/**
 * OData v4 (datasets.cbs.nl): URLs, the version probe (Properties), metadata (Dimensions, MeasureCodes,
 * {Dim}Codes, {Dim}Groups) and `@odata.nextLink` paging over Observations.
 */
import {collectPages, pages, type Page} from "./paging.js";
import {roleOf} from "./v3.js";
import type {Session} from "./session.js";
import type {CodeInfo, DimensionInfo, MeasureInfo, TableMeta} from "./types.js";

/** The default v4 prefix under which `/CBS/{id}` lives; `CBS_ODATA_V4_URL` overrides it. */
export const DEFAULT_V4_URL = "https://datasets.cbs.nl/odata/v1";

/** The configured v4 prefix, without a trailing slash. */
export function v4Base(url?: string): string {
  return (url ?? process.env.CBS_ODATA_V4_URL ?? DEFAULT_V4_URL).replace(/\/+$/, "");
}

/** Builds a v4 URL under `{base}/CBS/`. v4 answers JSON by default, so no `$format`. */
export function v4Url(base: string, path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return `${base}/CBS/${path}${params.length ? `?${params.join("&")}` : ""}`;
}

/** The Properties singleton, the fields we use. */
export interface V4Properties {
  Identifier: string;
  Title: string;
  Modified?: string;
  ObservationsModified?: string;
  ObservationCount?: number;
  [key: string]: unknown;
}

/** Reads Properties: its `ObservationsModified` (else `Modified`) is the version the table's responses are cached under. */
export async function v4Probe(session: Session, base: string, table: string): Promise<{props: V4Properties; url: string; modified: string}> {
  const url = v4Url(base, `${encodeURIComponent(table)}/Properties`);
  const props = await session.get<V4Properties>(url);
  const modified = props.ObservationsModified ?? props.Modified;
  if (!props.Identifier || !modified) throw new Error(`CBS table ${table}: Properties lacks Identifier or Modified at ${url}`);
  return {props, url, modified};
}

/** Yields every page of a v4 entity set, following `@odata.nextLink` (absolute or relative) to the end. */
export function v4Pages<T>(session: Session, url: string, version: string | null): AsyncGenerator<Page<T>> {
  return pages<T>(session, url, version, "@odata.nextLink");
}

function collect<T>(session: Session, url: string, version: string | null): Promise<T[]> {
  return collectPages<T>(session, url, version, "@odata.nextLink");
}

interface V4Dimension {
  Identifier: string;
  Title: string;
  Kind: string;
}
interface V4Measure {
  Identifier: string;
  Title: string;
  Unit?: string | null;
  Decimals?: number | null;
  DataType?: string | null;
  Description?: string | null;
}
interface V4Code {
  Identifier: string;
  Title: string;
  DimensionGroupId?: string | null;
  Status?: string | null;
}
interface V4Group {
  Id: string;
  Title: string;
  ParentId?: string | null;
}

const NUMERIC = /^(double|float|long|integer|int\d*|short|decimal|byte|single|number)$/i;

/** Reads Dimensions, MeasureCodes and each dimension's Codes (and Groups when `withGroups`). */
export async function v4Metadata(session: Session, base: string, table: string, props: V4Properties, modified: string, withGroups = false): Promise<TableMeta> {
  const t = encodeURIComponent(table);
  const measuresUrl = v4Url(base, `${t}/MeasureCodes`);
  const [dims, measureRows] = await Promise.all([
    collect<V4Dimension>(session, v4Url(base, `${t}/Dimensions`), modified),
    collect<V4Measure>(session, measuresUrl, modified)
  ]);
  const measures: MeasureInfo[] = measureRows.map((m) => ({
    key: m.Identifier,
    title: m.Title,
    unit: m.Unit ?? null,
    decimals: m.Decimals ?? null,
    datatype: m.DataType == null || NUMERIC.test(m.DataType) ? "number" : "string",
    ...(m.Description?.trim() ? {description: m.Description.trim()} : {})
  }));
  const dimensions: DimensionInfo[] = await Promise.all(
    dims.map(async (d) => {
      const [codeRows, groupRows] = await Promise.all([
        collect<V4Code>(session, v4Url(base, `${t}/${d.Identifier}Codes`), modified),
        withGroups ? collect<V4Group>(session, v4Url(base, `${t}/${d.Identifier}Groups`), modified).catch(() => []) : Promise.resolve([])
      ]);
      const codes: CodeInfo[] = codeRows.map((c) => ({
        code: c.Identifier,
        key: c.Identifier,
        title: (c.Title ?? "").trim(),
        status: c.Status ?? null,
        group: c.DimensionGroupId ?? null
      }));
      return {
        key: d.Identifier,
        title: d.Title,
        kind: d.Kind,
        role: roleOf(d.Kind, d.Identifier, codes),
        width: 0,
        codes,
        groups: groupRows.map((g) => ({id: String(g.Id), title: g.Title, parent: g.ParentId == null ? null : String(g.ParentId)}))
      };
    })
  );
  return {id: props.Identifier, title: props.Title, modified, api: "v4", dimensions, measures, measuresUrl};
}

/** One v4 observation. Dimension columns are additional keys. */
export interface Observation {
  Id?: number;
  Measure: string;
  Value: number | null;
  StringValue?: string | null;
  ValueAttribute?: string | null;
  [dimension: string]: unknown;
}
