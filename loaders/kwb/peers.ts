/**
 * Comparable gemeenten, three ways, each from the KWB at gemeente level:
 * - CBS's gemeentegrootteklasse: the size class by inwoners (fewer than 5,000 … 250,000 or more);
 * - CBS's stedelijkheid: the KWB measure "Mate van stedelijkheid" (1 zeer sterk … 5 niet stedelijk), found by title;
 * - the k nearest gemeenten on standardised context measures (size, density, age, households, housing), so the
 *   comparison rests on what a gemeente is like, not on the poverty figures being compared.
 * Pure functions; the national asset (loaders/site/national.ts) stores the result per gemeente and the page
 * computes medians, indexes and ranks from it (src/components/peers-data.ts).
 */

/** CBS's gemeentegrootteklassen, by inwoners on 1 January. */
export const SIZE_CLASSES = [
  {id: 1, min: 0, label: "minder dan 5.000 inwoners"},
  {id: 2, min: 5_000, label: "5.000 tot 10.000 inwoners"},
  {id: 3, min: 10_000, label: "10.000 tot 20.000 inwoners"},
  {id: 4, min: 20_000, label: "20.000 tot 50.000 inwoners"},
  {id: 5, min: 50_000, label: "50.000 tot 100.000 inwoners"},
  {id: 6, min: 100_000, label: "100.000 tot 150.000 inwoners"},
  {id: 7, min: 150_000, label: "150.000 tot 250.000 inwoners"},
  {id: 8, min: 250_000, label: "250.000 inwoners of meer"}
] as const;

/** The size class of a number of inwoners (null when unknown). */
export function sizeClass(inwoners: number | null | undefined): number | null {
  if (inwoners == null || !Number.isFinite(inwoners) || inwoners < 0) return null;
  let id: number = SIZE_CLASSES[0].id;
  for (const c of SIZE_CLASSES) if (inwoners >= c.min) id = c.id;
  return id;
}

/** CBS's classes of "Mate van stedelijkheid" (omgevingsadressendichtheid, addresses per km²). */
export const STEDELIJKHEID_CLASSES = [
  {id: 1, label: "zeer sterk stedelijk (2.500 adressen per km² of meer)"},
  {id: 2, label: "sterk stedelijk (1.500 tot 2.500 adressen per km²)"},
  {id: 3, label: "matig stedelijk (1.000 tot 1.500 adressen per km²)"},
  {id: 4, label: "weinig stedelijk (500 tot 1.000 adressen per km²)"},
  {id: 5, label: "niet stedelijk (minder dan 500 adressen per km²)"}
] as const;

/** The stedelijkheid class of a KWB value (1 … 5), or null for anything else. */
export function stedelijkheidClass(value: number | null | undefined): number | null {
  return value != null && Number.isInteger(value) && value >= 1 && value <= 5 ? value : null;
}

/** A context feature of the nearest-neighbour comparison: how to compute it from a gemeente's context values. */
export interface Feature {
  id: string;
  label: string;
  value: (v: ContextValues) => number | null;
}

/** The gemeente-level values the features use, by id (stable indicators and context measures). */
export type ContextValues = Record<string, number | null | undefined>;

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a != null && b != null && b > 0 ? (100 * a) / b : null);
const log10 = (x: number | null | undefined) => (x != null && x > 0 ? Math.log10(x) : null);

/**
 * The context features, standardised before distances are taken. Poverty and income measures are deliberately
 * not among them: gemeenten are matched on what they are like, then compared on poverty.
 */
export const FEATURES: readonly Feature[] = [
  {id: "inwoners", label: "inwoners (logaritmisch)", value: (v) => log10(v.inwoners)},
  {id: "bevolkingsdichtheid", label: "bevolkingsdichtheid (logaritmisch)", value: (v) => log10(v.bevolkingsdichtheid)},
  {id: "ouderen", label: "aandeel inwoners van 65 jaar of ouder", value: (v) => ratio(v.ouderen, v.inwoners)},
  {id: "eenpersoonshuishoudens", label: "aandeel eenpersoonshuishoudens", value: (v) => ratio(v.eenpersoonshuishoudens, v.huishoudens)},
  {id: "koopwoningen", label: "aandeel koopwoningen", value: (v) => (v.koopwoningen == null ? null : v.koopwoningen)},
  {id: "woz", label: "gemiddelde WOZ-waarde van woningen", value: (v) => (v.woz == null ? null : v.woz)}
];

