/**
 * Which suppressed cells an attacker can compute exactly from the published ones by adding and subtracting
 * along the table's relations, also across linked groups (e.g. a buurt row and a `by` column together).
 *
 * Every group is an equation `total − Σ parts = 0`. With the published cells moved to the right-hand side,
 * the equations over the suppressed cells form a linear system A·x = b. A suppressed cell i is determined exactly
 * by linear combinations iff the unit vector e_i lies in A's row space; in reduced row echelon form that means
 * column i is a pivot whose row has no other non-zero entry. Published values are treated as exact (the
 * attacker's best case; in reality they are rounded). Bounds from non-negativity (interval attacks) are not
 * covered here: see THREAT_MODEL.md.
 */
import type {Group} from "./hypercube.js";

const EPS = 1e-9;

/** Ids of the suppressed cells that are exactly recoverable by linear combinations of the groups. */
export function recoverableCells(groups: Group[], suppressed: ReadonlySet<number>): number[] {
  // Equations restricted to suppressed cells; drop those without unknowns.
  const rows: Map<number, number>[] = [];
  for (const g of groups) {
    const row = new Map<number, number>();
    if (suppressed.has(g.total)) row.set(g.total, 1);
    for (const p of g.parts) if (suppressed.has(p)) row.set(p, (row.get(p) ?? 0) - 1);
    if (row.size) rows.push(row);
  }
  // Connected components of suppressed cells (cells sharing an equation), solved separately.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    // Path compression keeps later look-ups short.
    for (let y = x; y !== r; ) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const id of suppressed) parent.set(id, id);
  for (const row of rows) {
    const [first, ...rest] = [...row.keys()];
    for (const c of rest) parent.set(find(c), find(first));
  }
  const components = new Map<number, {cols: number[]; rows: Map<number, number>[]}>();
  for (const id of suppressed) {
    const r = find(id);
    if (!components.has(r)) components.set(r, {cols: [], rows: []});
    components.get(r)!.cols.push(id);
  }
  for (const row of rows) components.get(find(row.keys().next().value!))!.rows.push(row);
  const out: number[] = [];
  for (const {cols, rows: eqs} of components.values()) out.push(...solveComponent(cols, eqs));
  return out.sort((a, b) => a - b);
}

function solveComponent(cols: number[], eqs: Map<number, number>[]): number[] {
  const n = cols.length;
  const colIndex = new Map(cols.map((c, i) => [c, i]));
  const m = eqs.length;
  const a = new Float64Array(m * n);
  eqs.forEach((row, r) => row.forEach((v, c) => (a[r * n + colIndex.get(c)!] = v)));
  // Reduced row echelon form with partial pivoting.
  const pivotRowOfCol = new Int32Array(n).fill(-1);
  let rank = 0;
  for (let c = 0; c < n && rank < m; c++) {
    let best = -1;
    let bestAbs = EPS;
    for (let r = rank; r < m; r++) {
      const v = Math.abs(a[r * n + c]);
      if (v > bestAbs) [best, bestAbs] = [r, v];
    }
    if (best < 0) continue;
    if (best !== rank) for (let k = 0; k < n; k++) [a[best * n + k], a[rank * n + k]] = [a[rank * n + k], a[best * n + k]];
    const pv = a[rank * n + c];
    for (let k = c; k < n; k++) a[rank * n + k] /= pv;
    for (let r = 0; r < m; r++) {
      if (r === rank) continue;
      const f = a[r * n + c];
      if (Math.abs(f) <= EPS) continue;
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[rank * n + k];
    }
    pivotRowOfCol[c] = rank++;
  }
  const out: number[] = [];
  for (let c = 0; c < n; c++) {
    const r = pivotRowOfCol[c];
    if (r < 0) continue;
    let alone = true;
    for (let k = 0; k < n && alone; k++) if (k !== c && Math.abs(a[r * n + k]) > EPS) alone = false;
    if (alone) out.push(cols[c]);
  }
  return out;
}
