/**
 * Stable poverty indicators, resolved by CBS title, never by key: keys change with every KWB edition
 * (`HuishoudensMetEenLaagInkomen_78` in 2019, `_87` in 2023) and titles come in variants
 * ("Huish. onder of rond sociaal minimum" / "Huishoudens onder of rond sociaal minimum").
 */
import {matchMeasure, type MatchTarget, type UnitFamily} from "./titles.js";

export {normaliseTitle} from "./titles.js";

/** What a value of an indicator is. */
export type IndicatorUnit = "aantal" | "%" | "x 1 000 euro" | "per 1 000 inwoners";

/**
 * A stable indicator: its id, Dutch label, unit, and the normalised title cores that mean it (see
 * {@link normaliseTitle}: "Huish. onder of rond het sociaal minimum (%)" has core "huishoudens onder of rond sociaal
 * minimum"). The unit decides between indicators that share a core (the count and the share of jeugdzorg).
 */
export interface IndicatorDef {
  id: string;
  /** Reader-facing Dutch label. */
  label: string;
  unit: IndicatorUnit;
  decimals: number;
  cores: string[];
  /** Derived from other indicators when CBS does not publish it: numerator and denominator, × 1000. */
  derive?: {numerator: string; denominator: string};
  /** Whether the study maps and ranks it (shares and rates; counts only serve as context). */
  mapped: boolean;
}

/** The indicators of the poverty study, in reading order. Every title CBS is known to use is in ./variants.ts. */
export const INDICATORS: readonly IndicatorDef[] = [
  {id: "inwoners", label: "Inwoners", unit: "aantal", decimals: 0, cores: ["inwoners"], mapped: false},
  {id: "huishoudens", label: "Huishoudens", unit: "aantal", decimals: 0, cores: ["huishoudens totaal", "huishoudens", "particuliere huishoudens"], mapped: false},
  {id: "inkomen_per_inwoner", label: "Gemiddeld inkomen per inwoner (× € 1.000)", unit: "x 1 000 euro", decimals: 1, cores: ["gemiddeld inkomen per inwoner"], mapped: true},
  {id: "laag_inkomen_pct", label: "Huishoudens met een laag inkomen (%)", unit: "%", decimals: 1, cores: ["huishoudens met laag inkomen"], mapped: true},
  {id: "sociaal_minimum_pct", label: "Huishoudens onder of rond het sociaal minimum (%)", unit: "%", decimals: 1, cores: ["huishoudens onder of rond sociaal minimum"], mapped: true},
  {id: "tot_110_pct", label: "Huishoudens tot 110% van het sociaal minimum (%)", unit: "%", decimals: 1, cores: ["huishoudens tot 110 van sociaal minimum"], mapped: true},
  {id: "tot_120_pct", label: "Huishoudens tot 120% van het sociaal minimum (%)", unit: "%", decimals: 1, cores: ["huishoudens tot 120 van sociaal minimum"], mapped: true},
  {id: "armoede_personen_pct", label: "Personen in armoede (%)", unit: "%", decimals: 1, cores: ["personen in armoede"], mapped: true},
  {id: "bijstand", label: "Personen met bijstand", unit: "aantal", decimals: 0,
    cores: ["bijstand", "personen per soort uitkering bijstand", "personen met bijstand", "personen met bijstandsuitkering"], mapped: false},
  {id: "bijstand_per_1000", label: "Personen met bijstand per 1.000 inwoners", unit: "per 1 000 inwoners", decimals: 1, cores: [],
    derive: {numerator: "bijstand", denominator: "inwoners"}, mapped: true},
  {id: "wmo", label: "Wmo-cliënten", unit: "aantal", decimals: 0, cores: ["wmo clienten", "personen met wmo voorziening"], mapped: false},
  {id: "wmo_per_1000", label: "Wmo-cliënten per 1.000 inwoners", unit: "per 1 000 inwoners", decimals: 1, cores: ["wmo clienten"],
    derive: {numerator: "wmo", denominator: "inwoners"}, mapped: true},
  {id: "jeugdzorg", label: "Jongeren met jeugdzorg in natura", unit: "aantal", decimals: 0, cores: ["jongeren met jeugdzorg"], mapped: false},
  {id: "jeugdzorg_pct", label: "Jongeren met jeugdzorg (%)", unit: "%", decimals: 1, cores: ["jongeren met jeugdzorg"], mapped: true}
];

const BY_ID = new Map(INDICATORS.map((d) => [d.id, d]));

/** The definition of a stable indicator, or undefined for a measure kept under its own key. */
export function indicatorDef(id: string): IndicatorDef | undefined {
  return BY_ID.get(id);
}

const FAMILY: Record<IndicatorUnit, UnitFamily> = {aantal: "count", "%": "pct", "x 1 000 euro": "euro1000", "per 1 000 inwoners": "per1000"};
const TARGETS: MatchTarget[] = INDICATORS.filter((d) => d.cores.length).map((d) => ({id: d.id, cores: d.cores, family: FAMILY[d.unit]}));

/** The stable indicator id a CBS measure (title and unit) stands for, or null (see {@link matchMeasure}). */
export function indicatorOfTitle(title: string, unit?: string | null): string | null {
  const r = matchMeasure(title, unit, TARGETS);
  return r && "indicator" in r ? r.indicator : null;
}

/** A measure that looks like one of the indicators but is not accepted, with the reason (Dutch, for the pull output). */
export interface UnrecognisedMeasure {
  key: string;
  title: string;
  unit: string | null;
  reason: string;
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
 * indicator id; one that looks like an indicator but is refused (wrong unit, unknown wording) is also kept under its
 * key and reported through `unrecognised`. Two measures claiming one indicator is an error naming both, rather than
 * a silent pick.
 */
export function mapMeasures(
  measures: {key: string; title: string; unit?: string | null; datatype?: string | null}[],
  where: string,
  unrecognised?: (m: UnrecognisedMeasure) => void
): IndicatorSource[] {
  const out: IndicatorSource[] = [];
  const claimed = new Map<string, IndicatorSource>();
  for (const m of measures) {
    if (m.datatype && m.datatype !== "number") continue;
    const unit = m.unit?.trim() || null;
    const match = matchMeasure(m.title, unit, TARGETS);
    const id = match && "indicator" in match ? match.indicator : null;
    if (match && "rejected" in match) unrecognised?.({key: m.key, title: m.title, unit, reason: match.rejected});
    const source: IndicatorSource = {indicator: id ?? m.key, key: m.key, title: m.title, unit};
    if (id) {
      const other = claimed.get(id);
      if (other) throw new Error(`${where}: measures ${other.key} ("${other.title}") and ${m.key} ("${m.title}") both match indicator ${id}`);
      claimed.set(id, source);
    }
    out.push(source);
  }
  return out;
}
