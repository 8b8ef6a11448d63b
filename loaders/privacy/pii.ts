/**
 * The PII gate: before anything is written, refuse a published table whose columns look personal, and name the
 * column. Detectors: BSN (9 digits passing the 11-proef), a name column, a date of birth, a full address or a
 * postcode plus house number, an IBAN, free text. Count columns are only checked by name (a 9-digit count is no
 * BSN), and CBS area codes are never checked (a buurt code is no BSN).
 */

export type PiiKind = "bsn" | "name" | "date-of-birth" | "address" | "iban" | "free-text";

export interface PiiFinding {
  column: string;
  kind: PiiKind;
  /** What was seen, without any value. */
  reason: string;
}

/** A column of the table about to be published. */
export interface PublishedColumn {
  name: string;
  /** `category` columns are checked by name and value; `count` columns by name only. */
  role: "category" | "count";
  values: string[];
}

/**
 * Lower-case words of a column name without diacritics: `naamAanvrager`, `naam_aanvrager` and `Naam aanvrager` →
 * [naam, aanvrager]; `Cliënt` → [client].
 */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True for 9 digits (or 8, read with a leading zero) that pass the 11-proef, as every BSN does. */
export function passesElfproef(value: string): boolean {
  if (!/^\d{8,9}$/.test(value)) return false;
  const d = value.padStart(9, "0");
  if (/^0+$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(d[i]);
  sum -= Number(d[8]);
  return sum % 11 === 0;
}

/** True for an IBAN with a valid mod-97 check. */
export function isIban(value: string): boolean {
  const s = value.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const digits = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return rest === 1;
}

/** A BSN written with separators or none: `111222333`, `111.222.333`, `111 222 333`, `111-222-333`. */
const BSN_TOKEN = /(?<![\p{L}\d.,-])(\d{3})([ .-]?)(\d{3})\2(\d{3})(?![\d,]|\.\d)/gu;
const STREET_NUMBER = /\p{L}(straat|laan|weg|plein|gracht|kade|singel|dijk|pad|hof|steeg|dreef|park|ring|markt|plantsoen|erf|straatweg|dam|burgwal|street|road|avenue)\s+\d+/iu;
/** A postcode with a house number and maybe an addition, anywhere in a value: `2511 AA 12`, `2511AA, 12-1`, `2511 AA 12 bis`. */
const POSTCODE_NUMBER = /(?<![\p{L}\d])[1-9]\d{3}\s?[A-Za-z]{2}(?![\p{L}])[\s,]*\d{1,5}(?![\d])/u;
const PC6 = /^[1-9]\d{3}\s?[A-Za-z]{2}$/;
/**
 * A street name of capitalised words with a house number and maybe an addition, without a street-type suffix:
 * `Lange Voorhout 12`, `Spui 70`, `Plein 1813 4-B`.
 */
const NAME_NUMBER = /^(\p{Lu}[\p{L}'’.-]*(?:\s+(?:[\p{L}'’.-]+|\d{4}))*)\s+(\d{1,5})(?:\s*[a-zA-Z]{1,2}|\s*[-/ ]\s*[a-zA-Z0-9]{1,4})?$/u;

const MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october|jan|feb|febr|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec";
/** Whole-value dates: ISO, day-month-year with a 4- or 2-digit year, a compact `19800201`, or `1 februari 1980`. */
const DATE_FORMS: RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  new RegExp(`^(\\d{1,2})\\s+(${MONTHS})\\.?\\s+(\\d{4}|\\d{2})$`, "i")
];
/** Dates inside longer text (unambiguous forms only). */
const DATE_INSIDE = new RegExp(`(?<![\\d-])(\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{4}|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}\\s+(?:${MONTHS})\\.?\\s+\\d{4})(?!\\d)`, "i");

/** True when a value is a calendar date (day, month and year; a valid day of a valid month). */
export function isFullDate(value: string): boolean {
  for (const [i, re] of DATE_FORMS.entries()) {
    const m = re.exec(value.trim());
    if (!m) continue;
    let [day, month, year] = i === 0 || i === 2 ? [Number(m[3]), Number(m[2]), Number(m[1])] : [Number(m[1]), i === 3 ? monthNumber(m[2]) : Number(m[2]), Number(m[3])];
    if (m[3].length === 2 && i !== 0 && i !== 2) year += year > 30 ? 1900 : 2000;
    // A compact 8-digit value is only a date in a plausible range (an 8-digit code usually is not).
    if (i === 2 && (year < 1900 || year > 2099)) continue;
    if (month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()) return true;
  }
  return false;
}

