/** `fetchTable`: one complete, normalised, wide table from CBS v3 or v4, with provenance. */
import {codePushdown, andAll, regionPushdown, type Pushdown} from "./filters.js";
import {HttpError, isRowLimitError} from "./http.js";
import {resolveMeasures} from "./measures.js";
import {dimensionMapper, outputColumns, typedCell, untypedCell} from "./normalise.js";
import {Pivot} from "./pivot.js";
import {REGION_LEVELS, type RegionLevel} from "./regions.js";
import {Session, isNotFound, type SessionOptions} from "./session.js";
import type {Column, MeasureInfo, Row, Selection, TableMeta, TableRef} from "./types.js";
import {API_ROW_LIMIT, v3Metadata, v3Origin, v3Pages, v3Probe, v3Url} from "./v3.js";
import {v4Base, v4Metadata, v4Pages, v4Probe, v4Url, type Observation} from "./v4.js";

/** What to fetch and how. Region, period and measure filters are pushed down to CBS where the protocol allows. */
export interface FetchOptions extends SessionOptions {
  table: string;
  /** Default v3. */
  api?: "v3" | "v4";
  levels?: RegionLevel[];
  /** Unpadded region codes (GM0599, WK059901, BU0363AA01). */
  regions?: string[];
  /** A municipality, or several: keeps each with its wijken and buurten. */
  within?: string | string[];
  /**
   * Keys or exact titles; or a pick that chooses keys from the table's measures once their metadata is known (a
   * national pull asks only for the measures a study uses, whatever each edition calls them).
   */
  measures?: string[] | MeasurePick;
  /** Period codes (2023JJ00). */
  periods?: string[];
  /** Origin serving /ODataApi, /ODataFeed and /ODataCatalog; default `CBS_ODATA_V3_URL`, then https://opendata.cbs.nl. */
  v3Url?: string;
  /** Prefix under which /CBS/{id} lives; default `CBS_ODATA_V4_URL`, then https://datasets.cbs.nl/odata/v1. */
  v4Url?: string;
  /** v3 only: TypedDataSet (default, numbers as JSON numbers) or UntypedDataSet (padded strings). */
  dataset?: "typed" | "untyped";
  /** Called after each page with rows received so far and the expected total when known. */
  onProgress?: (done: number, total?: number) => void;
}

/** Chooses measure keys from a table's measures (all of them, with titles and units). */
export type MeasurePick = (available: MeasureInfo[]) => string[];

/** A normalised wide table and where it came from. */
export interface FetchResult {
  table: TableRef;
  /** Which protocol answered; optional so results built by hand (tests, snapshots) stay valid. */
  api?: "v3" | "v4";
  columns: Column[];
  rows: Row[];
  measures: MeasureInfo[];
  /** Every measure of the table, also those a pick or a list left out (their titles are metadata, not data). */
  tableMeasures?: MeasureInfo[];
  /** Every URL used, in order (answered by CBS or by the cache). */
  requests: string[];
  /** The subset of `requests` that went over the network. */
  network?: string[];
  fetchedAt: string;
}

/** Fetches a table completely, following every page, and returns it normalised (unpadded codes, typed values). */
export async function fetchTable(options: FetchOptions): Promise<FetchResult> {
  validate(options);
  const session = new Session(options);
  const fetchedAt = new Date().toISOString();
  const api = options.api ?? "v3";
  try {
    const {meta, measures, rows} = api === "v4" ? await fetchV4(session, options) : await fetchV3(session, options);
    return {
      table: {id: meta.id, title: meta.title, modified: meta.modified},
      api,
      columns: outputColumns(meta.dimensions, measures),
      rows,
      measures,
      tableMeasures: meta.measures,
      requests: session.requests,
      network: session.network,
      fetchedAt
    };
  } catch (error) {
    throw explain(error, options.table);
  }
}

/** The measure names asked for: the list, or what the pick chose from the table's measures (nothing chosen is an error). */
function requestedMeasures(o: FetchOptions, available: MeasureInfo[]): string[] | undefined {
  if (typeof o.measures !== "function") return o.measures;
  const picked = o.measures(available);
  if (!picked.length) throw new Error(`CBS table ${o.table}: none of its ${available.length} measures is one the pull asks for`);
  return picked;
}

