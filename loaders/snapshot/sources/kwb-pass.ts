/**
 * Where a `kwb` dataset's editions come from. Alone, a gemeente asks CBS for its own rows (`within`) and the
 * Nederland row, edition by edition. In a workspace with several gemeenten the pull makes one pass per edition for
 * all of them (`KwbPass`): one request set (paged) for every chosen gemeente's regions and one for Nederland, then
 * each dataset takes its gemeente's rows. The number of requests no longer grows with the number of gemeenten,
 * and each gemeente's rows are exactly those its own request would have returned.
 */
import {municipalityOf} from "../../cbs/regions.js";
import type {CbsClient, FetchOptions, FetchResult} from "./cbs-contract.js";

/** The levels a kwb dataset pulls for its gemeente. */
export const KWB_LEVELS = ["gemeente", "wijk", "buurt"];

/** Network options shared by every request of a dataset, and the measures it asks for (all when absent). */
export type Common = Pick<FetchOptions, "api" | "cacheDir" | "offline" | "http" | "measures">;

/** Datasets share a pass's request only when they ask for the same measures. */
const scopeOf = (table: string, common: Common) => `${table}\0${typeof common.measures === "function" ? common.measures.name || "pick" : (common.measures ?? []).join(",")}`;

/** One edition's rows for a gemeente and the Nederland row. */
export interface EditionSource {
  local(table: string, gemeente: string, common: Common): Promise<FetchResult>;
  nederland(table: string, common: Common): Promise<FetchResult>;
}

/** A dataset on its own: its own requests. */
export function directSource(client: CbsClient): EditionSource {
  return {
    local: (table, gemeente, common) => client.fetchTable({...common, table, within: gemeente, levels: KWB_LEVELS}),
    nederland: (table, common) => client.fetchTable({...common, table, regions: ["NL00"]})
  };
}

/** Progress of a pass: rows received for an edition's table, and the expected total when the client knows it. */
export type PassProgress = (event: {table: string; done: number; total?: number}) => void;


/**
 * One pass per edition for a group of gemeenten: the first dataset to ask for an edition starts its request set,
 * the others wait for it and take their rows. Requests and fetch time are shared in each dataset's lock entry.
 */
export class KwbPass implements EditionSource {
  private readonly tables = new Map<string, Promise<{result: FetchResult; byGemeente: Map<string, FetchResult["rows"]>}>>();
  private readonly nl = new Map<string, Promise<FetchResult>>();

  constructor(
    private readonly client: CbsClient,
    /** The gemeenten of the group, sorted. */
    readonly gemeenten: string[],
    private readonly progress?: PassProgress
  ) {}

  private all(table: string, common: Common) {
    const key = scopeOf(table, common);
    let p = this.tables.get(key);
    if (!p) {
      p = this.client
        .fetchTable({...common, table, within: this.gemeenten, levels: KWB_LEVELS, onProgress: (done, total) => this.progress?.({table, done, total})})
        .then((result) => {
          const byGemeente = new Map<string, FetchResult["rows"]>();
          for (const row of result.rows) {
            const g = municipalityOf(String(row.region_code));
            if (g) (byGemeente.get(g) ?? byGemeente.set(g, []).get(g)!).push(row);
          }
          return {result, byGemeente};
        });
      this.tables.set(key, p);
    }
    return p;
  }

  async local(table: string, gemeente: string, common: Common): Promise<FetchResult> {
    const {result, byGemeente} = await this.all(table, common);
    const rows = byGemeente.get(gemeente);
    // The same words as the client's, so a gemeente missing from an edition reads alike in both paths.
    if (!rows?.length) throw new Error(`CBS table ${result.table.id}: the filter matches nothing: no region code matches within ${gemeente}`);
    return {...result, rows};
  }

  nederland(table: string, common: Common): Promise<FetchResult> {
    const key = scopeOf(table, common);
    let p = this.nl.get(key);
    if (!p) this.nl.set(key, (p = this.client.fetchTable({...common, table, regions: ["NL00"]})));
    return p;
  }
}
