/**
 * The codes an area had in earlier KWB editions. CBS gives an area a new code when it re-codes wijken or buurten
 * without moving a boundary (its re-coding column says 2); the kwb layer records each such pair as a break's
 * `recoded`. Following them back lets a series, or a lookup in an older edition, run across the new code.
 * Shared by the poverty page (browser) and the take-up study (build time).
 */

/** The part of a break this needs. */
export interface Recoded {
  edition: number;
  recoded?: {from: string; to: string}[];
}

/** `code` and the codes the same area had before, newest first. */
export function lineage(breaks: readonly Recoded[], code: string): string[] {
  const chain = [code];
  for (const b of [...breaks].sort((a, c) => c.edition - a.edition)) {
    const r = b.recoded?.find((x) => x.to === chain.at(-1));
    if (r && !chain.includes(r.from)) chain.push(r.from);
  }
  return chain;
}