/** Rewrites low-level errors so they name the table (and keep the URL). */
export function explain(error: unknown, table: string): Error {
  // Only the version probe's 404 means the table does not exist; a later 404 is a missing entity set.
  if (isNotFound(error) && /\/(TableInfos|Properties)(\?|$)/.test((error as HttpError).url)) {
    return new Error(`CBS table "${table}" not found (HTTP 404): ${(error as HttpError).url}`);
  }
  if (error instanceof Error && !/^(CBS table|not a CBS table|unknown region level)/.test(error.message)) {
    const e = new Error(`CBS table ${table}: ${error.message}`);
    e.cause = error;
    return e;
  }
  return error as Error;
}

function validate(o: FetchOptions): void {
  if (!o.table || !/^[0-9A-Za-z_-]+$/.test(o.table)) throw new Error(`not a CBS table id: "${o.table}"`);
  for (const l of o.levels ?? []) if (!REGION_LEVELS.includes(l)) throw new Error(`unknown region level "${l}" (use ${REGION_LEVELS.join(", ")})`);
}

/** Per-dimension pushdowns, after checking that every filter has a dimension to act on and matches something. */
function plan(meta: TableMeta, sel: Selection, codesUrl: (dim: string) => string): Map<string, Pushdown> {
  const pushdowns = new Map<string, Pushdown>();
  const region = meta.dimensions.find((d) => d.role === "region");
  const time = meta.dimensions.find((d) => d.role === "time");
  const wantsRegions = !!(sel.regions?.length || sel.levels?.length || [sel.within ?? []].flat().length);
  if (wantsRegions && !region) throw new Error(`CBS table ${meta.id} has no region dimension, so --regions/--level/--within cannot apply`);
  if (sel.periods?.length && !time) throw new Error(`CBS table ${meta.id} has no period dimension, so --periods cannot apply`);
  if (region) pushdowns.set(region.key, regionPushdown(region, sel));
  if (time) pushdowns.set(time.key, codePushdown(time, sel.periods));
  for (const d of meta.dimensions) {
    const p = pushdowns.get(d.key);
    if (!p) continue;
    const requested = d.role === "region" ? sel.regions : d.role === "time" ? sel.periods : undefined;
    if (requested?.length) {
      const known = new Set(d.codes.map((c) => c.code));
      const missing = requested.filter((r) => !known.has(d.role === "region" ? r.trim().toUpperCase() : r.trim()));
      if (missing.length) throw new Error(`CBS table ${meta.id}: unknown ${d.role === "region" ? "region" : "period"} code(s) ${missing.join(", ")} (codes at ${codesUrl(d.key)})`);
    }
    if (!d.codes.some((c) => p.client(c.code))) {
      const what = d.role === "region" ? describeRegions(sel) : `periods ${sel.periods?.join(",")}`;
      throw new Error(`CBS table ${meta.id}: the filter matches nothing: no ${d.key} code matches ${what} (codes at ${codesUrl(d.key)})`);
    }
  }
  return pushdowns;
}

function describeRegions(sel: Selection): string {
  const parts = [];
  if (sel.regions?.length) parts.push(`regions ${sel.regions.join(",")}`);
  if (sel.levels?.length) parts.push(`levels ${sel.levels.join(",")}`);
  const within = [sel.within ?? []].flat();
  if (within.length) parts.push(`within ${within.length > 5 ? `${within.slice(0, 5).join(",")},… (${within.length} gemeenten)` : within.join(",")}`);
  return parts.join(" and ");
}

/** Rows the server will return under the pushed-down filters: the product of matching codes per dimension. */
function estimate(meta: TableMeta, pushdowns: Map<string, Pushdown>): number {
  let n = 1;
  for (const d of meta.dimensions) {
    const p = pushdowns.get(d.key);
    n *= p ? d.codes.filter((c) => p.server(c.code)).length : d.codes.length;
  }
  return n;
}

