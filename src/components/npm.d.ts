// Types for the `npm:` imports of browser components. Framework resolves them to the vendored bundles
// (scripts/vendor.ts); TypeScript reads the same packages' own types from node_modules.
declare module "npm:vega" {
  export * from "vega";
}
declare module "npm:d3-dsv" {
  export * from "d3-dsv";
}
declare module "npm:@uwdata/flechette" {
  export * from "@uwdata/flechette";
}
declare module "npm:@observablehq/duckdb" {
  /** Framework's DuckDB-wasm client (stdlib/duckdb.js), with the offline settings of observablehq.config.ts. */
  export class DuckDBClient {
    static of(sources?: Record<string, unknown>): Promise<DuckDBClient>;
    query(sql: string): Promise<Iterable<Record<string, unknown>> & {schema: {fields: {name: string}[]}}>;
  }
}
declare module "npm:vega/slim.js" {
  /** scripts/vega-slim.js: vega's View, parse and read with the transforms our charts use. */
  export {View, parse, read} from "vega";
  export type {Spec} from "vega";
}
