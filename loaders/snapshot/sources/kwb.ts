/**
 * The `kwb` dataset kind: every edition of "Kerncijfers wijken en buurten" for one gemeente, at levels gemeente,
 * wijk and buurt plus the Nederland row, as one tidy snapshot of stable indicators with a status for empty cells.
 * Beside it, `<name>.editions.json` records per edition the table, version and which key and title each indicator
 * came from, and the definition breaks between editions.
 */
import {changeColumn, findBreaks, parseChange, type DefinitionBreak, type EditionFacts} from "../../kwb/breaks.js";
import {editionOfTitle, editionTitle, tableOfEdition} from "../../kwb/editions.js";
import {contextOfTitle} from "../../kwb/context.js";
import {incomeYearOf, type IncomeYear} from "../../kwb/income-year.js";
import {indicatorDef, mapMeasures, type IndicatorSource, type UnrecognisedMeasure} from "../../kwb/indicators.js";
import {derivedSources, isFirstRelease, tidyEdition, type TidyRow, type WideRow} from "../../kwb/tidy.js";
import type {KwbDataset} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";
import type {ColumnSpec} from "../table.js";
import {CBS_LICENSE, type CbsPullOptions} from "./cbs.js";
import type {CbsClient, FetchResult, MeasureMeta} from "./cbs-contract.js";
import type {HttpOptions} from "../../cbs/http.js";
import {directSource, type EditionSource} from "./kwb-pass.js";

/** What `<name>.editions.json` holds for one edition. */
export interface EditionRecord {
  edition: number;
  table: string;
  title: string;
  modified: string | null;
  api: "v3" | "v4";
  /** True when income columns are wholly empty: the first publication, filled in a later revision. */
  first_release: boolean;
  /** Whether the Nederland row was available. */
  nederland: boolean;
  indicators: IndicatorSource[];
  /** The year the edition's income figures describe, and whether CBS's metadata states it or it is assumed. */
  income_year: IncomeYear;
  /** CBS's re-coding column (`IndelingswijzigingWijkenEnBuurten`/`…GemeenteWijkBuurt`), or null when the edition has none. */
  change_column: string | null;
  /** Measures that look like an indicator but were not accepted ("niet herkend" in the pull output). */
  unrecognised: UnrecognisedMeasure[];
}

/** The whole `<name>.editions.json`. */
export interface KwbRecord {
  gemeente: {code: string; name: string};
  editions: EditionRecord[];
  breaks: DefinitionBreak[];
}

/** The columns of the tidy snapshot. */
export const KWB_COLUMNS: ColumnSpec[] = [
  {name: "region_code", type: "string"},
  {name: "region_name", type: "string"},
  {name: "region_level", type: "string"},
  {name: "edition", type: "number", title: "Editie", decimals: 0},
  {name: "indicator", type: "string", title: "Indicator"},
  {name: "value", type: "number", title: "Waarde"},
  {name: "status", type: "string", title: "Status"}
];

/** Extra options: a log for notes such as a missing Nederland row, and the shared pass of a national pull. */
export interface KwbPullOptions extends CbsPullOptions {
  log?: (line: string) => void;
  http?: HttpOptions;
  /** Where the editions come from: the dataset's own requests (default) or a pass shared by several gemeenten. */
  source?: EditionSource;
}

/** The measures a dataset keeps: all, or (`measures: "study"`) the stable indicators and the context measures. */
export function keptSources(sources: IndicatorSource[], measures: KwbDataset["measures"]): IndicatorSource[] {
  return measures === "study" ? sources.filter((s) => indicatorDef(s.indicator) || contextOfTitle(s.title)) : sources;
}

/**
 * The measure keys a study-scoped dataset asks CBS for: the stable indicators and the context measures, found by
 * title in each edition, and CBS's re-coding column. A national pull then fetches a fraction of KWB's 100+ measures.
 */
export function studyMeasures(available: MeasureMeta[]): string[] {
  const change = changeColumn(available);
  const keys = keptSources(mapMeasures(available, "study measures"), "study").flatMap((s) => (s.key ? [s.key] : []));
  return change ? [...keys, change] : keys;
}

