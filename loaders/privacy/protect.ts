/**
 * Statistical disclosure control of one hypercube: primary suppression, secondary suppression along the area
 * hierarchy and the `by` totals, and rounding of every published count from its true value.
 *
 * Secondary suppression works in three steps, repeated until none adds a cell:
 * 1. group rules, in the spirit of τ-ARGUS's modular method: one relation (total = Σ parts) at a time, smallest cells
 *    first, no published total with exactly one suppressed part, and the suppressed parts of a total together at
 *    least the threshold;
 * 2. exact recovery across linked relations (recovery.ts): a partner for every cell that adding and subtracting
 *    published counts would give exactly;
 * 3. interval protection (intervals.ts): the attacker's linear program, with the rounding ranges, non-negativity and
 *    a published 0 as a true 0, bounds every small suppressed cell. Its attainable upper bound must reach the
 *    threshold and its interval must be at least a rounding base wide; at the protection level (the default, as
 *    τ-ARGUS users expect) the upper bound must reach the true count plus the threshold. Where it does not, the
 *    cheapest published cell that stops the bound (a binding cell of the LP) is suppressed too.
 * Then a clean-up publishes secondary cells again, largest first, wherever every rule above still holds (within a
 * solve budget, so a large table stays quick to pull): the greedy steps suppress more than they need.
 */
import type {Highs} from "highs";
import {recoverableCells} from "./recovery.js";
import type {Group, Hypercube} from "./hypercube.js";
import {IntervalGuard, isSmall} from "./interval-guard.js";
import {roundCount, type DisclosureOptions} from "./options.js";

/** What happened to a cell. Private: a rule per cell narrows a suppressed count (see audit.ts). */
export type CellRule =
  /** Published as 0 (exact; 0 is allowed). */
  | "zero"
  /** Published, rounded to the base. */
  | "rounded"
  /** Primary: a count from 1 to below the threshold (or one that would round below it). */
  | "primary"
  /** Secondary: it would otherwise be the only suppressed part of a published total. */
  | "secondary-single"
  /** Secondary: the suppressed parts of a published total held less than the threshold. */
  | "secondary-sum"
  /** Secondary: a suppressed cell was still recoverable by combining several groups. */
  | "secondary-linked"
  /** Secondary: a small suppressed cell's attainable interval was too narrow. */
  | "secondary-interval";

export const CELL_RULES: CellRule[] = ["zero", "rounded", "primary", "secondary-single", "secondary-sum", "secondary-linked", "secondary-interval"];

export interface ProtectOptions {
  /** The loaded HiGHS solver (`await loadSolver()` from intervals.ts). */
  solver: Highs;
  /** Publish secondary cells again where every rule still holds (default true). */
  cleanUp?: boolean;
}

/** The outcome for every cell of the cube (same order as `cube.cells`). */
export interface Protection {
  rule: CellRule[];
  /** The published count: rounded, or null when suppressed. */
  published: (number | null)[];
  /** Rounds of the cross-group recoverability check that were needed. */
  linkedRounds: number;
  /** Secondary cells the clean-up published again. */
  republished: number;
  /** Linear programs solved for interval protection. */
  solves: number;
  /** Suppressed cells with a true count from 1 to below the threshold (all are suppressed). */
  smallCells: number;
  /** Small cells whose attainable upper bound stays below the true count plus the threshold (0 at level `protection`). */
  protectionMisses: number;
}

/** True when a count may not be published on its own. */
export function isPrimaryUnsafe(value: number, {threshold, round}: Pick<DisclosureOptions, "threshold" | "round">): boolean {
  if (value <= 0) return false;
  const rounded = roundCount(value, round);
  return value < threshold || rounded < threshold || rounded === 0;
}

/** The clean-up's solve budget on small tables (it may always use as many solves as protection needed). */
const CLEAN_UP_MIN_SOLVES = 100;

