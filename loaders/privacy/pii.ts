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

/** Lower-case words of a column name: `naamAanvrager`, `naam_aanvrager` and `Naam aanvrager` → [naam, aanvrager]. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
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

const FULL_DATE = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})([ T]\d{1,2}:\d{2}(:\d{2})?)?$/;
const STREET_NUMBER = /\p{L}(straat|laan|weg|plein|gracht|kade|singel|dijk|pad|hof|steeg|dreef|park|ring|markt|plantsoen|erf|straatweg|dam|burgwal|street|road|avenue)\s+\d+/iu;
const POSTCODE_NUMBER = /^[1-9]\d{3}\s?[A-Za-z]{2}[\s,-]*\d+\s*[a-zA-Z]?$/;
const PC6 = /^[1-9]\d{3}\s?[A-Za-z]{2}$/;

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
  if (values.every((v) => /^\d{8,9}$/.test(v)) && share(passesElfproef) >= 0.9) add("bsn", "9-digit numbers that pass the 11-proef (BSN)");
  if (share((v) => FULL_DATE.test(v)) >= 0.5) add("date-of-birth", "full calendar dates (like a date of birth); publish a year or month instead");
  if (values.some((v) => STREET_NUMBER.test(v))) add("address", "a street name with a house number");
  if (values.some((v) => POSTCODE_NUMBER.test(v))) add("address", "a postcode with a house number");
  if (values.some(isIban)) add("iban", "an IBAN bank account number");
  if (values.some((v) => v.length > 80 || words(v) >= 8)) add("free-text", "long free text (8 or more words, or over 80 characters)");
  return out;
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
