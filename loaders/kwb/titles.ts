/**
 * Matching a CBS measure title to a stable indicator. CBS words the same column differently between KWB editions
 * ("Huish." / "Huishoudens", "Aantal Wmo-cliënten" / "Wmo-cliënten", "Percentage jongeren met jeugdzorg in natura" /
 * "Percentage jongeren met jeugdzorg"), so a title is reduced to a normalised core plus what its wording says about
 * the unit ("Aantal", "Percentage", "%", "relatief", "per 1 000 inwoners"). The core finds the candidates; the unit
 * (CBS's `Unit` field first, the wording second) picks one, so a count never lands on a share with the same words.
 */

/** What kind of number a measure holds. */
export type UnitFamily = "count" | "pct" | "per1000" | "euro1000";

/** A title reduced for matching: its core words and the unit its wording implies, if any. */
export interface NormalisedTitle {
  core: string;
  /** From the wording: "aantal" → count, "percentage"/"%" → pct, "per 1 000 inwoners" → per1000, "relatief" → rate. */
  hint: UnitFamily | "rate" | null;
}

/** Words that carry no meaning for matching ("Huishoudens onder of rond het sociaal minimum" = "… rond sociaal minimum"). */
const ARTICLES = new Set(["de", "het", "een"]);

/**
 * Normalises a CBS title: accents and case dropped, "Huish."/"Huishouden" written "huishoudens", "in natura" dropped,
 * unit words taken off into `hint`, punctuation reduced to single spaces, articles dropped.
 */
export function normaliseTitle(title: string): NormalisedTitle {
  let hint: NormalisedTitle["hint"] = null;
  let t = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  // Units CBS writes in the title itself, usually in parentheses: "(%)", "(per 1 000 inwoners)", "(x 1 000 euro)".
  const paren = /\(([^)]*)\)/g;
  for (const m of t.matchAll(paren)) hint ??= unitFamily(m[1]);
  t = t.replace(paren, " ");
  if (/\bper 1\s?000 inwoners\b/.test(t)) {
    hint = "per1000";
    t = t.replace(/\bper 1\s?000 inwoners\b/g, " ");
  }
  // "110%" is part of the name; a "%" left after that marks a share.
  t = t.replace(/(\d)\s*%/g, "$1");
  if (t.includes("%")) hint ??= "pct";
  t = t
    .replace(/\bhuish\b\.?/g, "huishoudens")
    .replace(/\bhuishouden\b/g, "huishoudens")
    .replace(/\bin natura\b/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  const words = t.split(" ").filter((w) => w && !ARTICLES.has(w));
  if (words[0] === "aantal") {
    hint ??= "count";
    words.shift();
  }
  if (words[0] === "percentage") {
    hint ??= "pct";
    words.shift();
  }
  if (words.at(-1) === "relatief") {
    hint ??= "rate";
    words.pop();
  }
  return {core: words.join(" "), hint};
}

/** The family of a CBS `Unit` value ("aantal", "%", "per 1 000 inwoners", "x 1 000 euro"), or null when unknown. */
export function unitFamily(unit: string | null | undefined): UnitFamily | null {
  const u = (unit ?? "").trim().toLowerCase();
  if (!u) return null;
  if (u === "aantal" || u === "absoluut") return "count";
  if (u === "%" || u === "procent" || u === "percentage") return "pct";
  if (/^per 1\s?000( inwoners)?$/.test(u)) return "per1000";
  if (/^(x )?1\s?000 euro$/.test(u)) return "euro1000";
  return null;
}

/** A candidate for matching: an indicator id, the normalised cores it answers to and its unit family. */
export interface MatchTarget {
  id: string;
  cores: readonly string[];
  family: UnitFamily;
}

/** The outcome of matching one measure. */
export type MatchResult =
  | {indicator: string}
  /** Looks like an indicator (its core, or a distinctive word of one) but is not accepted; `reason` says why. */
  | {rejected: string}
  /** Nothing to do with the study's indicators. */
  | null;

/** Words that make a measure look like one of the study's indicators even when its wording is new. */
const INDICATOR_WORDS = /\b(sociaal minimum|laag inkomen|armoede\w*|bijstand\w*|wmo|jeugdzorg|inkomen per inwoner)\b/;

const FAMILY_NAMES: Record<UnitFamily | "rate", string> = {count: "aantal", pct: "%", per1000: "per 1 000 inwoners", euro1000: "x 1 000 euro", rate: "relatief"};

/**
 * Matches a measure (title and CBS unit) against the targets. The unit decides among targets that share a core:
 * CBS's `Unit` when it names a known family, else the wording; a wording that contradicts the unit is refused
 * rather than guessed. Without either, a bare noun phrase is a count when a count target exists, else the only target.
 */
export function matchMeasure(title: string, unit: string | null | undefined, targets: readonly MatchTarget[]): MatchResult {
  const {core, hint} = normaliseTitle(title);
  const candidates = targets.filter((t) => t.cores.includes(core));
  const fromUnit = unitFamily(unit);
  const describe = `„${title}”${unit ? ` (${unit.trim()})` : ""}`;
  if (!candidates.length) {
    return INDICATOR_WORDS.test(core) ? {rejected: `${describe}: geen indicator met deze omschrijving`} : null;
  }
  if (fromUnit && hint && hint !== "rate" && hint !== fromUnit) {
    return {rejected: `${describe}: de titel zegt ${FAMILY_NAMES[hint]}, de eenheid ${FAMILY_NAMES[fromUnit]}`};
  }
  let family: UnitFamily | "rate" | null = fromUnit ?? hint;
  let pick: MatchTarget[];
  if (family === "rate") pick = candidates.filter((c) => c.family === "pct" || c.family === "per1000");
  else if (family) pick = candidates.filter((c) => c.family === family);
  else {
    const counts = candidates.filter((c) => c.family === "count");
    pick = counts.length ? counts : candidates;
    family = pick.length === 1 ? pick[0].family : null;
  }
  if (pick.length === 1) return {indicator: pick[0].id};
  const expected = [...new Set(candidates.map((c) => FAMILY_NAMES[c.family]))].join(" of ");
  if (!pick.length) return {rejected: `${describe}: eenheid ${family ? FAMILY_NAMES[family] : "onbekend"} past niet bij ${candidates.map((c) => c.id).join(", ")} (${expected})`};
  return {rejected: `${describe}: eenheid onbekend, dus niet te kiezen tussen ${pick.map((c) => c.id).join(" en ")}`};
}
