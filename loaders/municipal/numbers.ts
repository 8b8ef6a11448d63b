/**
 * Number styles of municipal exports. Dutch: `1.234` is one thousand two hundred and thirty-four and `12,5` is a
 * decimal; English: `1,234` and `12.5`. The manifest declares the style and a value that does not fit it is an
 * error, so `"1.234"` never silently becomes 1.234.
 */

export type NumberStyle = "nl" | "en";

const PATTERNS: Record<NumberStyle, {re: RegExp; group: string; decimal: string; example: string}> = {
  nl: {re: /^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/, group: ".", decimal: ",", example: "1.234 or 12,5"},
  en: {re: /^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/, group: ",", decimal: ".", example: "1,234 or 12.5"}
};

/** Parses `text` in `style`; returns an error message (naming the expected style) when it does not fit. */
export function parseNumber(text: string, style: NumberStyle): {value: number} | {error: string} {
  const s = text.trim().replace(/\u00a0| /g, "");
  const p = PATTERNS[style];
  if (!p.re.test(s)) return {error: `not a number in the "${style}" style (${p.example})`};
  const value = Number(s.split(p.group).join("").replace(p.decimal, "."));
  return Number.isFinite(value) ? {value} : {error: `not a finite number`};
}
