/**
 * The CBS client's public API: `fetchTable`, `tableInfo`, `searchTables`, `writeOutput`, and the helpers for
 * region codes and period codes. Everything else in this folder is internal.
 */
export {fetchTable, type FetchOptions, type FetchResult} from "./fetch.js";
export {searchTables, tableInfo, type CatalogOptions, type TableInfo, type DimensionSummary} from "./catalog.js";
export {writeOutput, serialise, type OutputFormat, type OutputMeta} from "./output.js";
export {regionLevel, pad, unpad, municipalityOf, isKwbCode, REGION_LEVELS, type RegionLevel} from "./regions.js";
export {parsePeriod, isPeriodCode, type Period, type PeriodKind} from "./periods.js";
export {resolveMeasures, UnknownMeasureError} from "./measures.js";
export {HttpError, BodyError, NetworkError, type HttpOptions, type RetryEvent} from "./http.js";
export {OfflineMissError, type SessionOptions} from "./session.js";
export {DEFAULT_CACHE_DIR} from "./cache.js";
export {DEFAULT_V3_URL} from "./v3.js";
export {DEFAULT_V4_URL} from "./v4.js";
export type {MeasureInfo, Column, Row, Cell, TableRef} from "./types.js";