/** Applies primary and secondary suppression and rounding to a cube. */
export function protect(cube: Hypercube, options: DisclosureOptions, {solver, cleanUp = true}: ProtectOptions): Protection {
  const level = options.intervals;
  const {cells, groups} = cube;
  const value = (id: number) => cells[id].value;
  const rule: (CellRule | null)[] = cells.map((c) => (isPrimaryUnsafe(c.value, options) ? "primary" : null));
  const suppressed = new Set<number>(cells.filter((c) => rule[c.id] === "primary").map((c) => c.id));
  let guard = null as IntervalGuard | null;
  const suppress = (id: number, why: CellRule) => {
    suppressed.add(id);
    rule[id] = why;
    guard?.suppress(id);
  };
  // Cheapest first: the smallest true value, then the most detailed level (a buurt before its wijk), then id.
  const levelCost = {buurt: 0, wijk: 1, gemeente: 2};
  const cheapest = (ids: number[]) =>
    ids.reduce<number | null>((best, id) => {
      if (best == null) return id;
      const d = value(id) - value(best) || levelCost[cells[id].level] - levelCost[cells[best].level] || id - best;
      return d < 0 ? id : best;
    }, null);

  /** The next cell a group needs suppressed, or null when the group is safe. */
  const repair = (g: Group): {id: number; why: CellRule} | null => {
    const supParts = g.parts.filter((p) => suppressed.has(p));
    const pubParts = g.parts.filter((p) => !suppressed.has(p));
    const nonZero = pubParts.filter((p) => value(p) > 0);
    if (suppressed.has(g.total)) {
      // A suppressed total with every part published is their sum.
      if (supParts.length || !g.parts.length) return null;
      return {id: (cheapest(nonZero) ?? cheapest(pubParts))!, why: "secondary-single"};
    }
    if (!supParts.length) return null;
    const sum = supParts.reduce((s, p) => s + value(p), 0);
    if (supParts.length >= 2 && sum >= options.threshold) return null;
    const why: CellRule = supParts.length === 1 ? "secondary-single" : "secondary-sum";
    // A zero part adds a second unknown but no mass; it only helps when the sum is already large enough.
    const id = cheapest(nonZero) ?? (sum >= options.threshold ? cheapest(pubParts) : null) ?? g.total;
    return {id, why};
  };

  const groupsOf: number[][] = cells.map(() => []);
  groups.forEach((g, i) => [g.total, ...g.parts].forEach((c) => groupsOf[c].push(i)));
  const hasSmall = cells.some((c) => isSmall(c.value, options));

  /** Suppresses partners until every small cell's interval protects it; returns how many were added. */
  const protectIntervals = (): number => {
    guard ??= new IntervalGuard(solver, cube, suppressed, options);
    guard.spreadAll();
    let added = 0;
    for (const id of guard.smallCells) {
      for (let check = guard.check(id); !check.ok; check = guard.check(id)) {
        // The LP's binding cells; should its duals name none (degenerate), the nearest published cell.
        const partner = cheapest(check.binding) ?? nearestPublished(id, groups, groupsOf, suppressed, cheapest);
        suppress(partner, "secondary-interval");
        added++;
      }
    }
    return added;
  };

  /** True when publishing secondary cell `id` again keeps every rule: groups, exact recovery, intervals. */
  const canPublish = (id: number): boolean => {
    suppressed.delete(id);
    let ok = groupsOf[id].every((g) => !repair(groups[g])) && !recoverableCells(groups, suppressed).length;
    if (ok && guard) {
      guard.beginTrial(id);
      ok = guard.firstUnprotected() == null;
      guard.endTrial(ok);
    }
    if (!ok) suppressed.add(id);
    return ok;
  };

  let linkedRounds = 0;
  let republished = 0;
  let protectionMisses = 0;
  try {
    for (;;) {
      let changed = true;
      while (changed) {
        changed = false;
        for (const g of groups) {
          for (let fix = repair(g); fix; fix = repair(g)) {
            suppress(fix.id, fix.why);
            changed = true;
          }
        }
      }
      const recoverable = recoverableCells(groups, suppressed);
      if (recoverable.length) {
        linkedRounds++;
        const touched = new Set<number>();
        for (const c of recoverable) {
          // One partner per round for cells sharing a group: one new unknown often frees several cells.
          if (groupsOf[c].some((g) => touched.has(g))) continue;
          const partner = nearestPublished(c, groups, groupsOf, suppressed, (ids) => cheapest(ids.filter((id) => value(id) > 0)) ?? cheapest(ids));
          suppress(partner, "secondary-linked");
          for (const g of groupsOf[partner]) touched.add(g);
          for (const g of groupsOf[c]) touched.add(g);
        }
        continue;
      }
      if (!hasSmall || !protectIntervals()) break;
    }
    if (cleanUp) {
      // The greedy steps over-suppress; publish secondary cells again, largest first (most information regained).
      const secondary = cells.filter((c) => suppressed.has(c.id) && rule[c.id] !== "primary").map((c) => c.id);
      secondary.sort((a, b) => value(b) - value(a) || b - a);
      // The clean-up may at most double the solver's work, so large tables stay quick to pull.
      const budget = Math.max(CLEAN_UP_MIN_SOLVES, guard?.solves ?? 0);
      const start = guard?.solves ?? 0;
      for (const id of secondary) {
        if (guard && guard.solves - start >= budget) break;
        if (canPublish(id)) {
          rule[id] = null;
          republished++;
        }
      }
    }
    // At the minimum level, count the small cells that stay below the protection level (for the audit and bench).
    if (guard && level !== "protection") protectionMisses = guard.smallCells.filter((id) => !guard!.check(id, "protection").ok).length;
  } finally {
    guard?.dispose();
  }
  const finalRule = rule.map((r, id) => r ?? (value(id) === 0 ? "zero" : "rounded"));
  const published = cells.map((c) => (suppressed.has(c.id) ? null : roundCount(c.value, options.round)));
  return {rule: finalRule, published, linkedRounds, republished, solves: guard?.solves ?? 0, smallCells: cells.filter((c) => isSmall(c.value, options)).length, protectionMisses};
}

/**
 * The cheapest published cell in a group of `cell`; when all of those are suppressed, in groups one step further
 * along suppressed cells (breadth first). `cheapest` prefers non-zero cells. Some is always found: leaves are free, so a fully suppressed
 * connected part of the table determines no cell.
 */
function nearestPublished(cell: number, groups: Group[], groupsOf: number[][], suppressed: ReadonlySet<number>, cheapest: (ids: number[]) => number | null): number {
  const seenCells = new Set([cell]);
  const seenGroups = new Set<number>();
  let frontier = [cell];
  while (frontier.length) {
    const candidates: number[] = [];
    const next: number[] = [];
    for (const c of frontier) {
      for (const gi of groupsOf[c]) {
        if (seenGroups.has(gi)) continue;
        seenGroups.add(gi);
        for (const m of [groups[gi].total, ...groups[gi].parts]) {
          if (!suppressed.has(m)) candidates.push(m);
          else if (!seenCells.has(m)) {
            seenCells.add(m);
            next.push(m);
          }
        }
      }
    }
    const pick = cheapest(candidates);
    if (pick != null) return pick;
    frontier = next;
  }
  throw new Error(`disclosure control: no published cell left to protect cell ${cell}`);
}
