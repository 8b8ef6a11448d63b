/**
 * The take-up study of one gemeente as one page asset, computed at build time: the disclosure-controlled municipal
 * table joined to the KWB target group, the map paths of the poverty study, the audit summary and the context.
 * The page only formats; it never sees a true count (there is none in the workspace).
 */
import {existsSync, readFileSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {buildStudy, studiesOf, type StudyData} from "../kwb/study.js";
import {parseAudit, type Audit} from "../privacy/audit.js";
import {TOTAL} from "../privacy/hypercube.js";
import {loadManifest, parseManifest, type Manifest, type MunicipalDataset} from "../snapshot/manifest.js";
import {workspace, type Workspace} from "../snapshot/paths.js";
import {readTableSnapshot} from "../snapshot/snapshot.js";
import {lineage} from "../../src/lib/lineage.js";
import {referenceEdition, takeUp, targetGroup} from "./bereik.js";
import {readTakeUpContext, type TakeUpContext} from "./context.js";

/** The share indicator that defines the target group, and the household count it applies to. */
export const TARGET_SHARE = "tot_120_pct";
export const HOUSEHOLDS = "huishoudens";
/** The poverty indicator on the scatter's horizontal axis. */
export const POVERTY = "laag_inkomen_pct";

/** One area × scheme × year of the study. */
export interface TakeUpRow {
  region_code: string;
  region_name: string;
  region_level: string;
  regeling: string;
  jaar: string;
  /** Published users, or null: suppressed ("afgeschermd"). */
  gebruikers: number | null;
  doelgroep: number | null;
  bereik: number | null;
  status: string | null;
  /** The KWB edition of the target group. */
  kwb_editie: number | null;
}

/** Where a year's target group comes from: CBS's share (edition, income year) and the household count it is applied to. */
export interface TakeUpReference {
  /** The KWB edition of the share `tot_120_pct`. */
  edition: number;
  /** The year its income figures describe, and whether CBS's metadata states it or it is assumed (edition − 2). */
  income_year: number;
  income_year_basis: "metadata" | "aanname";
  /** The KWB edition of the household count: the one of the income year when the workspace has it. */
  households_edition: number;
}

export interface TakeUpStudy {
  gemeente: {code: string; name: string};
  demo: boolean;
  datasets: {municipal: string; kwb: string; geometry: string | null};
  title: string;
  schemeColumn: string | null;
  yearColumn: string | null;
  schemes: string[];
  years: string[];
  /** Per year: the KWB edition the target group comes from. */
  reference: Record<string, number | null>;
  /** Per year: the income year, its basis and the edition of the household count (null without a target group). */
  referenceInfo: Record<string, TakeUpReference | null>;
  minDenominator: number;
  rows: TakeUpRow[];
  /** The poverty indicator per area and edition, for the scatter. */
  poverty: {label: string; values: Record<string, Record<string, number | null>>};
  map: StudyData["map"];
  /** The published audit: totals only (the rule per cell stays in the private audit). */
  audit: Audit;
  context: TakeUpContext;
}

const isMunicipal = (d: Manifest["datasets"][number]): d is MunicipalDataset => d.kind === "municipal";

/** The municipal datasets whose published table has a row for the gemeente `code` (the take-up study's sources). */
export function municipalDatasetsOf(manifest: Manifest, snapshotsDir: string, code: string): MunicipalDataset[] {
  return manifest.datasets.filter(isMunicipal).filter((d) => {
    const file = join(snapshotsDir, `${d.name}.csv`);
    return existsSync(file) && readFileSync(file, "utf8").includes(`\n${code},gemeente,`);
  });
}

/** `/gemeente/<code>/regelingen` for every study gemeente with a municipal table, for Framework's dynamicPaths. */
export function takeUpPaths(dataDir = workspace().dataDir): string[] {
  let manifest: Manifest;
  try {
    manifest = parseManifest(JSON.parse(readFileSync(join(dataDir, "workspace.json"), "utf8")));
  } catch {
    return [];
  }
  return studiesOf(manifest)
    .filter((s) => municipalDatasetsOf(manifest, join(dataDir, "snapshots"), s.code).length)
    .map((s) => `/gemeente/${s.code}/regelingen`);
}

/** The published municipal snapshot CSV behind a gemeente's take-up study, as bytes. */
export async function takeUpSnapshotBytes(code: string, ws: Workspace = workspace()): Promise<Buffer> {
  const dataset = municipalDatasetsOf(await loadManifest(ws.manifestPath), ws.snapshotsDir, code)[0];
  if (!dataset) throw new Error(`no municipal table covers ${code}`);
  return readFile(join(ws.snapshotsDir, `${dataset.name}.csv`));
}

/** Builds the take-up study asset of one gemeente from the first municipal table that covers it. */
export async function buildTakeUpStudy(ws: Workspace, code: string): Promise<TakeUpStudy> {
  const manifest = await loadManifest(ws.manifestPath);
  const dataset = municipalDatasetsOf(manifest, ws.snapshotsDir, code)[0];
  if (!dataset) throw new Error(`no municipal table covers ${code}`);
  const kwb = await buildStudy(ws, code);
  const audit = parseAudit(await readFile(join(ws.snapshotsDir, `${dataset.name}.audit.json`), "utf8"), `${dataset.name}.audit.json`);
  const {table} = await readTableSnapshot(ws.snapshotsDir, dataset.name);
  const by = audit.by;
  const valuesOf = (col: string) => [...new Set(table.rows.map((r) => String(r[col])))].filter((v) => v !== TOTAL).sort();
  // The year column is the `by` column whose values are all years; the scheme column is the first other one.
  const yearColumn = by.find((c) => valuesOf(c).every((v) => /^\d{4}$/.test(v))) ?? null;
  const schemeColumn = by.find((c) => c !== yearColumn) ?? null;
  const others = by.filter((c) => c !== yearColumn && c !== schemeColumn);
  const years = yearColumn ? valuesOf(yearColumn) : [TOTAL];
  const schemes = schemeColumn ? valuesOf(schemeColumn) : [TOTAL];
  const regionIndex = new Map(kwb.regions.map((r, i) => [r.code, i]));
  const filled = (e: number, indicator: string) => kwb.values[e]?.[indicator]?.[regionIndex.get(code) ?? -1] != null;
  // Editions whose income columns are filled for this gemeente, with the year their income figures describe.
  const candidates = kwb.editions.filter((e) => filled(e.edition, TARGET_SHARE)).map((e) => ({edition: e.edition, incomeYear: e.income_year.year}));
  const referenceInfo: TakeUpStudy["referenceInfo"] = Object.fromEntries(years.map((y) => {
    const ref = y === TOTAL ? [...candidates].sort((a, b) => b.incomeYear - a.incomeYear || b.edition - a.edition)[0] ?? null : referenceEdition(Number(y), candidates);
    if (!ref) return [y, null];
    // CBS's share is of the households of 1 January of the income year: take their count from that year's edition.
    const households = kwb.editions.some((e) => e.edition === ref.incomeYear && filled(e.edition, HOUSEHOLDS)) ? ref.incomeYear : ref.edition;
    const info = kwb.editions.find((e) => e.edition === ref.edition)!.income_year;
    return [y, {edition: ref.edition, income_year: ref.incomeYear, income_year_basis: info.basis, households_edition: households}];
  }));
  const reference = Object.fromEntries(years.map((y) => [y, referenceInfo[y]?.edition ?? null]));
  // A value of an area in an edition, under the code the area had then (CBS re-codes without moving boundaries).
  const kwbValue = (edition: number | null, indicator: string, region: string) => {
    if (edition == null) return null;
    for (const c of lineage(kwb.breaks, region)) {
      const i = regionIndex.get(c);
      const v = i == null ? undefined : kwb.values[edition]?.[indicator]?.[i];
      if (v != null) return v;
    }
    return null;
  };
  const names = new Map(kwb.regions.map((r) => [r.code, r.name]));
  const rows: TakeUpRow[] = [];
  for (const r of table.rows) {
    if (others.some((c) => r[c] !== TOTAL)) continue;
    const jaar = yearColumn ? String(r[yearColumn]) : TOTAL;
    const regeling = schemeColumn ? String(r[schemeColumn]) : TOTAL;
    // Totals over schemes or years count decisions twice over; take-up is per scheme and year.
    if ((jaar === TOTAL && yearColumn) || (regeling === TOTAL && schemeColumn)) continue;
    const region = String(r.region_code);
    const ref = referenceInfo[jaar];
    const households = kwbValue(ref?.households_edition ?? null, HOUSEHOLDS, region);
    const share = kwbValue(ref?.edition ?? null, TARGET_SHARE, region);
    const doelgroep = targetGroup(households, share);
    const gebruikers = r[audit.count_column] == null ? null : Number(r[audit.count_column]);
    const bereik = takeUp({users: gebruikers, target: doelgroep}, audit.parameters.minDenominator, {usersBase: audit.parameters.round, households, sharePct: share});
    rows.push({region_code: region, region_name: names.get(region) ?? region, region_level: String(r.region_level), regeling, jaar, gebruikers, doelgroep, ...bereik, kwb_editie: ref?.edition ?? null});
  }
  const povertyValues: TakeUpStudy["poverty"]["values"] = {};
  for (const e of new Set(Object.values(reference))) {
    if (e == null) continue;
    povertyValues[e] = Object.fromEntries(kwb.regions.map((r) => [r.code, kwbValue(e, POVERTY, r.code)]));
  }
  return {
    gemeente: kwb.gemeente,
    demo: kwb.demo || Boolean(manifest.demo),
    datasets: {municipal: dataset.name, kwb: kwb.datasets.kwb, geometry: kwb.datasets.geometry},
    title: dataset.title,
    schemeColumn,
    yearColumn,
    schemes,
    years,
    reference,
    referenceInfo,
    minDenominator: audit.parameters.minDenominator,
    rows,
    poverty: {label: kwb.indicators.find((i) => i.id === POVERTY)?.label ?? POVERTY, values: povertyValues},
    map: kwb.map,
    audit,
    context: await readTakeUpContext()
  };
}
