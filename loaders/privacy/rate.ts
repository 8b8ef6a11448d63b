/** The rate rule: a rate (e.g. take-up) is published only over a large enough denominator. */
import type {DisclosureOptions} from "./options.js";

/** Why a rate is not published. */
export type RateWithheld = "teller-afgeschermd" | "noemer-ontbreekt" | "noemer-te-klein";

/**
 * `numerator / denominator × 100`, or the reason it is withheld: a suppressed numerator (null), a missing
 * denominator, or a denominator under `minDenominator`. The numerator must already be the published (rounded) count.
 */
export function publishRate(numerator: number | null, denominator: number | null, {minDenominator}: Pick<DisclosureOptions, "minDenominator">): {rate: number} | {withheld: RateWithheld} {
  if (numerator == null) return {withheld: "teller-afgeschermd"};
  if (denominator == null || !Number.isFinite(denominator) || denominator <= 0) return {withheld: "noemer-ontbreekt"};
  if (denominator < minDenominator) return {withheld: "noemer-te-klein"};
  return {rate: (100 * numerator) / denominator};
}
