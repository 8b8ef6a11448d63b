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

/**
 * Formats a date as `27 november 2026` in Dutch time, whatever the reader's time zone. Accepts a Date or an ISO
 * string; a string without offset (CBS `Modified`, `2021-11-30T02:00:00`) is already Dutch local time.
 */
export function formatDate(value: Date | string | null | undefined): string {
  const d = dutchInstant(value);
  if (!d) return MISSING;
  return new Intl.DateTimeFormat(LOCALE, {day: "numeric", month: "long", year: "numeric", timeZone: d.zone}).format(d.date);
}

/** Formats a date and time as `27 november 2026 om 14:05` in Dutch time (see {@link formatDate}). */
export function formatDateTime(value: Date | string | null | undefined): string {
  const d = dutchInstant(value);
  if (!d) return MISSING;
  const day = formatDate(value);
  const time = new Intl.DateTimeFormat(LOCALE, {hour: "2-digit", minute: "2-digit", timeZone: d.zone}).format(d.date);
  return `${day} om ${time}`;
}

/** An ISO date or date-time without `Z` or `±hh:mm`. */
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/**
 * The value as an instant plus the zone to read it in. `new Date("2021-11-30T02:00:00")` would take the reader's
 * zone (29 November in Tokyo), so a string without offset keeps its wall-clock fields: they are read as UTC and
 * formatted in UTC, which gives back exactly the Dutch date and time CBS wrote.
 */
function dutchInstant(value: Date | string | null | undefined): {date: Date; zone: string} | null {
  if (value == null || value === "") return null;
  const local = typeof value === "string" ? LOCAL_ISO.exec(value.trim()) : null;
  if (local) {
    const [y, mo, d, h = "0", mi = "0", s = "0", ms = "0"] = local.slice(1).map((p) => p ?? undefined);
    const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, +ms.padEnd(3, "0")));
    return Number.isNaN(date.getTime()) ? null : {date, zone: "UTC"};
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : {date, zone: TIME_ZONE};
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
