/** Random tables for the disclosure-control properties, and an independent recoverability check. */
import fc from "fast-check";
import type {Highs} from "highs";
import type {Group, Hypercube} from "../../loaders/privacy/hypercube.js";
import type {DisclosureOptions, IntervalLevel, Leaf} from "../../loaders/privacy/index.js";

/** A random extract: a gemeente with wijken and buurten (or wijk-level rows), `by` columns and counts. */
export interface RandomExtract {
  leaves: Leaf[];
  by: string[];
  options: DisclosureOptions;
}

/** Counts with many small ones: zeros, 1…threshold, and larger. */
const count = fc.oneof({weight: 2, arbitrary: fc.constant(0)}, {weight: 4, arbitrary: fc.integer({min: 1, max: 14})}, {weight: 3, arbitrary: fc.integer({min: 15, max: 400})});

export const randomExtract: fc.Arbitrary<RandomExtract> = fc
  .record({
    wijken: fc.array(fc.integer({min: 1, max: 4}), {minLength: 1, maxLength: 4}),
    buurtLevel: fc.boolean(),
    byValues: fc.array(fc.integer({min: 1, max: 3}), {minLength: 0, maxLength: 2}),
    options: fc.oneof(
      {weight: 3, arbitrary: fc.constant<DisclosureOptions>({threshold: 10, round: 5, minDenominator: 100, intervals: "protection"})},
      {weight: 1, arbitrary: fc.record({threshold: fc.integer({min: 1, max: 15}), round: fc.constantFrom(1, 3, 5, 10), minDenominator: fc.constant(100), intervals: fc.constantFrom<IntervalLevel>("protection", "minimum")})}
    )
  })
  .chain(({wijken, buurtLevel, byValues, options}) => {
    const areas = wijken.flatMap((n, w) =>
      buurtLevel ? Array.from({length: n}, (_, b) => `BU0999${String(w + 1).padStart(2, "0")}${String(b + 1).padStart(2, "0")}`) : [`WK0999${String(w + 1).padStart(2, "0")}`]
    );
    const by = byValues.map((_, j) => `dim${j}`);
    const combos = byValues.reduce<string[][]>((acc, n, j) => acc.flatMap((p) => Array.from({length: n}, (_, v) => [...p, `v${j}${v}`])), [[]]);
    const cells = areas.flatMap((area) => combos.map((c) => ({area, by: c})));
    return fc.array(count, {minLength: cells.length, maxLength: cells.length}).map((values) => ({
      leaves: cells.map((c, i) => ({...c, value: values[i]})),
      by,
      options
    }));
  });

// Exact arithmetic modulo a prime below 2^26, so products stay below 2^53.
const P = 67108859;
const mod = (a: number) => ((a % P) + P) % P;
const mul = (a: number, b: number) => {
  // (a·b) mod P without overflow: split b into 13-bit halves.
  const hi = Math.floor(b / 8192);
  const lo = b % 8192;
  return mod(mod(a * hi) * 8192 + a * lo);
};
function inverse(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, mod(a)];
  while (newR) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return mod(t);
}
/** Reduced row echelon form over the prime field, in place; returns the rows and each row's pivot column. */
function rref(matrix: number[][]): {rows: number[][]; pivots: number[]} {
  const a = matrix.map((r) => r.map(mod));
  const pivots: number[] = [];
  const n = a[0]?.length ?? 0;
  for (let c = 0; c < n && pivots.length < a.length; c++) {
    const rk = pivots.length;
    let p = rk;
    while (p < a.length && a[p][c] === 0) p++;
    if (p === a.length) continue;
    [a[p], a[rk]] = [a[rk], a[p]];
    const pivot = a[rk];
    const inv = inverse(pivot[c]);
    for (let k = c; k < n; k++) pivot[k] = mul(pivot[k], inv);
    for (let i = 0; i < a.length; i++) {
      const row = a[i];
      if (i === rk || row[c] === 0) continue;
      const f = row[c];
      for (let k = c; k < n; k++) if (pivot[k] !== 0) row[k] = mod(row[k] - mul(f, pivot[k]));
    }
    pivots.push(c);
  }
  return {rows: a.slice(0, pivots.length), pivots};
}

