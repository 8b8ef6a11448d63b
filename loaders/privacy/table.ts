/**
 * The published form of a protected cube: one row per area (buurt, wijk, gemeente) and `by` combination,
 * `region_code, region_level, <by…>, <count>`, a suppressed count empty (null), never a number.
 */
import type {Cell} from "../arrow.js";
import type {TableData} from "../snapshot/table.js";
import type {Hypercube} from "./hypercube.js";
import type {Protection} from "./protect.js";

/** The published table of a protected cube. `count` names the count column. */
export function publishedTable(cube: Hypercube, protection: Protection, count: string): TableData {
  const rows = cube.cells.map((cell): Record<string, Cell> => {
    const row: Record<string, Cell> = {region_code: cell.area, region_level: cell.level};
    cube.byColumns.forEach((name, j) => (row[name] = cell.by[j]));
    row[count] = protection.published[cell.id];
    return row;
  });
  return {
    key: ["region_code", ...cube.byColumns],
    columns: [
      {name: "region_code", type: "string"},
      {name: "region_level", type: "string"},
      ...cube.byColumns.map((name) => ({name, type: "string" as const})),
      {name: count, type: "number", unit: "aantal", decimals: 0}
    ],
    rows
  };
}