function monthNumber(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, "");
  const order = ["jan", "feb", "ma", "apr", "mei|may", "jun", "jul", "aug", "sep", "o[kc]t", "nov", "dec"];
  const i = order.findIndex((p) => new RegExp(`^(${p})`).test(n));
  return i + 1;
}

/** A person's name: `Jansen, Piet`, `Vries, de, Anna`, `Jansen, P.`. */
const SURNAME_FIRST = /^\p{Lu}[\p{L}'’-]+(?:\s+[\p{L}'’-]+)*,\s*(?:\p{Ll}+\s+)*(?:\p{Ll}+,\s*)?\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*$/u;
/** Initials and a surname: `P. Jansen`, `P.J. de Vries`. */
const INITIALS_NAME = /^(?:\p{Lu}\.\s*)+(?:\p{Ll}+\s+)*\p{Lu}[\p{L}'’-]+$/u;
/** Given name and surname: `Piet Jansen`, `Anna de Vries` (only in a column that says it holds people). */
const GIVEN_SURNAME = /^\p{Lu}\p{Ll}+(?:\s+\p{Ll}+)*\s+\p{Lu}[\p{L}'’-]+$/u;
/** Column-name words for a person in a case file: the values of such a column may be names. */
const PERSON_WORDS = ["aanvrager", "aanvraagster", "client", "clienten", "klant", "klanten", "cliente", "persoon", "personen", "deelnemer", "ontvanger", "burger", "inwoner", "contactpersoon", "behandelaar", "consulent", "medewerker", "partner", "kind", "applicant", "customer", "person", "recipient", "beneficiary"];

const NAME_WORDS = ["voornaam", "voornamen", "achternaam", "roepnaam", "geslachtsnaam", "voorletters", "tussenvoegsel", "firstname", "lastname", "surname", "fullname", "givenname"];
/** Words that make "naam" a non-personal name: `buurtnaam`, `regeling_naam`. */
const SAFE_NAME_CONTEXT = ["buurt", "wijk", "gemeente", "region", "regio", "regeling", "scheme", "straat", "plaats", "stad", "product", "school", "organisatie", "instelling", "categorie", "indicator", "variabele", "kolom", "column", "area", "gebied", "stadsdeel", "provincie"];
const BIRTH_WORDS = ["geboortedatum", "geboortedag", "gebdatum", "gebdat", "dob", "birth", "birthdate", "birthday", "geboren"];
const ADDRESS_WORDS = ["adres", "address", "straat", "straatnaam", "street", "huisnummer", "huisnr", "housenumber", "huisletter", "huisnummertoevoeging"];
const IBAN_WORDS = ["iban", "rekeningnummer", "bankrekening", "bankrekeningnummer", "rekeningnr"];
const BSN_WORDS = ["bsn", "burgerservicenummer", "sofinummer", "sofinr"];
const TEXT_WORDS = ["toelichting", "opmerking", "opmerkingen", "notitie", "notities", "memo", "comment", "comments", "note", "notes", "vrijetekst", "freetext", "remarks", "bijzonderheden", "motivatie", "omschrijving"];

function isPersonalNameColumn(tokens: string[]): boolean {
  if (tokens.some((t) => NAME_WORDS.includes(t))) return true;
  const safe = tokens.some((t) => SAFE_NAME_CONTEXT.includes(t));
  return tokens.some((t) => {
    if (t === "naam" || t === "name" || t === "namen") return !safe;
    const m = /^(.+?)(naam|name)$/.exec(t);
    return m != null && !SAFE_NAME_CONTEXT.includes(m[1]) && !safe;
  });
}

const words = (v: string) => v.trim().split(/\s+/).filter(Boolean).length;

/** Findings for one column; empty when it looks safe. */
export function inspectColumn(column: PublishedColumn): PiiFinding[] {
  const tokens = nameTokens(column.name);
  const joined = tokens.join("");
  const has = (list: string[]) => tokens.some((t) => list.includes(t)) || list.includes(joined);
  const out: PiiFinding[] = [];
  const add = (kind: PiiKind, reason: string) => out.push({column: column.name, kind, reason});
  if (has(BSN_WORDS)) add("bsn", "the column name says BSN");
  if (isPersonalNameColumn(tokens)) add("name", "the column name says it holds names");
  if (has(BIRTH_WORDS)) add("date-of-birth", "the column name says date of birth");
  if (has(ADDRESS_WORDS)) add("address", "the column name says address or house number");
  if (has(IBAN_WORDS)) add("iban", "the column name says bank account");
  if (has(TEXT_WORDS)) add("free-text", "the column name says free text");
  if (column.role === "count") return out;
  const values = column.values.map((v) => v.trim()).filter((v) => v !== "");
  if (!values.length) return out;
  const share = (test: (v: string) => boolean) => values.filter(test).length / values.length;
  const bsn = bsnFinding(values);
  if (bsn) add("bsn", bsn);
  // One date among the categories is one date too many: the rest may be labels around a personal date.
  if (values.some(isFullDate)) add("date-of-birth", "full calendar dates (like a date of birth); publish a year or month instead");
  else if (values.some((v) => DATE_INSIDE.test(v))) add("date-of-birth", "a full calendar date inside the text; publish a year or month instead");
  const personColumn = tokens.some((t) => PERSON_WORDS.includes(t));
  const nameLike = (v: string) => INITIALS_NAME.test(v) || (personColumn && (SURNAME_FIRST.test(v) || GIVEN_SURNAME.test(v)));
  if (!out.some((f) => f.kind === "name") && (values.some(nameLike) || share((v) => SURNAME_FIRST.test(v)) >= 0.5)) add("name", "values written like personal names (\"Surname, Given name\" or initials)");
  if (values.some((v) => STREET_NUMBER.test(v))) add("address", "a street name with a house number");
  else if (streetLike(values)) add("address", "street names with house numbers");
  if (values.some((v) => POSTCODE_NUMBER.test(v))) add("address", "a postcode with a house number");
  if (values.some(isIban)) add("iban", "an IBAN bank account number");
  if (values.some((v) => v.length > 80 || words(v) >= 8)) add("free-text", "long free text (8 or more words, or over 80 characters)");
  return out;
}

/**
 * Why a column holds BSNs, or null. A column of bare 9-digit numbers (separators allowed) is refused when nearly all
 * pass the 11-proef (one random number in eleven does); in a column with text, one BSN-like number that passes
 * the 11-proef is enough.
 */
function bsnFinding(values: string[]): string | null {
  const bare = (v: string) => /^\d{3}([ .-]?)\d{3}\1\d{3}$/.test(v) || /^\d{8}$/.test(v);
  const digits = (v: string) => v.replace(/[ .-]/g, "");
  if (values.every(bare)) return values.filter((v) => passesElfproef(digits(v))).length / values.length >= 0.9 ? "9-digit numbers that pass the 11-proef (BSN)" : null;
  for (const v of values) {
    for (const m of v.matchAll(BSN_TOKEN)) if (passesElfproef(m[1] + m[3] + m[4])) return "a number that passes the 11-proef (BSN) inside the text";
  }
  return null;
}

/**
 * True when values look like street names with house numbers even without a street-type suffix ("Spui 70"): at
 * least half of them, or two with different names. A year is no house number ("Stadspas 2020").
 */
function streetLike(values: string[]): boolean {
  const streets = new Set<string>();
  let n = 0;
  for (const v of values) {
    const m = NAME_NUMBER.exec(v);
    if (!m || /^(19|20)\d{2}$/.test(m[2])) continue;
    n++;
    streets.add(m[1].toLowerCase());
  }
  return n > 0 && (streets.size >= 2 || n / values.length >= 0.5);
}

/**
 * Findings for a whole table: every column on its own, plus a postcode column next to a house-number column
 * (each harmless alone, an address together).
 */
export function inspectTable(columns: PublishedColumn[]): PiiFinding[] {
  const findings = columns.flatMap(inspectColumn);
  const postcode = columns.find((c) => c.role === "category" && c.values.length > 0 && c.values.filter((v) => v.trim()).every((v) => PC6.test(v.trim())));
  const number = columns.find((c) => c !== postcode && c.role === "category" && /huis|house|nummer|number|^nr$/.test(nameTokens(c.name).join("")) && c.values.filter((v) => v.trim()).every((v) => /^\d{1,5}\s*[a-zA-Z]?$/.test(v.trim())));
  if (postcode && number && !findings.some((f) => f.column === number.name && f.kind === "address")) {
    findings.push({column: number.name, kind: "address", reason: `house numbers next to the postcodes in "${postcode.name}"`});
  }
  return findings;
}

/** The refusal message naming every column and why (the caller prefixes the dataset name). */
export function piiRefusal(findings: PiiFinding[]): string {
  const lines = findings.map((f) => `column "${f.column}": ${f.kind} — ${f.reason}`);
  return `refused by the privacy gate, the published table would hold something that looks personal:\n  ${lines.join("\n  ")}\nRemove the column from "by" (or from the extract). Nothing was written.`;
}