/**
 * Suppressed cells recoverable by any combination of the groups, computed independently of the library
 * (exact arithmetic over a prime field instead of floating-point elimination, dense, no components):
 * cell i is determined iff the unit row e_i is in the row space of the equations over the suppressed cells,
 * i.e. some row of the reduced echelon form is exactly e_i.
 */
export function recoverableByRank(groups: Group[], suppressed: Set<number>): number[] {
  const cols = [...suppressed].sort((a, b) => a - b);
  const at = new Map(cols.map((c, i) => [c, i]));
  const rows: number[][] = [];
  for (const g of groups) {
    const row = new Array(cols.length).fill(0);
    if (suppressed.has(g.total)) row[at.get(g.total)!] += 1;
    for (const p of g.parts) if (suppressed.has(p)) row[at.get(p)!] -= 1;
    if (row.some((v) => v !== 0)) rows.push(row);
  }
  if (!rows.length) return [];
  const {rows: reduced, pivots} = rref(rows);
  return reduced.flatMap((row, r) => (row.every((v, k) => (k === pivots[r] ? v === 1 : v === 0)) ? [cols[pivots[r]]] : []));
}

/**
 * The attacker's interval of each listed cell, computed independently of the library: the model is written as CPLEX
 * LP text (one equation per relation, a published count bounded by its rounding range and the threshold, a published
 * 0 fixed, a suppressed count at least 0) and every bound is a fresh one-shot solve. `integer` makes the attacker
 * use whole counts (a MIP), which can only narrow the intervals.
 */
export function attackerIntervals(
  highs: Highs,
  cube: Hypercube,
  published: readonly (number | null)[],
  {threshold, round}: {threshold: number; round: number},
  cells: number[],
  {integer = false} = {}
): Map<number, {lo: number; hi: number}> {
  const name = (id: number) => `x${id}`;
  const rows = cube.groups.map((g, i) => ` r${i}: ${name(g.total)} ${g.parts.map((p) => `- ${name(p)}`).join(" ")} = 0`);
  const bounds = cube.cells.map((c) => {
    const p = published[c.id];
    if (p == null) return ` ${name(c.id)} >= 0`;
    if (p === 0) return ` ${name(c.id)} = 0`;
    // Rounding halves up: p stands for p − ⌊base/2⌋ … p + ⌈base/2⌉ − 1, and nothing below the threshold is published.
    return ` ${Math.max(threshold, p - Math.floor(round / 2))} <= ${name(c.id)} <= ${p + Math.ceil(round / 2) - 1}`;
  });
  const body = ["Subject To", ...rows, "Bounds", ...bounds, ...(integer ? ["General", ` ${cube.cells.map((c) => name(c.id)).join(" ")}`] : []), "End"].join("\n");
  const out = new Map<number, {lo: number; hi: number}>();
  for (const id of cells) {
    const bound = (sense: "Maximize" | "Minimize") => {
      const result = highs.solve(`${sense}\n obj: ${name(id)}\n${body}`, {output_flag: false} as never);
      // Everything suppressed up to the top: nothing bounds the cell from above (a MIP says "infeasible or unbounded").
      if (/[Uu]nbounded/.test(result.Status) && sense === "Maximize") return Infinity;
      if (result.Status !== "Optimal") throw new Error(`attacker LP for cell ${id}: ${result.Status}`);
      return result.ObjectiveValue;
    };
    out.set(id, {lo: Math.ceil(bound("Minimize") - 1e-6), hi: Math.floor(bound("Maximize") + 1e-6)});
  }
  return out;
}
