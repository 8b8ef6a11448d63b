/**
 * The table to protect, as a hypercube of cells with the linear relations between them.
 * Dimensions: the area (buurt ⊂ wijk ⊂ gemeente) and every `by` column, each with a total ("Totaal").
 * A group is one relation `total = Σ parts`: a parent area and its children for one `by` combination, or one
 * area and the values of one `by` column with the others fixed. Secondary suppression works on these groups.
 */
import {ancestry, areaLevel, parentArea, type AreaLevel} from "./hierarchy.js";

/** The value a `by` column takes in a total over that column. */
export const TOTAL = "Totaal";

/** A true count at the lowest level: one leaf area and one value for every `by` column. */
export interface Leaf {
  area: string;
  by: string[];
  value: number;
}

/** One cell of the published table, with its true (unrounded, unsuppressed) count. */
export interface CubeCell {
  id: number;
  area: string;
  level: AreaLevel;
  /** One value per `by` column; {@link TOTAL} in a total. */
  by: string[];
  value: number;
}

/** One additive relation: `cells[total] = Σ cells[parts]`. */
export interface Group {
  total: number;
  parts: number[];
  /** Along the area hierarchy, or across the values of the `by` column at index `column`. */
  dimension: "area" | "by";
  column?: number;
}

export interface Hypercube {
  byColumns: string[];
  /** The values of each `by` column, sorted, without the total. */
  byValues: string[][];
  cells: CubeCell[];
  groups: Group[];
}

/** Cell lookup key. */
export const cellKey = (area: string, by: string[]) => `${area}\u0001${by.join("\u0001")}`;

/** Every combination of the given value lists (cartesian product), in order. */
function combinations(lists: string[][]): string[][] {
  return lists.reduce<string[][]>((acc, values) => acc.flatMap((prefix) => values.map((v) => [...prefix, v])), [[]]);
}

/**
 * Builds the hypercube from leaf counts. `areas` adds leaf areas that have no records (count 0);
 * `byValues` fixes the values of each `by` column (default: the values seen). All leaves must be at one level.
 */
export function buildHypercube(leaves: Leaf[], byColumns: string[], {areas = [], byValues}: {areas?: string[]; byValues?: string[][]} = {}): Hypercube {
  const leafAreas = [...new Set([...areas, ...leaves.map((l) => l.area)])].sort();
  const levels = new Set(leafAreas.map((a) => areaLevel(a)));
  if (levels.has(null)) throw new Error(`not a buurt, wijk or gemeente code: ${leafAreas.find((a) => !areaLevel(a))}`);
  if (levels.size > 1) throw new Error(`the extract mixes area levels (${[...levels].join(", ")}); give every row at one level`);
  const values = byValues ?? byColumns.map((_, j) => [...new Set(leaves.map((l) => l.by[j]))].sort());
  for (const l of leaves) {
    if (l.by.length !== byColumns.length) throw new Error(`leaf ${l.area} has ${l.by.length} by values, expected ${byColumns.length}`);
    if (!Number.isInteger(l.value) || l.value < 0) throw new Error(`count for ${l.area} ${l.by.join("/")} is not a non-negative integer: ${l.value}`);
    l.by.forEach((v, j) => {
      if (v === TOTAL) throw new Error(`the value "${TOTAL}" is reserved for totals (column ${byColumns[j]})`);
    });
  }
  const allAreas = [...new Set(leafAreas.flatMap(ancestry))].sort((a, b) => levelRank(a) - levelRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const combos = combinations(values.map((v) => [...v, TOTAL]));
  const cells: CubeCell[] = [];
  const index = new Map<string, number>();
  for (const area of allAreas) {
    for (const by of combos) {
      const id = cells.length;
      cells.push({id, area, level: areaLevel(area)!, by, value: 0});
      index.set(cellKey(area, by), id);
    }
  }
  // Every leaf count adds to each of its ancestors, in each generalisation of its `by` values.
  const generalisations = combinations(byColumns.map(() => ["keep", "total"]));
  for (const leaf of leaves) {
    for (const area of ancestry(leaf.area)) {
      for (const g of generalisations) {
        const by = leaf.by.map((v, j) => (g[j] === "total" ? TOTAL : v));
        cells[index.get(cellKey(area, by))!].value += leaf.value;
      }
    }
  }
  const groups: Group[] = [];
  const children = new Map<string, string[]>();
  for (const area of allAreas) {
    const parent = parentArea(area);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), area]);
  }
  for (const [parent, kids] of children) {
    for (const by of combos) {
      groups.push({dimension: "area", total: index.get(cellKey(parent, by))!, parts: kids.map((k) => index.get(cellKey(k, by))!)});
    }
  }
  for (const area of allAreas) {
    for (const by of combos) {
      by.forEach((v, j) => {
        if (v !== TOTAL) return;
        const parts = values[j].map((value) => index.get(cellKey(area, by.map((w, k) => (k === j ? value : w))))!);
        groups.push({dimension: "by", column: j, total: index.get(cellKey(area, by))!, parts});
      });
    }
  }
  return {byColumns, byValues: values, cells, groups};
}

function levelRank(code: string): number {
  return {gemeente: 0, wijk: 1, buurt: 2}[areaLevel(code)!];
}
