/** Seeded randomness for the demo generator: the same seed and stream name always give the same numbers. */
import seedrandom from "seedrandom";

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
}

/** An independent stream per concern (`geometry`, `kwb`, ...), so changing one part leaves the others unchanged. */
export function randomStream(seed: number, stream: string): Random {
  const rng = seedrandom(`${seed}:${stream}`);
  return {
    next: () => rng.quick(),
    uniform: (min, max) => min + (max - min) * rng.quick()
  };
}

/** Rounds to `decimals` places (half away from zero), as CBS publishes. */
export function round(value: number, decimals = 0): number {
  const f = 10 ** decimals;
  return Math.sign(value) * Math.round(Math.abs(value) * f) / f;
}

/** Splits `total` into integer parts proportional to `weights` that sum exactly to `total`. */
export function partition(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum ? (total * w) / sum : 0));
  const parts = raw.map(Math.floor);
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k][1]]++;
  return parts;
}

/** Sums `k` over areas, a missing value counting as 0. */
export function sumOf<K extends string>(values: Partial<Record<K, number | null>>[], k: K): number {
  return values.reduce((a, v) => a + (v[k] ?? 0), 0);
}

/** The mean of `k` weighted by `w` over the areas that have both (w > 0), rounded to `d` decimals; null when none. */
export function weightedMean<K extends string>(values: Partial<Record<K, number | null>>[], k: K, w: K, d: number): number | null {
  const rows = values.filter((v) => v[k] != null && (v[w] ?? 0) > 0);
  const total = rows.reduce((a, v) => a + (v[w] as number), 0);
  return total ? round(rows.reduce((a, v) => a + (v[k] as number) * (v[w] as number), 0) / total, d) : null;
}