async function fetchV3(session: Session, o: FetchOptions): Promise<{meta: TableMeta; measures: MeasureInfo[]; rows: Row[]}> {
  const origin = v3Origin(o.v3Url);
  const {info} = await v3Probe(session, origin, o.table);
  const meta = await v3Metadata(session, origin, o.table, info);
  const requested = requestedMeasures(o, meta.measures);
  const measures = resolveMeasures(requested, meta.measures, {table: meta.id, url: meta.measuresUrl});
  const pushdowns = plan(meta, o, (d) => v3Url(origin, "ODataFeed", o.table, d));
  const total = estimate(meta, pushdowns);
  const entity = o.dataset === "untyped" ? "UntypedDataSet" : "TypedDataSet";
  const query = {
    $filter: andAll([...pushdowns.values()].map((p) => p.clause)),
    // Only narrow columns when the user chose measures; the full list can make URLs very long.
    $select: requested?.length ? [...meta.dimensions.map((d) => d.key), ...measures.map((m) => m.key)].join(",") : undefined
  };
  const mapDims = dimensionMapper(meta.dimensions, pushdowns);
  const cell = o.dataset === "untyped" ? (v: unknown, m: MeasureInfo) => untypedCell(v as string | null, m) : typedCell;
  const rows: Row[] = [];
  let received = 0;
  const read = async (service: "ODataApi" | "ODataFeed") => {
    for await (const page of v3Pages<Record<string, unknown>>(session, v3Url(origin, service, o.table, entity, query), meta.modified)) {
      for (const raw of page.rows) {
        const row = mapDims((k) => raw[k]);
        if (row === null) continue;
        for (const m of measures) row[m.key] = cell(raw[m.key], m);
        rows.push(row);
      }
      received += page.rows.length;
      o.onProgress?.(received, total);
    }
  };
  // The API caps results at 10,000 records; the Feed has no cap but is slower to start, so pick by estimate,
  // and still fall back to the Feed if the API refuses (the estimate ignores codes without data, never the reverse).
  if (total > API_ROW_LIMIT) await read("ODataFeed");
  else {
    try {
      await read("ODataApi");
    } catch (error) {
      if (!isRowLimitError(error) || received > 0) throw error;
      await read("ODataFeed");
    }
  }
  if (rows.length === 0) throw new Error(`CBS table ${meta.id}: the filter matches nothing (0 rows): ${session.requests.at(-1)}`);
  return {meta, measures, rows};
}

async function fetchV4(session: Session, o: FetchOptions): Promise<{meta: TableMeta; measures: MeasureInfo[]; rows: Row[]}> {
  const base = v4Base(o.v4Url);
  const t = encodeURIComponent(o.table);
  const {props, modified} = await v4Probe(session, base, o.table);
  const meta = await v4Metadata(session, base, o.table, props, modified);
  const requested = requestedMeasures(o, meta.measures);
  const measures = resolveMeasures(requested, meta.measures, {table: meta.id, url: meta.measuresUrl});
  const pushdowns = plan(meta, o, (d) => v4Url(base, `${t}/${d}Codes`));
  const measurePush = codePushdown({key: "Measure", width: 0}, requested?.length ? measures.map((m) => m.key) : undefined);
  const total = estimate(meta, pushdowns) * measures.length;
  const filter = andAll([measurePush.clause, ...[...pushdowns.values()].map((p) => p.clause)]);
  const mapDims = dimensionMapper(meta.dimensions, pushdowns);
  const pivot = new Pivot(
    meta.dimensions.map((d) => d.key),
    measures,
    (obs) => mapDims((k) => obs[k])
  );
  let received = 0;
  for await (const page of v4Pages<Observation>(session, v4Url(base, `${t}/Observations`, {$filter: filter}), modified)) {
    pivot.add(page.rows);
    received += page.rows.length;
    o.onProgress?.(received, total);
  }
  const rows = pivot.result();
  if (rows.length === 0) throw new Error(`CBS table ${meta.id}: the filter matches nothing (0 observations): ${session.requests.at(-1)}`);
  return {meta, measures, rows};
}
