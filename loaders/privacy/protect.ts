/**
 * Statistical disclosure control of one hypercube: primary suppression, secondary suppression along the area
 * hierarchy and the `by` totals, and rounding of every published count from its true value.
 *
 * Secondary suppression is a greedy heuristic in the spirit of τ-ARGUS's modular method: it repairs one group
 * (one relation total = Σ parts) at a time, always choosing the smallest cells first (least information lost),
 * until no group breaks a rule; then a linear-algebra check over all groups together finds cells that are still
 * recoverable across linked groups, and suppresses a partner for each, until none is.
 */
import {recoverableCells} from "./recovery.js";
import type {Group, Hypercube} from "./hypercube.js";
import {roundCount, type DisclosureOptions} from "./options.js";

/** What happened to a cell, as the audit reports it. */
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
  | "secondary-linked";

export const SUPPRESSION_RULES: CellRule[] = ["primary", "secondary-single", "secondary-sum", "secondary-linked"];

/** The outcome for every cell of the cube (same order as `cube.cells`). */
export interface Protection {
  rule: CellRule[];
  /** The published count: rounded, or null when suppressed. */
  published: (number | null)[];
  /** Rounds of the cross-group recoverability check that were needed. */
  linkedRounds: number;
}

/** True when a count may not be published on its own. */
export function isPrimaryUnsafe(value: number, {threshold, round}: DisclosureOptions): boolean {
  if (value <= 0) return false;
  const rounded = roundCount(value, round);
  return value < threshold || rounded < threshold || rounded === 0;
}

/** Applies primary and secondary suppression and rounding to a cube. */
export function protect(cube: Hypercube, options: DisclosureOptions): Protection {
  const {cells, groups} = cube;
  const value = (id: number) => cells[id].value;
  const rule: (CellRule | null)[] = cells.map((c) => (isPrimaryUnsafe(c.value, options) ? "primary" : null));
  const suppressed = new Set<number>(cells.filter((c) => rule[c.id] === "primary").map((c) => c.id));
  const suppress = (id: number, why: CellRule) => {
    suppressed.add(id);
    rule[id] = why;
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

  let linkedRounds = 0;
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
    if (!recoverable.length) break;
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
  }
  const finalRule = rule.map((r, id) => r ?? (value(id) === 0 ? "zero" : "rounded"));
  const published = cells.map((c) => (suppressed.has(c.id) ? null : roundCount(c.value, options.round)));
  return {rule: finalRule, published, linkedRounds};
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
