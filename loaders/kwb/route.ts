/** Route helpers for the per-gemeente study pages and their data loaders (`/gemeente/<code>/…`). */
import {readFileSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {loadManifest, parseManifest} from "../snapshot/manifest.js";
import {workspace, type Workspace} from "../snapshot/paths.js";
import {studiesOf} from "./study.js";

/** The `--code=GM0518` parameter Framework passes to a loader under `[code]`, validated. */
export function gemeenteParam(argv = process.argv): string {
  const value = argv.find((a) => a.startsWith("--code="))?.slice(7);
  if (!value || !/^GM\d{4}$/.test(value)) throw new Error(`missing or invalid --code=GMxxxx parameter (got ${value ?? "none"})`);
  return value;
}

/** The snapshot file of a gemeente's kwb or geometry dataset, as bytes. */
export async function studySnapshotBytes(code: string, which: "kwb" | "geometry", ws: Workspace = workspace()): Promise<Buffer> {
  const study = studiesOf(await loadManifest(ws.manifestPath)).find((s) => s.code === code);
  if (!study) throw new Error(`no kwb dataset for ${code} in ${ws.manifestPath}`);
  const name = study[which];
  // A study without boundaries still builds: its map section says so, and the download is an empty topology.
  if (!name) return Buffer.from(JSON.stringify({type: "Topology", objects: {}, arcs: []}));
  return readFile(join(ws.snapshotsDir, which === "kwb" ? `${name}.csv` : `${name}.topojson`));
}

/**
 * The study pages to build, for Framework's `dynamicPaths`: `/gemeente/<code>/armoede` for every gemeente with a
 * `kwb` dataset. Synchronous and tolerant: a workspace without a manifest simply has no study pages.
 */
export function studyPaths(dataDir = workspace().dataDir): string[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, "workspace.json"), "utf8");
  } catch {
    return [];
  }
  return studiesOf(parseManifest(JSON.parse(text))).map((s) => `/gemeente/${s.code}/armoede`);
}
