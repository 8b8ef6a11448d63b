/**
 * The page assets of one gemeente, `data/gemeente/<code>/<file>`, defined once: the Framework loaders in
 * src/data/gemeente/[code]/ emit them one at a time (preview, Studio), and the build's pre-step (prepare.ts) makes
 * all of a gemeente's at once, reading its snapshots once. Both go through `gemeenteAsset`, so they are the same bytes.
 */
import {rowsToArrow} from "../arrow.js";
import {buildStudy, studiesOf} from "../kwb/study.js";
import {municipalDatasetsOf} from "../municipal/study.js";
import {WIJK_COLUMNS, wijkTable} from "../kwb/wijken.js";
import type {Lock} from "../snapshot/lock.js";
import type {Manifest} from "../snapshot/manifest.js";
import type {Workspace} from "../snapshot/paths.js";
import {buildProvenance} from "../snapshot/provenance.js";
import {directReader, type SnapshotReader} from "../snapshot/reader.js";
import {stableJson} from "../snapshot/json.js";
import {readFile} from "node:fs/promises";
import {join} from "node:path";

/** The assets the pre-step makes for every gemeente with a study (the take-up study's stay with their loaders). */
export const GEMEENTE_ASSETS = ["armoede.json", "kwb.csv", "gebieden.topojson", "wijken.json", "wijken.arrow", "bronnen.json"] as const;
export type GemeenteAsset = (typeof GEMEENTE_ASSETS)[number];

/** An empty topology: a study without boundaries still builds, its map section says so. */
const EMPTY_TOPOLOGY = JSON.stringify({type: "Topology", objects: {}, arcs: []});

/** The datasets a gemeente's pages cite: its kwb dataset, its boundaries and the municipal tables that cover it. */
export function datasetsOfGemeente(manifest: Manifest, snapshotsDir: string, code: string): string[] {
  const ref = studiesOf(manifest).find((s) => s.code === code);
  if (!ref) throw new Error(`no kwb dataset for ${code}; run \`buurtboek init ${code}\``);
  return [ref.kwb, ...(ref.geometry ? [ref.geometry] : []), ...municipalDatasetsOf(manifest, snapshotsDir, code).map((d) => d.name)];
}

/** Shared reads for a batch of assets: the snapshot reader and, in the pre-step, the lock read once. */
export interface AssetContext {
  read?: SnapshotReader;
  lock?: Lock | null;
}

/** One asset of a gemeente, as the bytes a page receives. */
export async function gemeenteAsset(ws: Workspace, code: string, asset: GemeenteAsset, {read = directReader, lock}: AssetContext = {}): Promise<string | Uint8Array> {
  const manifest = await read.manifest(ws);
  const ref = studiesOf(manifest).find((s) => s.code === code);
  if (!ref) throw new Error(`no kwb dataset for ${code} in ${ws.manifestPath}; run \`buurtboek init ${code}\``);
  switch (asset) {
    case "armoede.json":
      return JSON.stringify(await buildStudy(ws, code, read));
    case "kwb.csv":
      // The tidy snapshot byte for byte, offered as a download.
      return readFile(join(ws.snapshotsDir, `${ref.kwb}.csv`));
    case "gebieden.topojson":
      return ref.geometry ? readFile(join(ws.snapshotsDir, `${ref.geometry}.topojson`)) : EMPTY_TOPOLOGY;
    case "wijken.json": {
      const {gemeente, dataset, edition, rows} = await wijkTable(ws, code, read);
      return JSON.stringify({gemeente, dataset, edition, wijken: rows.length});
    }
    case "wijken.arrow": {
      const table = await wijkTable(ws, code, read);
      return rowsToArrow(table.rows, WIJK_COLUMNS, `wijken (${table.dataset})`);
    }
    case "bronnen.json":
      return stableJson(await buildProvenance(ws, {names: datasetsOfGemeente(manifest, ws.snapshotsDir, code), read, lock}));
  }
}
