/**
 * Stable poverty indicators, resolved by CBS title, never by key: keys change with every KWB edition
 * (`HuishoudensMetEenLaagInkomen_78` in 2019, `_87` in 2023) and titles come in variants
 * ("Huish. onder of rond sociaal minimum" / "Huishoudens onder of rond sociaal minimum").
 */

/** What a value of an indicator is. */
export type IndicatorUnit = "aantal" | "%" | "x 1 000 euro" | "per 1 000 inwoners";

/** A stable indicator: its id, Dutch label and the CBS titles (normalised, see {@link normaliseTitle}) that mean it. */
export interface IndicatorDef {
  id: string;
  /** Reader-facing Dutch label. */
  label: string;
  unit: IndicatorUnit;
  decimals: number;
  titles: string[];
  /** Derived from other indicators when CBS does not publish it: numerator and denominator, × 1000. */
  derive?: {numerator: string; denominator: string};
  /** Whether the study maps and ranks it (shares and rates; counts only serve as context). */
  mapped: boolean;
}

/** The indicators of the poverty study, in reading order. */
export const INDICATORS: readonly IndicatorDef[] = [
  {id: "inwoners", label: "Inwoners", unit: "aantal", decimals: 0, titles: ["inwoners"], mapped: false},
  {id: "huishoudens", label: "Huishoudens", unit: "aantal", decimals: 0, titles: ["huishoudens totaal", "huishoudens"], mapped: false},
  {id: "inkomen_per_inwoner", label: "Gemiddeld inkomen per inwoner (× € 1.000)", unit: "x 1 000 euro", decimals: 1, titles: ["gemiddeld inkomen per inwoner"], mapped: true},
  {id: "laag_inkomen_pct", label: "Huishoudens met een laag inkomen (%)", unit: "%", decimals: 1, titles: ["huishoudens met een laag inkomen", "huishoudens met laag inkomen"], mapped: true},
  {id: "sociaal_minimum_pct", label: "Huishoudens onder of rond het sociaal minimum (%)", unit: "%", decimals: 1,
    titles: ["huishoudens onder of rond sociaal minimum", "huishoudens onder of rond het sociaal minimum"], mapped: true},
  {id: "tot_110_pct", label: "Huishoudens tot 110% van het sociaal minimum (%)", unit: "%", decimals: 1,
    titles: ["huishoudens tot 110 van sociaal minimum", "huishoudens tot 110 van het sociaal minimum"], mapped: true},
  {id: "tot_120_pct", label: "Huishoudens tot 120% van het sociaal minimum (%)", unit: "%", decimals: 1,
    titles: ["huishoudens tot 120 van sociaal minimum", "huishoudens tot 120 van het sociaal minimum"], mapped: true},
  {id: "armoede_personen_pct", label: "Personen in armoede (%)", unit: "%", decimals: 1, titles: ["personen in armoede"], mapped: true},
  {id: "bijstand", label: "Personen met bijstand", unit: "aantal", decimals: 0,
    titles: ["bijstand", "personen per soort uitkering bijstand", "personen met bijstand", "personen met een bijstandsuitkering"], mapped: false},
  {id: "bijstand_per_1000", label: "Personen met bijstand per 1.000 inwoners", unit: "per 1 000 inwoners", decimals: 1, titles: [],
    derive: {numerator: "bijstand", denominator: "inwoners"}, mapped: true},
  {id: "wmo", label: "Wmo-cliënten", unit: "aantal", decimals: 0, titles: ["wmo clienten", "personen met wmo voorziening"], mapped: false},
  {id: "wmo_per_1000", label: "Wmo-cliënten per 1.000 inwoners", unit: "per 1 000 inwoners", decimals: 1, titles: ["wmo clienten relatief"],
    derive: {numerator: "wmo", denominator: "inwoners"}, mapped: true},
  {id: "jeugdzorg", label: "Jongeren met jeugdzorg in natura", unit: "aantal", decimals: 0, titles: ["jongeren met jeugdzorg in natura", "jongeren met jeugdzorg"], mapped: false},
  {id: "jeugdzorg_pct", label: "Jongeren met jeugdzorg (%)", unit: "%", decimals: 1,
    titles: ["percentage jongeren met jeugdzorg", "jongeren met jeugdzorg in natura relatief", "jongeren met jeugdzorg in natura percentage"], mapped: true}
];

const BY_ID = new Map(INDICATORS.map((d) => [d.id, d]));

/** The definition of a stable indicator, or undefined for a measure kept under its own key. */
export function indicatorDef(id: string): IndicatorDef | undefined {
  return BY_ID.get(id);
}

/**
 * Normalises a CBS title for matching: accents and case dropped, CBS's abbreviation "Huish." written out, a
 * leading "Aantal" dropped ("Aantal Wmo-cliënten" = "Wmo-cliënten"), units and punctuation reduced to spaces.
 */
export function normaliseTitle(title: string): string {
  return title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\bhuish\.?(?=\s|$)/g, "huishoudens")
    .replace(/\([^)]*\)/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^aantal /, "");
}

const BY_TITLE = new Map<string, string>();
for (const d of INDICATORS) for (const t of d.titles) BY_TITLE.set(t, d.id);

/** The stable indicator id a CBS measure title stands for, or null. */
export function indicatorOfTitle(title: string): string | null {
  return BY_TITLE.get(normaliseTitle(title)) ?? null;
}

/** One measure of an edition and what it became. */
export interface IndicatorSource {
  indicator: string;
  /** The CBS key, or null for an indicator derived here. */
  key: string | null;
  title: string;
  unit: string | null;
}

/**
 * Maps the numeric measures of one edition to indicators. A measure that matches no indicator keeps its own key as
 * indicator id. Two measures claiming one indicator is an error naming both, rather than a silent pick.
 */
export function mapMeasures(measures: {key: string; title: string; unit?: string | null; datatype?: string | null}[], where: string): IndicatorSource[] {
  const out: IndicatorSource[] = [];
  const claimed = new Map<string, IndicatorSource>();
  for (const m of measures) {
    if (m.datatype && m.datatype !== "number") continue;
    const id = indicatorOfTitle(m.title);
    const source: IndicatorSource = {indicator: id ?? m.key, key: m.key, title: m.title, unit: m.unit?.trim() || null};
    if (id) {
      const other = claimed.get(id);
      if (other) throw new Error(`${where}: measures ${other.key} ("${other.title}") and ${m.key} ("${m.title}") both match indicator ${id}`);
      claimed.set(id, source);
    }
    out.push(source);
  }
  return out;
}
