/** Disclosure-control parameters, with the CBS-style defaults (Kerncijfers wijken en buurten, τ-ARGUS practice). */

/**
 * How wide the attainable interval of a small suppressed cell (true count 1 … threshold − 1) must be for a reader
 * who combines every published number. `minimum`: the upper bound reaches the threshold and the interval is at least
 * one rounding base wide. `protection`: the upper bound also reaches the true count plus the threshold (τ-ARGUS's
 * upper protection level), at the price of more suppressed cells.
 */
export type IntervalLevel = "minimum" | "protection";

export interface DisclosureOptions {
  /** Counts from 1 up to (not including) this are unsafe. CBS: 10 for care and assistance counts. */
  threshold: number;
  /** Every published count is rounded to a multiple of this. CBS: 5. */
  round: number;
  /** A rate is published only when its denominator is at least this. CBS: 100. */
  minDenominator: number;
  /** How wide the intervals of small suppressed cells must be. Default `protection`. */
  intervals: IntervalLevel;
}

/** CBS-style defaults. */
export const DEFAULT_DISCLOSURE: DisclosureOptions = {threshold: 10, round: 5, minDenominator: 100, intervals: "protection"};

/** The defaults overridden by whatever the manifest sets. */
export function disclosureOptions(partial: Partial<DisclosureOptions> = {}): DisclosureOptions {
  return {...DEFAULT_DISCLOSURE, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v != null))};
}

/** Rounds a count to the nearest multiple of `base` (halves up), from the true value. */
export function roundCount(value: number, base: number): number {
  return Math.round(value / base) * base;
}