/** The number of nearest gemeenten. */
export const K = 10;

/** The features of one gemeente, or the ids of the features it lacks. */
export function featureVector(v: ContextValues, features: readonly Feature[] = FEATURES): {vector: number[] | null; missing: string[]} {
  const values = features.map((f) => f.value(v));
  const missing = features.filter((_, i) => values[i] == null || !Number.isFinite(values[i]!)).map((f) => f.id);
  return {vector: missing.length ? null : (values as number[]), missing};
}

/** z-scores per column (mean 0, standard deviation 1; a constant column becomes 0). */
export function standardise(vectors: number[][]): number[][] {
  if (!vectors.length) return [];
  const d = vectors[0].length;
  const mean = Array.from({length: d}, (_, j) => vectors.reduce((a, v) => a + v[j], 0) / vectors.length);
  const sd = Array.from({length: d}, (_, j) => Math.sqrt(vectors.reduce((a, v) => a + (v[j] - mean[j]) ** 2, 0) / vectors.length));
  return vectors.map((v) => v.map((x, j) => (sd[j] > 0 ? (x - mean[j]) / sd[j] : 0)));
}

/** Nearest neighbours of one item: indexes by distance, and whether ties at the k-th distance made the list longer. */
export interface Nearest {
  members: number[];
  distances: number[];
  /** True when gemeenten tied at the k-th distance were all taken (the list is then longer than k). */
  tied: boolean;
}

/**
 * The k nearest of `target` among `vectors` (Euclidean distance on standardised features), itself excluded.
 * Gemeenten at exactly the k-th distance are all included rather than cut by an arbitrary order; equal distances
 * are listed by index (code order), so the result never depends on input order beyond that.
 */
export function nearest(vectors: number[][], target: number, k = K): Nearest {
  const t = vectors[target];
  const candidates = vectors
    .map((v, i) => ({i, d: Math.sqrt(v.reduce((a, x, j) => a + (x - t[j]) ** 2, 0))}))
    .filter((c) => c.i !== target)
    .sort((a, b) => a.d - b.d || a.i - b.i);
  if (candidates.length <= k) return {members: candidates.map((c) => c.i), distances: candidates.map((c) => c.d), tied: false};
  const limit = candidates[k - 1].d;
  const eps = 1e-9 * Math.max(1, limit);
  const taken = candidates.filter((c, n) => n < k || c.d <= limit + eps);
  return {members: taken.map((c) => c.i), distances: taken.map((c) => c.d), tied: taken.length > k};
}

/** What one gemeente's peer sets are (indexes into the list of gemeenten), with why a set is empty. */
export interface PeerSets {
  size: {class: number | null};
  stedelijkheid: {class: number | null};
  nearest: {members: number[]; tied: boolean} | {members: null; missing: string[]};
}

/** Everything needed to compute peer sets: per gemeente its inwoners, stedelijkheid and context values. */
export interface PeerInput {
  code: string;
  inwoners: number | null;
  stedelijkheid: number | null;
  context: ContextValues;
}

/** Peer sets of every gemeente (classes, and the k nearest among those with every feature). */
export function peerSets(gemeenten: PeerInput[], k = K): PeerSets[] {
  const vectors = gemeenten.map((g) => featureVector(g.context));
  const complete = vectors.map((v, i) => (v.vector ? i : -1)).filter((i) => i >= 0);
  const z = standardise(complete.map((i) => vectors[i].vector!));
  const position = new Map(complete.map((i, n) => [i, n]));
  return gemeenten.map((g, i) => {
    const n = position.get(i);
    const near = n == null ? {members: null, missing: vectors[i].missing} : (() => {
      const found = nearest(z, n, k);
      return {members: found.members.map((m) => complete[m]), tied: found.tied};
    })();
    return {size: {class: sizeClass(g.inwoners)}, stedelijkheid: {class: stedelijkheidClass(g.stedelijkheid)}, nearest: near};
  });
}
