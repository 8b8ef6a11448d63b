/**
 * Number styles of municipal exports. Dutch: `1.234` (or `1 234`) is one thousand two hundred and thirty-four and
 * `12,5` is a decimal; English: `1,234` and `12.5`. The manifest declares the style and a value that does not fit it
 * is an error, so `"1.234"` never silently becomes 1.234, and a space is a thousands separator only where the style
 * has one and only between groups of three: `"12 5"` and `"1 0"` are errors, not 125 and 10.
 */

export type NumberStyle = "nl" | "en";

const PATTERNS: Record<NumberStyle, {re: RegExp; groups: string[]; decimal: string; example: string; space: string}> = {
  nl: {
    re: /^[-+]?(\d{1,3}(\.\d{3})+|\d{1,3}( \d{3})+|\d+)(,\d+)?$/,
    groups: [".", " "],
    decimal: ",",
    example: "1.234, 1 234 or 12,5",
    space: "a space inside a number is only a thousands separator between groups of three digits (1 250)"
  },
  en: {
    re: /^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/,
    groups: [","],
    decimal: ".",
    example: "1,234 or 12.5",
    space: 'a space inside a number is not a thousands separator in the "en" style (write 1,250)'
  }
};

/** Parses `text` in `style`; returns an error message (naming the expected style) when it does not fit. */
export function parseNumber(text: string, style: NumberStyle): {value: number} | {error: string} {
  // No-break spaces (Excel's and the narrow one of typeset figures) are spaces.
  const s = text.replace(/[\u00a0\u202f]/g, " ").trim();
  const p = PATTERNS[style];
  if (!p.re.test(s)) return {error: /\d\s+\d/.test(s) ? p.space : `not a number in the "${style}" style (${p.example})`};
  let digits = s;
  for (const g of p.groups) digits = digits.split(g).join("");
  const value = Number(digits.replace(p.decimal, "."));
  return Number.isFinite(value) ? {value} : {error: `not a finite number`};
}
