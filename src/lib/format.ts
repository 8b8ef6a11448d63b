/**
 * Dutch formatting for readers, shared by pages, charts and build-time code.
 * Everything uses nl-NL: `1.234,5`, `12,4%`, `27 november 2026`.
 */

const LOCALE = "nl-NL";
const TIME_ZONE = "Europe/Amsterdam";

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALE, options)));
  return f;
}

/** Shown where a value is missing (CBS uses "." in its own tables). */
export const MISSING = "–";

/** Formats a number with Dutch separators, e.g. `formatNumber(1234.5, 1)` → `1.234,5`. Missing → `–`. */
export function formatNumber(value: number | null | undefined, decimals?: number): string {
  if (value == null || Number.isNaN(value)) return MISSING;
  const options: Intl.NumberFormatOptions =
    decimals === undefined ? {maximumFractionDigits: 2} : {minimumFractionDigits: decimals, maximumFractionDigits: decimals};
  return numberFormat(options).format(value);
}

/**
 * Formats a percentage. `value` is in percent points as CBS publishes them (12.4 → `12,4%`);
 * pass `{fraction: true}` for a ratio (0.124 → `12,4%`).
 */
export function formatPercent(
  value: number | null | undefined,
  decimals = 1,
  {fraction = false}: {fraction?: boolean} = {}
): string {
  if (value == null || Number.isNaN(value)) return MISSING;
  const ratio = fraction ? value : value / 100;
  return numberFormat({style: "percent", minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(ratio);
}

/** Formats an amount in euros, e.g. `€ 27.100`. */
export function formatEuro(value: number | null | undefined, decimals = 0): string {
  if (value == null || Number.isNaN(value)) return MISSING;
  return numberFormat({style: "currency", currency: "EUR", minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(value);
}

/** Formats a date as `27 november 2026` in Amsterdam time. Accepts a Date or an ISO string. */
export function formatDate(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (!date) return MISSING;
  return new Intl.DateTimeFormat(LOCALE, {day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE}).format(date);
}

/** Formats a date and time as `27 november 2026 om 14:05` in Amsterdam time. */
export function formatDateTime(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (!date) return MISSING;
  const day = formatDate(date);
  const time = new Intl.DateTimeFormat(LOCALE, {hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE}).format(date);
  return `${day} om ${time}`;
}

function toDate(value: Date | string | null | undefined): Date | null {
  if (value == null || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The Vega/D3 number locale for nl-NL, so chart axes read `1.234,5` too. */
export const vegaLocale = {
  number: {decimal: ",", thousands: ".", grouping: [3], currency: ["€\u00a0", ""]},
  time: {
    dateTime: "%a %e %B %Y %T",
    date: "%d-%m-%Y",
    time: "%H:%M:%S",
    periods: ["AM", "PM"],
    days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
    months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
  }
};
