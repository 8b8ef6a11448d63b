/** Route helpers for the per-gemeente study pages and their data loaders (`/gemeente/<code>/…`). */
import {readFileSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {loadManifest, parseManifest} from "../snapshot/manifest.js";
import {workspace, type Workspace} from "../snapshot/paths.js";
import type {KwbRecord} from "../snapshot/sources/kwb.js";
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
 * The study pages to build, for Framework's `dynamicPaths`: `/gemeente/<code>/armoede` and the notebook-technique
 * page `/gemeente/<code>/techniek` for every gemeente with a `kwb` dataset. Synchronous and tolerant: a workspace
 * without a manifest simply has no study pages.
 */
export function studyPaths(dataDir = workspace().dataDir): string[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, "workspace.json"), "utf8");
  } catch {
    return [];
  }
  return studiesOf(parseManifest(JSON.parse(text))).flatMap((s) => [`/gemeente/${s.code}/armoede`, `/gemeente/${s.code}/techniek`]);
}

/** A sidebar section of Framework's `pages` config. */
export interface PageSection {
  name: string;
  pages: {name: string; path: string}[];
}

/**
 * The sidebar: a section per gemeente with its study pages, the take-up study where `takeUpPaths` has it.
 * Synchronous and tolerant like `studyPaths`; a gemeente whose snapshot is not pulled yet is named by its code.
 */
export function studyNavigation(takeUpPaths: string[], dataDir = workspace().dataDir): PageSection[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, "workspace.json"), "utf8");
  } catch {
    return [];
  }
  return studiesOf(parseManifest(JSON.parse(text))).map((s) => {
    let name = s.code;
    try {
      name = (JSON.parse(readFileSync(join(dataDir, "snapshots", `${s.kwb}.editions.json`), "utf8")) as KwbRecord).gemeente.name;
    } catch {
      // not pulled yet
    }
    const base = `/gemeente/${s.code}`;
    return {
      name,
      pages: [
        {name: "Armoede per wijk en buurt", path: `${base}/armoede`},
        ...(takeUpPaths.includes(`${base}/regelingen`) ? [{name: "Bereik van inkomensregelingen", path: `${base}/regelingen`}] : []),
        {name: "Hoe een notebook werkt", path: `${base}/techniek`}
      ]
    };
  });
}
