/**
 * The area hierarchy of a published table, derived from CBS codes: buurt ⊂ wijk ⊂ gemeente.
 * A buurt code is BU + gemeente (4) + wijk (2) + buurt (2); its wijk is WK + the first six, its gemeente GM + four.
 */

/** The levels a disclosure-controlled table publishes. */
export type AreaLevel = "buurt" | "wijk" | "gemeente";

const PATTERNS: [AreaLevel, RegExp][] = [
  ["buurt", /^BU\d{4}[0-9A-Z]{4}$/],
  ["wijk", /^WK\d{4}[0-9A-Z]{2}$/],
  ["gemeente", /^GM\d{4}$/]
];

/** The level of a CBS area code, or null when it is not a buurt, wijk or gemeente code. */
export function areaLevel(code: string): AreaLevel | null {
  for (const [level, re] of PATTERNS) if (re.test(code)) return level;
  return null;
}

/** The parent area: buurt → wijk, wijk → gemeente, gemeente → null. */
export function parentArea(code: string): string | null {
  switch (areaLevel(code)) {
    case "buurt":
      return `WK${code.slice(2, 8)}`;
    case "wijk":
      return `GM${code.slice(2, 6)}`;
    default:
      return null;
  }
}

/** The area itself and every ancestor, from the area upwards. */
export function ancestry(code: string): string[] {
  const out: string[] = [];
  for (let c: string | null = code; c; c = parentArea(c)) out.push(c);
  return out;
}
