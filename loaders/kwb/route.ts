/** Route helpers for the per-gemeente study pages and their data loaders (`/gemeente/<code>/…`). */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {parseManifest} from "../snapshot/manifest.js";
import {workspace} from "../snapshot/paths.js";
import type {KwbRecord} from "../snapshot/sources/kwb.js";
import {studiesOf} from "./study.js";

/** The `--code=GM0518` parameter Framework passes to a loader under `[code]`, validated. */
export function gemeenteParam(argv = process.argv): string {
  const value = argv.find((a) => a.startsWith("--code="))?.slice(7);
  if (!value || !/^GM\d{4}$/.test(value)) throw new Error(`missing or invalid --code=GMxxxx parameter (got ${value ?? "none"})`);
  return value;
}

/** The gemeenten with a `kwb` dataset (synchronous and tolerant: no manifest, no gemeenten). */
export function studyCodes(dataDir = workspace().dataDir): string[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, "workspace.json"), "utf8");
  } catch {
    return [];
  }
  return studiesOf(parseManifest(JSON.parse(text))).map((s) => s.code);
}

/**
 * The study pages to build, for Framework's `dynamicPaths`: `/gemeente/<code>/armoede` and the notebook-technique
 * page `/gemeente/<code>/techniek` for every gemeente with a `kwb` dataset. Synchronous and tolerant: a workspace
 * without a manifest simply has no study pages.
 */
export function studyPaths(dataDir = workspace().dataDir): string[] {
  return studyCodes(dataDir).flatMap((code) => [`/gemeente/${code}/armoede`, `/gemeente/${code}/techniek`]);
}

/** The national overview `/nederland`, for a workspace with two or more gemeenten (synchronous and tolerant too). */
export function nationalPaths(dataDir = workspace().dataDir): string[] {
  return studyCodes(dataDir).length >= 2 ? ["/nederland"] : [];
}

/** The sidebar: only the national overview, when there is one; gemeenten are found from the home page. */
export function nationalNavigation(dataDir = workspace().dataDir): {name: string; path: string}[] {
  return nationalPaths(dataDir).length ? [{name: "Nederland: alle gemeenten", path: "/nederland"}] : [];
}

/** Gemeente code → name, from each study's KWB snapshot record (a gemeente not pulled yet keeps its code). */
export function gemeenteNames(dataDir = workspace().dataDir): Map<string, string> {
  const names = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(join(dataDir, "workspace.json"), "utf8");
  } catch {
    return names;
  }
  for (const s of studiesOf(parseManifest(JSON.parse(text)))) {
    try {
      names.set(s.code, (JSON.parse(readFileSync(join(dataDir, "snapshots", `${s.kwb}.editions.json`), "utf8")) as KwbRecord).gemeente.name);
    } catch {
      // not pulled yet
    }
  }
  return names;
}
