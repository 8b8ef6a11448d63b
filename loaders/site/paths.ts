/**
 * Every dynamic page of the site, for Framework's `dynamicPaths` (observablehq.config.ts) and for the build's page
 * phase (scripts/pages.ts), which must agree on them: the national overview, each gemeente's studies, the take-up
 * studies and the notebooks written in Studio under `src/gemeente/[code]/`. Synchronous and tolerant, as the config
 * needs: a workspace without a manifest has none.
 */
import {nationalPaths, studyPaths} from "../kwb/route.js";
import {takeUpPaths} from "../municipal/study.js";
import {notebookPaths} from "../notebooks.js";
import {workspace} from "../snapshot/paths.js";

/** The dynamic paths of the workspace in `dataDir`, with the notebooks found in `src` (default: ./src). */
export function sitePaths(dataDir = workspace().dataDir, src?: string): string[] {
  const takeUp = takeUpPaths(dataDir);
  const known = [...studyPaths(dataDir), ...takeUp];
  return [...nationalPaths(dataDir), ...known, ...notebookPaths(takeUp, known, dataDir, src)];
}
