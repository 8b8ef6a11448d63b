/**
 * A small KWB-like CBS table for pull/verify/diff tests, in two versions: the first release and a revision with a
 * newer `Modified`, two changed cells, one added buurt and the income column filled. Values are invented.
 */
import {writeFile} from "node:fs/promises";
import type {FixtureTable} from "../fixtures/cbs-server.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";

type Row = [code: string, title: string, inwoners: number, laag: number | null, bijstand: number];

const FIRST: Row[] = [
  ["GM9999", "Voorbeeldstad", 3700, null, 160],
  ["WK999901", "Centrum", 3700, null, 160],
  ["BU99990101", "Binnenstad", 1200, null, 50],
  ["BU99990102", "Marktkwartier", 2500, null, 110]
];

const REVISED: Row[] = [
  ["GM9999", "Voorbeeldstad", 3700, 12.1, 160],
  ["WK999901", "Centrum", 3700, 12.1, 165],
  ["BU99990101", "Binnenstad", 1210, 14.2, 50],
  ["BU99990102", "Marktkwartier", 2500, 11.0, 110],
  ["BU99990103", "Kerkbuurt", 0, null, 0]
];

export const FIRST_MODIFIED = "2020-12-18T02:00:00";
export const REVISED_MODIFIED = "2021-11-30T02:00:00";

/** The test table 84799NED, first release (`revised = false`) or revised. */
export function kwbTestTable(revised = false): FixtureTable {
  const rows = revised ? REVISED : FIRST;
  return {
    id: "84799NED",
    title: "Kerncijfers wijken en buurten 2020",
    modified: revised ? REVISED_MODIFIED : FIRST_MODIFIED,
    dimensions: [{key: "WijkenEnBuurten", title: "Wijken en buurten", kind: "GeoDimension", width: 10, codes: rows.map(([key, title]) => ({key, title}))}],
    topics: [
      {key: "AantalInwoners_5", title: "Aantal inwoners", unit: "aantal", decimals: 0, datatype: "Long"},
      {key: "HuishoudensMetEenLaagInkomen_78", title: "Huishoudens met een laag inkomen", unit: "%", decimals: 1, datatype: "Double"},
      {key: "PersonenPerSoortUitkeringBijstand_83", title: "Personen per soort uitkering; Bijstand", unit: "aantal", decimals: 0, datatype: "Long"}
    ],
    rows: rows.map(([code, , inwoners, laag, bijstand]) => ({
      WijkenEnBuurten: code,
      AantalInwoners_5: inwoners,
      HuishoudensMetEenLaagInkomen_78: laag,
      PersonenPerSoortUitkeringBijstand_83: bijstand
    }))
  };
}

/** Writes a manifest with one CBS dataset (`kwb-2020`, measures by title) into the workspace. */
export async function writeCbsManifest(ws: Workspace, extra: Record<string, unknown> = {}): Promise<void> {
  const manifest = {
    version: 1,
    name: "testwerkruimte",
    title: "Testwerkruimte",
    datasets: [
      {
        name: "kwb-2020",
        kind: "cbs",
        table: "84799NED",
        within: "GM9999",
        measures: ["Aantal inwoners", "Huishoudens met een laag inkomen", "PersonenPerSoortUitkeringBijstand_83"],
        ...extra
      }
    ]
  };
  await writeFile(ws.manifestPath, JSON.stringify(manifest, null, 2));
}
