/**
 * Every wording of an indicator's title that CBS is known to have used, with the unit and where it was seen. The
 * matcher (./titles.ts) does not read this list: it is the record the tests hold the matcher to (one test per
 * entry), so a new wording found in a pull is added here first, with its source, and then made to match.
 */

/** One known wording. */
export interface TitleVariant {
  title: string;
  /** CBS's `Unit` of the column, or null where the source shows none. */
  unit: string | null;
  indicator: string;
  /** KWB editions (or tables) it was seen in. */
  seen: string[];
  /** Where: a CBS page, a table, a document, or a run reported in an issue. */
  source: string;
}

const KWB_2018 = "cbs.nl/cijfers/detail/84286NED (KWB 2018), column headers";
const KWB_2019 = "cbs.nl/cijfers/detail/84583NED (KWB 2019), column headers";
const KAART = "CBS, Toelichting Wijk- en Buurtkaart 2022, 2023 en 2024 (labels of the KWB variables)";

export const TITLE_VARIANTS: readonly TitleVariant[] = [
  {title: "Aantal inwoners", unit: "aantal", indicator: "inwoners", seen: ["2019", "2022", "2023", "2024"], source: `${KWB_2019}; ${KAART}`},
  {title: "Huishoudens totaal", unit: "aantal", indicator: "huishoudens", seen: ["2019", "2022", "2023", "2024"], source: `Den Haag KWB 2019 (HuishoudensTotaal_28); ${KAART}`},
  {title: "Gemiddeld inkomen per inwoner", unit: "x 1 000 euro", indicator: "inkomen_per_inwoner", seen: ["2018", "2019", "2022"], source: `${KWB_2018}; ${KWB_2019}; ${KAART}`},
  {title: "Huishoudens met een laag inkomen", unit: "%", indicator: "laag_inkomen_pct", seen: ["2018", "2019", "2022"], source: `${KWB_2018}; ${KWB_2019}; ${KAART}`},
  {title: "Huishouden met laag inkomen", unit: "%", indicator: "laag_inkomen_pct", seen: ["70904NED (KWB 2009–2012)"], source: "cbs.nl/cijfers/detail/70904ned, column headers"},
  {title: "Huish. onder of rond sociaal minimum", unit: "%", indicator: "sociaal_minimum_pct", seen: ["2018", "2019", "70904NED"], source: `${KWB_2018}; ${KWB_2019}`},
  {title: "Huishouden onder of rond sociaal minimum", unit: "%", indicator: "sociaal_minimum_pct", seen: ["2022", "2023", "2024"], source: KAART},
  {title: "Huish. onder of rond het sociaal minimum", unit: "%", indicator: "sociaal_minimum_pct", seen: ["71713NED"], source: "cbs.nl/cijfers/detail/71713ned, column headers"},
  {title: "Huishoudens onder of rond sociaal minimum", unit: "%", indicator: "sociaal_minimum_pct", seen: ["2019 (DataProperties title used by the test fixtures)"], source: "tests/fixtures/cbs/tables.ts (not confirmed on a CBS page)"},
  {title: "Huishoudens tot 110% van sociaal minimum", unit: "%", indicator: "tot_110_pct", seen: ["2018", "2019", "2022"], source: `${KWB_2018}; ${KWB_2019}; ${KAART}`},
  {title: "Huishoudens tot 120% van sociaal minimum", unit: "%", indicator: "tot_120_pct", seen: ["2018", "2019", "2022"], source: `${KWB_2018}; ${KWB_2019}; ${KAART}`},
  {title: "Personen in armoede", unit: "%", indicator: "armoede_personen_pct", seen: ["2024"], source: "cbs-odata.md §3.2 (PersonenInArmoede_81 in 85984NED; third-party)"},
  {title: "Personen per soort uitkering; Bijstand", unit: "aantal", indicator: "bijstand", seen: ["2019"], source: KWB_2019},
  {title: "Bijstand", unit: "aantal", indicator: "bijstand", seen: ["2019 (title without its group)"], source: "tests/kwb/fixtures.ts REAL_TITLES (not confirmed on a CBS page)"},
  {title: "Wmo-cliënten", unit: "aantal", indicator: "wmo", seen: ["2018", "2019"], source: KWB_2018},
  {title: "Aantal Wmo-cliënten", unit: "aantal", indicator: "wmo", seen: ["earlier README"], source: "README of this project (not confirmed on a CBS page)"},
  {title: "Wmo-cliënten relatief", unit: "per 1 000 inwoners", indicator: "wmo_per_1000", seen: ["2018", "2019"], source: KWB_2018},
  {title: "Jongeren met jeugdzorg in natura", unit: "aantal", indicator: "jeugdzorg", seen: ["2018", "2019", "2022"], source: `${KWB_2018}; ${KAART}`},
  {title: "Aantal jongeren met jeugdzorg in natura", unit: "aantal", indicator: "jeugdzorg", seen: ["2023"], source: "issue 18, a run on KWB 2023 (85618NED)"},
  {title: "Percentage jongeren met jeugdzorg", unit: "%", indicator: "jeugdzorg_pct", seen: ["2018", "2019", "2024"], source: `${KWB_2018}; issue 18, a run on KWB 2024 (85984NED)`},
  {title: "Percentage jongeren met jeugdzorg in natura", unit: "%", indicator: "jeugdzorg_pct", seen: ["2023"], source: "issue 18, a run on KWB 2023 (85618NED)"}
];
