/** CBS period codes: `YYYY` + a two-letter kind + a two-digit number (`2023JJ00`, `2020KW01`, `2019MM12`). */

/** What a period code denotes. */
export type PeriodKind = "year" | "half-year" | "quarter" | "month" | "other";

/** A parsed period code; `start`/`end` are ISO dates (inclusive) when the kind is known. */
export interface Period {
  code: string;
  year: number;
  kind: PeriodKind;
  number: number;
  start: string | null;
  end: string | null;
}

const KINDS: Record<string, PeriodKind> = {JJ: "year", HJ: "half-year", KW: "quarter", MM: "month"};

/** Parses a period code; returns null when it is not of the `YYYYxxNN` shape at all. */
export function parsePeriod(code: string): Period | null {
  const m = /^(\d{4})([A-Z]{2}|X0)(\d{2})$/.exec(code.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const number = Number(m[3]);
  const kind = KINDS[m[2]] ?? "other";
  const months: Record<PeriodKind, [number, number] | null> = {
    year: [1, 12],
    "half-year": number >= 1 && number <= 2 ? [(number - 1) * 6 + 1, number * 6] : null,
    quarter: number >= 1 && number <= 4 ? [(number - 1) * 3 + 1, number * 3] : null,
    month: number >= 1 && number <= 12 ? [number, number] : null,
    other: null
  };
  const range = months[kind];
  return {
    code: code.trim(),
    year,
    kind: range ? kind : "other",
    number,
    start: range ? isoDate(year, range[0], 1) : null,
    end: range ? isoDate(year, range[1], daysInMonth(year, range[1])) : null
  };
}

/** True when the string looks like a period code; used to validate `--periods`. */
export function isPeriodCode(code: string): boolean {
  return parsePeriod(code) !== null;
}

// Plain arithmetic on purpose: Date objects would drag the local time zone into calendar dates.
function daysInMonth(year: number, month: number): number {
  return [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
