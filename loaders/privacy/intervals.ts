/**
 * The interval attacker: what a reader can learn about each suppressed count from everything published. The reader
 * knows every relation (total = Σ parts), that a published count is its true value rounded to the base, that a
 * published non-zero count is at least the threshold, that a published 0 is a true 0, and that counts are not
 * negative. The smallest and largest value a suppressed cell can take under those facts is a linear program,
 * solved exactly with HiGHS (compiled to WebAssembly, `highs` on npm): maximise and minimise the cell over the
 * polytope of tables consistent with the publication.
 *
 * One persistent model per table: every cell is a column bounded by what the reader knows of it, every relation an
 * equality row. Asking about another cell changes one cost; suppressing another cell widens one column's bounds; the
 * solver restarts from its last basis, so repeated questions are cheap.
 */
import highsLoader from "highs";
import type {Highs, Model} from "highs";
import type {Hypercube} from "./hypercube.js";
import {roundCount, type DisclosureOptions} from "./options.js";

// `highs` declares CommonJS types, so TypeScript reads the default import as the module object; at run time the
// default import (ES module or CommonJS alike) is the loader function.
const loadHighs = highsLoader as unknown as () => Promise<Highs>;
let loading: Promise<Highs> | undefined;

/** The HiGHS solver, loaded once per process (the WebAssembly module is 3.5 MB). */
export function loadSolver(): Promise<Highs> {
  return (loading ??= loadHighs());
}

/** What the attacker can learn about one cell: the smallest and largest whole count consistent with the publication. */
export interface Interval {
  lo: number;
  hi: number;
}

/** Tolerance for reading LP optima as whole counts. */
const EPS = 1e-6;

/**
 * The true values a published count can stand for: rounding from the true value (halves up) to `round`, and never
 * below the threshold (smaller counts are not published). A published 0 is exactly 0.
 */
export function publishedRange(published: number, {threshold, round}: Pick<DisclosureOptions, "threshold" | "round">): Interval {
  if (published === 0) return {lo: 0, hi: 0};
  return {lo: Math.max(threshold, published - Math.floor(round / 2)), hi: published + Math.ceil(round / 2) - 1};
}

/** The outcome of asking for one bound of one cell. */
export interface Bound {
  /** The attainable extreme as a whole count; `Infinity` when the publication does not bound the cell from above. */
  value: number;
  /** Published cells whose known range stops the bound from going further (where suppressing more would help). */
  binding: number[];
  /** A table consistent with the publication in which the cell takes `value` (every cell's value), or null when unbounded. */
  witness: Float64Array | null;
}

/** The LP model of one published table; dispose it when done (WebAssembly memory is not garbage-collected). */
export class IntervalAttacker {
  private readonly model: Model;
  private readonly suppressed: Set<number>;
  private target = -1;
  private readonly ranges: Interval[];

  constructor(private readonly highs: Highs, cube: Hypercube, published: readonly (number | null)[], options: Pick<DisclosureOptions, "threshold" | "round">) {
    const n = cube.cells.length;
    const colLower = new Float64Array(n);
    const colUpper = new Float64Array(n);
    this.suppressed = new Set();
    // The range of a cell if published (a suppressed cell may be published again by the clean-up).
    this.ranges = cube.cells.map((c, id) => publishedRange(published[id] ?? roundCount(c.value, options.round), options));
    published.forEach((p, id) => {
      if (p == null) {
        colUpper[id] = highs.infinity;
        this.suppressed.add(id);
      } else {
        colLower[id] = this.ranges[id].lo;
        colUpper[id] = this.ranges[id].hi;
      }
    });
    // One equality row per relation: total − Σ parts = 0.
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const g of cube.groups) {
      const row = new Map<number, number>([[g.total, 1]]);
      for (const p of g.parts) row.set(p, (row.get(p) ?? 0) - 1);
      for (const [c, v] of [...row].sort((a, b) => a[0] - b[0])) {
        if (v === 0) continue;
        indices.push(c);
        values.push(v);
      }
      starts.push(indices.length);
    }
    const m = cube.groups.length;
    this.model = highs.createModel({
      numCols: n,
      numRows: m,
      sense: highs.constants.objectiveSense.maximize,
      colCost: new Float64Array(n),
      colLower,
      colUpper,
      rowLower: new Float64Array(m),
      rowUpper: new Float64Array(m),
      matrix: {format: "csr", numRows: m, numCols: n, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values)}
    });
    // Many small re-solves: no log, no presolve (it would discard the basis each warm start uses).
    this.model.options.set({output_flag: false, presolve: "off", simplex_strategy: 4});
  }

  /** Suppresses one more cell: its column may take any value of at least 0. */
  suppress(id: number): void {
    if (this.suppressed.has(id)) return;
    this.suppressed.add(id);
    this.model.changeColBounds(id, 0, this.highs.infinity);
  }

  /** Publishes a suppressed cell again (a trial of the clean-up): its column is bounded by its published range. */
  publish(id: number): void {
    if (!this.suppressed.delete(id)) return;
    this.model.changeColBounds(id, this.ranges[id].lo, this.ranges[id].hi);
  }

  /** The largest (`max`) or smallest (`min`) value cell `id` can take, and what stops it. */
  bound(id: number, direction: "max" | "min"): Bound {
    if (this.target !== id) {
      if (this.target >= 0) this.model.changeColCost(this.target, 0);
      this.target = id;
    }
    const sign = direction === "max" ? 1 : -1;
    this.model.changeColCost(id, sign);
    this.model.run();
    const status = this.model.getModelStatus();
    const {modelStatus} = this.highs.constants;
    if (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible) {
      if (direction === "min") throw new Error(`interval attacker: cell ${id} has no lower bound (a count is never below 0)`);
      return {value: Infinity, binding: [], witness: null};
    }
    if (status !== modelStatus.optimal) throw new Error(`interval attacker: the solver stopped with status ${status} for cell ${id}; the published table is inconsistent`);
    const solution = this.model.getSolution();
    const x = solution.colValue[id];
    const binding: number[] = [];
    solution.colDual.forEach((d, c) => {
      if (Math.abs(d) > EPS && !this.suppressed.has(c)) binding.push(c);
    });
    return {value: direction === "max" ? Math.floor(x + EPS) : Math.ceil(x - EPS), binding, witness: solution.colValue};
  }

  /**
   * A table consistent with the publication that maximises the weighted sum of some cells: one solve that often
   * shows many cells can be high at once.
   */
  spread(weights: Map<number, number>): Float64Array | null {
    if (this.target >= 0) this.model.changeColCost(this.target, 0);
    this.target = -1;
    for (const [id, w] of weights) this.model.changeColCost(id, w);
    try {
      this.model.run();
      return this.model.getModelStatus() === this.highs.constants.modelStatus.optimal ? this.model.getSolution().colValue : null;
    } finally {
      for (const id of weights.keys()) this.model.changeColCost(id, 0);
    }
  }

  /** Both ends of the attainable interval of a cell. */
  interval(id: number): Interval {
    return {lo: this.bound(id, "min").value, hi: this.bound(id, "max").value};
  }

  dispose(): void {
    this.model.dispose();
  }
}
