/**
 * Take-up ("bereik") per area, scheme and year: users ÷ target group. The users are the published (rounded,
 * disclosure-controlled) counts. The target group is CBS's share of households up to 120% of the social minimum
 * (`tot_120_pct`) applied to its base. CBS gives that share as a percentage of the private households whose income
 * is known (KWB toelichting, "Inkomen van huishoudens: de doelpopulatie bestaat uit particuliere huishoudens waarvan
 * het inkomen bekend is"), a count KWB does not publish per area. The base used is therefore all private households
 * on 1 January of the income year (KWB "Huishoudens totaal" of that year): never smaller than CBS's base, so the
 * target group is an upper bound and the take-up a lower bound ("ten minste").
 *
 * Rules: no rate over a target group under the minimum denominator; take-up above 100% is never published as a
 * figure: within what the rounding of the published count, of CBS's percentage and of CBS's household count can
 * explain it reads "ongeveer 100% (afronding)", beyond that it is a data problem.
 */
import {publishRate} from "../privacy/rate.js";

/** Why a take-up figure is missing or not to be read as a figure. Dutch: these strings reach the page. */
export const TAKE_UP_STATUS = {
  suppressed: "afgeschermd",
  smallTarget: "doelgroep te klein",
  noTarget: "geen doelgroep bekend",
  roundedHundred: "ongeveer 100% (afronding)",
  overHundred: "meer dan 100%: gegevensprobleem"
} as const;

export interface TakeUpInput {
  /** The published count of users, or null when suppressed. */
  users: number | null;
  /** Households in the target group, or null when CBS has no figure. */
  target: number | null;
}

/** How far the inputs of a take-up can be off by rounding alone. */
export interface Rounding {
  /** Rounding base of the published user counts (disclosure control, e.g. 5). */
  usersBase: number;
  /** Households and share the target group was computed from: CBS rounds the share to one decimal, counts to 5. */
  households?: number | null;
  sharePct?: number | null;
}

export interface TakeUp {
  /** Take-up in percent (one decimal), or null when withheld or above 100%. */
  bereik: number | null;
  status: string | null;
}

/**
 * The smallest take-up (percent) the rounding allows: the fewest users the published count can stand for, over
 * the largest target group CBS's rounded household count and one-decimal share can stand for.
 */
export function lowestTakeUp(users: number, target: number, r: Rounding): number {
  const fewest = Math.max(0, users - r.usersBase / 2);
  const largest = r.households != null && r.sharePct != null ? ((r.households + 2.5) * (r.sharePct + 0.05)) / 100 : target;
  return (100 * fewest) / Math.max(largest, target);
}

/** The take-up of one cell, with the rate rule and the rule for more than 100%. */
export function takeUp({users, target}: TakeUpInput, minDenominator: number, rounding: Rounding = {usersBase: 0}): TakeUp {
  const r = publishRate(users, target, {minDenominator});
  if ("withheld" in r) {
    const status = r.withheld === "teller-afgeschermd" ? TAKE_UP_STATUS.suppressed : r.withheld === "noemer-te-klein" ? TAKE_UP_STATUS.smallTarget : TAKE_UP_STATUS.noTarget;
    return {bereik: null, status};
  }
  if (r.rate > 100) {
    // More users than the target group can hold. Rounding can explain a small excess; then it is "about 100%",
    // still no figure. Anything rounding cannot explain is a data problem (another year, another definition).
    return {bereik: null, status: lowestTakeUp(users!, target!, rounding) <= 100 ? TAKE_UP_STATUS.roundedHundred : TAKE_UP_STATUS.overHundred};
  }
  return {bereik: Math.round(r.rate * 10) / 10, status: null};
}

/** Households in the target group: a share (percent) of the base households, in whole households. */
export function targetGroup(households: number | null | undefined, sharePct: number | null | undefined): number | null {
  if (households == null || sharePct == null) return null;
  return Math.round((households * sharePct) / 100);
}

/** A KWB edition that can serve as reference: its year and the year its income figures describe. */
export interface IncomeEdition {
  edition: number;
  incomeYear: number;
}

/**
 * The KWB edition to take the target group from for a scheme year: among the editions whose income columns are
 * filled, the one whose income year is closest to the scheme year; on a tie the earlier income year (measured
 * before the scheme year rather than after), then the newer edition (a later revision of the same year).
 */
export function referenceEdition(schemeYear: number, candidates: IncomeEdition[]): IncomeEdition | null {
  const sorted = [...candidates].sort(
    (a, b) => Math.abs(a.incomeYear - schemeYear) - Math.abs(b.incomeYear - schemeYear) || a.incomeYear - b.incomeYear || b.edition - a.edition
  );
  return sorted[0] ?? null;
}
