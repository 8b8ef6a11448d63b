/**
 * Take-up ("bereik") per area, scheme and year: users ÷ target group. The users are the published (rounded,
 * disclosure-controlled) counts; the target group is CBS's estimate of households up to 120% of the social
 * minimum (`tot_120_pct` × `huishoudens`, or another share indicator) from the KWB edition chosen as reference.
 * The rate rule applies: no rate over a target group under the minimum. Take-up above 100% is a data problem.
 */
import {publishRate} from "../privacy/rate.js";

/** Why a take-up figure is missing or not to be read as a figure. Dutch: these strings reach the page. */
export const TAKE_UP_STATUS = {
  suppressed: "afgeschermd",
  smallTarget: "doelgroep te klein",
  noTarget: "geen doelgroep bekend",
  overHundred: "meer dan 100%: gegevensprobleem"
} as const;

export interface TakeUpInput {
  /** The published count of users, or null when suppressed. */
  users: number | null;
  /** Households in the target group, or null when CBS has no figure. */
  target: number | null;
}

export interface TakeUp {
  /** Take-up in percent (one decimal), or null when withheld or a data problem. */
  bereik: number | null;
  status: string | null;
}

/** The take-up of one cell, with the rate rule and the >100% check. */
export function takeUp({users, target}: TakeUpInput, minDenominator: number): TakeUp {
  const r = publishRate(users, target, {minDenominator});
  if ("withheld" in r) {
    const status = r.withheld === "teller-afgeschermd" ? TAKE_UP_STATUS.suppressed : r.withheld === "noemer-te-klein" ? TAKE_UP_STATUS.smallTarget : TAKE_UP_STATUS.noTarget;
    return {bereik: null, status};
  }
  // Rounding can push a full take-up just over 100; beyond half a base that is no rounding but a data problem.
  if (r.rate > 100) return {bereik: null, status: TAKE_UP_STATUS.overHundred};
  return {bereik: Math.round(r.rate * 10) / 10, status: null};
}

/** Households in the target group: a share (percent) of all households, in whole households. */
export function targetGroup(households: number | null | undefined, sharePct: number | null | undefined): number | null {
  if (households == null || sharePct == null) return null;
  return Math.round((households * sharePct) / 100);
}

/**
 * The KWB edition to take the target group from for a year: the newest edition up to that year that has the share
 * (KWB income figures lag a year or two, and first publications leave them empty); else the oldest one after it.
 */
export function referenceEdition(year: number, editionsWithShare: number[]): number | null {
  const sorted = [...editionsWithShare].sort((a, b) => a - b);
  return sorted.filter((e) => e <= year).at(-1) ?? sorted[0] ?? null;
}
