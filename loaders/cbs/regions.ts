/** CBS region codes: level classification and the fixed-width padding that OData v3 applies to dimension keys. */

/** The geographic levels a CBS region code can denote; "overig" covers COROP, GGD, arbeidsmarkt and other regions. */
export type RegionLevel = "land" | "landsdeel" | "provincie" | "gemeente" | "wijk" | "buurt" | "overig";

/** Every level, in order from coarse to fine. */
export const REGION_LEVELS: readonly RegionLevel[] = ["land", "landsdeel", "provincie", "gemeente", "wijk", "buurt", "overig"];

/** The code prefix of each level that has one; used to push level filters down as `startswith`. */
export const LEVEL_PREFIX: Partial<Record<RegionLevel, string>> = {
  land: "NL",
  landsdeel: "LD",
  provincie: "PV",
  gemeente: "GM",
  wijk: "WK",
  buurt: "BU"
};

// Since KWB 2023 Amsterdam's wijk and buurt codes carry letters (WK0363AA, BU0363AA01), so the tails are alphanumeric.
const PATTERNS: [RegionLevel, RegExp][] = [
  ["land", /^NL\d{2}$/],
  ["landsdeel", /^LD\d{2}$/],
  ["provincie", /^PV\d{2}$/],
  ["gemeente", /^GM\d{4}$/],
  ["wijk", /^WK\d{4}[0-9A-Z]{2}$/],
  ["buurt", /^BU\d{4}[0-9A-Z]{4}$/]
];

/** Classifies an (unpadded or padded) region code; unknown shapes are "overig" rather than an error. */
export function regionLevel(code: string): RegionLevel {
  const c = unpad(code);
  for (const [level, re] of PATTERNS) if (re.test(c)) return level;
  return "overig";
}

/** True when the code is a land, gemeente, wijk or buurt code in the KWB sense (including Amsterdam's letters). */
export function isKwbCode(code: string): boolean {
  return /^(NL\d{2}|GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$/.test(unpad(code));
}

/** Removes v3's right padding (`"GM0363    "` -> `"GM0363"`); codes never carry meaningful trailing spaces. */
export function unpad(code: string): string {
  return code.trimEnd();
}

/** Pads a code to the dimension's width, because v3 `$filter` literals only match the padded key. */
export function pad(code: string, width: number): string {
  return code.length >= width ? code : code.padEnd(width, " ");
}

/** The municipality a gemeente, wijk or buurt code belongs to (`BU05180374` -> `GM0518`), or null. */
export function municipalityOf(code: string): string | null {
  const m = /^(?:GM|WK|BU)(\d{4})/.exec(unpad(code));
  return m ? `GM${m[1]}` : null;
}

/** Normalises a user-given municipality (`GM0599`, `gm0599`, `0599`, `599`) to `GM0599`; throws on anything else. */
export function normaliseMunicipality(input: string): string {
  const s = input.trim().toUpperCase();
  const m = /^(?:GM)?(\d{1,4})$/.exec(s);
  if (!m) throw new Error(`not a municipality code: "${input}" (expected e.g. GM0599)`);
  return `GM${m[1].padStart(4, "0")}`;
}

/** Whether a region code lies within a municipality: the gemeente itself and its wijken and buurten. */
export function isWithin(code: string, municipality: string): boolean {
  return municipalityOf(code) === municipality;
}
