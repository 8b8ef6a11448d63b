/** Catalogue search (v3 ODataCatalog/Tables, v4 Datasets) and `tableInfo` (a table's metadata without its data). */
import {explain} from "./fetch.js";
import {Session, type SessionOptions} from "./session.js";
import type {MeasureInfo, TableRef} from "./types.js";
import {v3Metadata, v3Origin, v3Pages, v3Probe, v3Url} from "./v3.js";
import {v4Base, v4Metadata, v4Pages, v4Probe, v4Url} from "./v4.js";

/** Options for catalogue and metadata calls. */
export interface CatalogOptions extends SessionOptions {
  api?: "v3" | "v4";
  v3Url?: string;
  v4Url?: string;
}

/** A dimension as `tableInfo` reports it. */
export interface DimensionSummary {
  key: string;
  title: string;
  kind: string;
  role: "region" | "time" | "other";
  codes: number;
}

/** What `buurtboek cbs info` prints. */
export interface TableInfo extends TableRef {
  api: "v3" | "v4";
  dimensions: DimensionSummary[];
  measures: MeasureInfo[];
  requests: string[];
}

/** Reads a table's title, version, dimensions (with code counts) and measures. */
export async function tableInfo(table: string, options: CatalogOptions = {}): Promise<TableInfo> {
  const session = new Session(options);
  try {
    const meta =
      options.api === "v4"
        ? await (async () => {
            const base = v4Base(options.v4Url);
            const {props, modified} = await v4Probe(session, base, table);
            return v4Metadata(session, base, table, props, modified, true);
          })()
        : await (async () => {
            const origin = v3Origin(options.v3Url);
            const {info} = await v3Probe(session, origin, table);
            return v3Metadata(session, origin, table, info);
          })();
    return {
      id: meta.id,
      title: meta.title,
      modified: meta.modified,
      api: meta.api,
      dimensions: meta.dimensions.map((d) => ({key: d.key, title: d.title, kind: d.kind, role: d.role, codes: d.codes.length})),
      measures: meta.measures,
      requests: session.requests
    };
  } catch (error) {
    throw explain(error, table);
  }
}

/**
 * Finds tables whose id, title or short title contains every word (case-insensitive). The whole catalogue is
 * read once (a few thousand rows) and filtered here, because OData's substring functions are case-sensitive.
 * The catalogue is cached like a version probe, so `maxAge` decides how often it is re-read (default 1 day).
 */
export async function searchTables(words: string, options: CatalogOptions = {}): Promise<TableRef[]> {
  const session = new Session({maxAge: 86_400, ...options});
  const needles = words.toLowerCase().split(/\s+/).filter(Boolean);
  const all: (TableRef & {text: string})[] = [];
  if (options.api === "v4") {
    const url = v4Url(v4Base(options.v4Url), "Datasets", {$select: "Identifier,Title,Modified,ObservationsModified"});
    for await (const {rows} of v4Pages<{Identifier: string; Title: string; Modified?: string; ObservationsModified?: string}>(session, url, null)) {
      for (const r of rows) all.push({id: r.Identifier, title: r.Title, modified: r.ObservationsModified ?? r.Modified ?? "", text: `${r.Identifier} ${r.Title}`});
    }
  } else {
    const url = v3Url(v3Origin(options.v3Url), "ODataCatalog", null, "Tables", {$select: "Identifier,Title,ShortTitle,Modified"});
    for await (const {rows} of v3Pages<{Identifier: string; Title: string; ShortTitle?: string; Modified: string}>(session, url, null)) {
      for (const r of rows) all.push({id: r.Identifier, title: r.Title, modified: r.Modified, text: `${r.Identifier} ${r.Title} ${r.ShortTitle ?? ""}`});
    }
  }
  return all.filter((t) => needles.every((w) => t.text.toLowerCase().includes(w))).map(({id, title, modified}) => ({id, title, modified}));
}
