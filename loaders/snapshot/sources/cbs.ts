/** CBS StatLine tables as snapshots, fetched through the CBS client. */
import type {CbsDataset} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";
import type {ColumnSpec} from "../table.js";
import type {CbsClient, FetchResult} from "./cbs-contract.js";

/** CBS open data licence line, recorded in the lock and shown on pages. */
export const CBS_LICENSE = "CC BY 4.0";

/** Options passed through to the client (hosts come from CBS_ODATA_V3_URL / CBS_ODATA_V4_URL by default). */
export interface CbsPullOptions {
  cacheDir?: string;
  offline?: boolean;
}

/** Fetches a CBS dataset and shapes it as a table snapshot keyed by region (and period). */
export async function pullCbs(client: CbsClient, dataset: CbsDataset, options: CbsPullOptions = {}): Promise<Snapshot> {
  const result = await client.fetchTable({
    table: dataset.table,
    api: dataset.api,
    levels: dataset.levels,
    regions: dataset.regions,
    within: dataset.within,
    measures: dataset.measures,
    periods: dataset.periods,
    cacheDir: options.cacheDir,
    offline: options.offline
  });
  const snapshot = cbsResultToSnapshot(dataset.name, result, dataset.title);
  snapshot.source.api = dataset.api;
  return snapshot;
}

/** Turns a client result into a snapshot: columns keep the client's order, measures carry title/unit/decimals. */
export function cbsResultToSnapshot(name: string, result: FetchResult, title?: string): Snapshot {
  const measures = new Map(result.measures.map((m) => [m.key, m]));
  const columns: ColumnSpec[] = result.columns.map((c) => {
    const m = measures.get(c.name);
    const spec: ColumnSpec = {name: c.name, type: c.type};
    if (m) {
      spec.title = m.title;
      if (m.unit) spec.unit = m.unit.trim();
      if (m.decimals != null) spec.decimals = m.decimals;
    }
    return spec;
  });
  const key = ["region_code", "period"].filter((k) => columns.some((c) => c.name === k));
  return {
    name,
    title: title ?? result.table.title,
    kind: "table",
    table: {key, columns, rows: result.rows},
    source: {
      type: "cbs",
      table: result.table.id,
      title: result.table.title,
      modified: result.table.modified,
      requests: result.requests,
      publisher: "CBS",
      license: CBS_LICENSE
    },
    fetchedAt: result.fetchedAt
  };
}