/** Pulls every edition of a `kwb` dataset and shapes the tidy snapshot. */
export async function pullKwb(client: CbsClient, dataset: KwbDataset, options: KwbPullOptions = {}): Promise<Snapshot> {
  const source = options.source ?? directSource(client);
  const rows: TidyRow[] = [];
  const records: EditionRecord[] = [];
  const facts: EditionFacts[] = [];
  const results: FetchResult[] = [];
  let gemeenteName: string | null = null;
  const editions = [...new Set(dataset.editions)].sort((a, b) => a - b);
  for (const edition of editions) {
    const table = tableOfEdition(edition, Object.entries(dataset.tables ?? {}).map(([y, t]) => ({edition: Number(y), table: t})));
    const where = `KWB ${edition} (${table})`;
    const common = {api: dataset.api, cacheDir: options.cacheDir, offline: options.offline, http: options.http, measures: dataset.measures === "study" ? studyMeasures : undefined};
    const local = await source.local(table, dataset.gemeente, common).catch((error: Error) => {
      if (/filter matches nothing|unknown region/.test(error.message)) throw new Error(`${where}: gemeente ${dataset.gemeente} is not in this edition (${error.message})`);
      throw error;
    });
    const year = editionOfTitle(local.table.title);
    if (year !== edition) throw new Error(`${where}: CBS titles this table "${local.table.title}", not "${editionTitle(edition)}"; check the edition's table id`);
    results.push(local);
    let wide: WideRow[] = local.rows;
    let nederland = false;
    try {
      const nl = await source.nederland(table, common);
      wide = [...wide, ...nl.rows];
      results.push(nl);
      nederland = true;
    } catch (error) {
      options.log?.(`${dataset.name}: ${where}: no Nederland row (${(error as Error).message.split("\n")[0]})`);
    }
    const unrecognised: UnrecognisedMeasure[] = [];
    // Named from the table's whole measure list: a study-scoped request leaves the unrecognised ones out.
    const catalogue = local.tableMeasures ?? local.measures;
    const sources = keptSources(mapMeasures(catalogue, where, (m) => unrecognised.push(m)), dataset.measures);
    for (const m of unrecognised) options.log?.(`${dataset.name}: ${where}: niet herkend: ${m.reason} [${m.key}]`);
    rows.push(...tidyEdition(edition, wide, sources));
    gemeenteName = String(local.rows.find((r) => r.region_code === dataset.gemeente)?.region_name ?? gemeenteName ?? dataset.gemeente);
    const firstRelease = isFirstRelease(wide, sources);
    const changeKey = changeColumn(local.measures);
    const incomeYear = incomeYearOf(edition, catalogue, sources);
    records.push({
      edition, table: local.table.id, title: local.table.title, modified: local.table.modified, api: dataset.api, first_release: firstRelease, nederland,
      indicators: [...sources, ...derivedSources(sources)], income_year: incomeYear, change_column: changeKey, unrecognised
    });
    facts.push({
      edition, indicators: sources,
      codes: local.rows.map((r) => ({code: String(r.region_code), level: String(r.region_level), name: String(r.region_name ?? ""), change: changeKey ? parseChange(r[changeKey]) : null}))
    });
    options.log?.(`${dataset.name}: ${where}: ${local.rows.length} regions, ${sources.length} measures${firstRelease ? ", first release (income columns empty)" : ""}, income year ${incomeYear.year} (${incomeYear.basis === "metadata" ? `CBS metadata: ${incomeYear.evidence}` : `assumed: edition − ${incomeYear.lag}`})`);
  }
  const record: KwbRecord = {gemeente: {code: dataset.gemeente, name: gemeenteName ?? dataset.gemeente}, editions: records, breaks: findBreaks(facts)};
  const newest = records.reduce((a, b) => ((b.modified ?? "") > (a.modified ?? "") ? b : a));
  const span = editions.length > 1 ? `${editions[0]}–${editions.at(-1)}` : `${editions[0]}`;
  return {
    name: dataset.name,
    title: dataset.title ?? `Kerncijfers wijken en buurten ${span}, ${record.gemeente.name}`,
    kind: "table",
    table: {key: ["region_code", "edition", "indicator"], columns: KWB_COLUMNS, rows: rows as unknown as Record<string, string | number | null>[]},
    attachments: {editions: record},
    source: {
      type: "cbs",
      table: records.map((r) => r.table).join(", "),
      title: `Kerncijfers wijken en buurten ${span}`,
      api: dataset.api,
      modified: newest.modified,
      requests: results.flatMap((r) => r.requests),
      publisher: "CBS",
      license: CBS_LICENSE
    },
    fetchedAt: results.map((r) => r.fetchedAt).sort().at(-1) ?? new Date().toISOString()
  };
}
