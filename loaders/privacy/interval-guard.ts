/**
 * Interval protection inside secondary suppression: keeps the attacker's LP (intervals.ts) in step with the cells
 * suppressed so far and answers "is every small cell still protected?" with as few solves as possible.
 *
 * Every LP solution is a table consistent with the publication (a witness). A small cell whose witnesses already
 * reach the required upper bound needs no solve. Suppressing more only widens the set of consistent tables, so
 * witnesses stay valid; publishing a cell again (the clean-up's trial) invalidates exactly the witnesses whose value
 * for that cell lies outside its published range.
 */
import type {Highs} from "highs";
import type {Hypercube} from "./hypercube.js";
import {IntervalAttacker, publishedRange, type Interval} from "./intervals.js";
import {roundCount, type DisclosureOptions, type IntervalLevel} from "./options.js";



/** True for a cell the interval rules protect: a true count from 1 to below the threshold. */
export const isSmall = (value: number, {threshold}: Pick<DisclosureOptions, "threshold">) => value >= 1 && value < threshold;

/** The attainable upper bound a small cell of true count `value` needs at `level` (the width is checked apart). */
export function requiredUpper(value: number, {threshold, round}: Pick<DisclosureOptions, "threshold" | "round">, level: IntervalLevel): number {
  return level === "protection" ? value + Math.max(threshold, round) : Math.max(threshold, value + round);
}

const EPS = 1e-6;
/** Witness storage cap, in stored values (cells × witnesses): about 80 MB as Float32. */
const POOL_VALUES = 20_000_000;

/** The result of checking one small cell: protected, or the published cells that stop its upper bound. */
export type CellCheck = {ok: true} | {ok: false; binding: number[]};

export class IntervalGuard {
  private readonly attacker: IntervalAttacker;
  private readonly small: number[];
  private readonly pool: Float32Array[] = [];
  private readonly alive: boolean[] = [];
  /** Per small cell, the witness with its largest value. */
  private readonly best = new Map<number, number>();
  private readonly maxPool: number;
  /** The cell published again in the running trial, and its published range. */
  private trial: {id: number; range: Interval} | null = null;
  solves = 0;

  constructor(solver: Highs, private readonly cube: Hypercube, suppressed: ReadonlySet<number>, private readonly options: DisclosureOptions) {
    const published = cube.cells.map((c) => (suppressed.has(c.id) ? null : roundCount(c.value, options.round)));
    this.attacker = new IntervalAttacker(solver, cube, published, options);

    this.small = cube.cells.filter((c) => isSmall(c.value, options)).map((c) => c.id);
    this.maxPool = Math.max(64, Math.floor(POOL_VALUES / Math.max(1, cube.cells.length)));
    // The true table is consistent with any publication made from it.
    this.record(Float64Array.from(cube.cells, (c) => c.value));
  }

  /** The small cells (true count 1 … threshold − 1), in id order. */
  get smallCells(): readonly number[] {
    return this.small;
  }

  suppress(id: number): void {
    this.attacker.suppress(id);
  }

  /** Starts a trial: cell `id` published again. End it with {@link endTrial}. */
  beginTrial(id: number): void {
    const range = publishedRange(roundCount(this.cube.cells[id].value, this.options.round), this.options);
    this.trial = {id, range};
    this.attacker.publish(id);
  }

  /** Ends the trial: `keep` publishes the cell for good (witnesses outside its range die), otherwise it is suppressed again. */
  endTrial(keep: boolean): void {
    const t = this.trial!;
    this.trial = null;
    if (!keep) return this.attacker.suppress(t.id);
    this.pool.forEach((w, i) => {
      if (this.alive[i] && !this.inRange(w, t.id, t.range)) this.alive[i] = false;
    });
    for (const [cell, i] of this.best) if (!this.alive[i]) this.best.delete(cell);
  }

  /** Checks one small cell at a level (default the options' level), solving only when no live witness proves it protected. */
  check(id: number, level: IntervalLevel = this.options.intervals): CellCheck {
    const need = requiredUpper(this.cube.cells[id].value, this.options, level);
    if (this.witnessed(id, need)) return {ok: true};
    const max = this.solve(id, "max");
    if (max.value >= need) return {ok: true};
    if (level === "minimum" && max.value >= this.options.threshold && max.value - this.solve(id, "min").value >= this.options.round) return {ok: true};
    return {ok: false, binding: max.binding};
  }

  /**
   * Finds witnesses for many cells at once: maximise the sum of the small cells that no witness covers yet (all
   * weighted alike). Returns how many it covered.
   */
  spread(): number {
    const open = this.small.filter((id) => !this.witnessed(id, this.need(id)));
    if (open.length < 2) return 0;
    this.solves++;
    const w = this.attacker.spread(new Map(open.map((id) => [id, 1])));
    if (!w) return 0;
    this.record(w);
    return open.filter((id) => w[id] + 1e-3 >= this.need(id)).length;
  }

  /** Spreads while each solve covers at least two cells (then a solve per cell is as cheap). */
  spreadAll(): void {
    while (this.spread() > 1);
  }

  private need(id: number): number {
    return requiredUpper(this.cube.cells[id].value, this.options, this.options.intervals);
  }

  /** The first small cell that is not protected, or null when all are. */
  firstUnprotected(): {id: number; binding: number[]} | null {
    for (const id of this.small) {
      const c = this.check(id);
      if (!c.ok) return {id, binding: c.binding};
    }
    return null;
  }

  dispose(): void {
    this.attacker.dispose();
  }

  private inRange(w: Float32Array, id: number, range: Interval): boolean {
    return w[id] >= range.lo - 1e-3 && w[id] <= range.hi + 1e-3;
  }

  private usable(i: number): boolean {
    return this.alive[i] && (!this.trial || this.inRange(this.pool[i], this.trial.id, this.trial.range));
  }

  private witnessed(id: number, need: number): boolean {
    const b = this.best.get(id);
    if (b != null && this.usable(b) && this.pool[b][id] + 1e-3 >= need) return true;
    for (let i = this.pool.length - 1; i >= 0; i--) {
      if (this.pool[i][id] + 1e-3 >= need && this.usable(i)) {
        this.best.set(id, i);
        return true;
      }
    }
    return false;
  }

  private solve(id: number, direction: "max" | "min") {
    this.solves++;
    const b = this.attacker.bound(id, direction);
    if (b.witness) this.record(b.witness);
    return b;
  }

  private record(w: Float64Array): void {
    if (this.pool.length >= this.maxPool) return;
    const i = this.pool.push(Float32Array.from(w)) - 1;
    // A witness found during a trial is consistent with the trial state, which is narrower than the state after it.
    this.alive.push(true);
    for (const s of this.small) {
      const b = this.best.get(s);
      if (w[s] > EPS && (b == null || w[s] > this.pool[b][s])) this.best.set(s, i);
    }
  }
}
