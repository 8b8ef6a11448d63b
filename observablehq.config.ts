// Framework configuration. Everything here serves one rule: the built site loads nothing from another origin.
import {studyNavigation, studyPaths} from "./loaders/kwb/route.js";
import {takeUpPaths} from "./loaders/municipal/study.js";
import {notebookNavigation, notebookPaths} from "./loaders/notebooks.js";

/** The study pages, the take-up studies and the notebooks written in Studio (loaders/notebooks.ts). */
function sitePaths(): string[] {
  const known = [...studyPaths(), ...takeUpPaths()];
  return [...known, ...notebookPaths(takeUpPaths(), known)];
}

export default {
  title: "Buurtboek",
  root: "src",
  output: "dist",
  // Framework's default stylesheet pulls Source Serif from Google Fonts.
  globalStylesheets: [],
  // The air theme with contrast and link fixes for WCAG 2.2 AA (see the file).
  style: "style.css",
  // The default footer links to observablehq.com.
  footer: "Buurtboek — onderzoek naar wijken en buurten. Cijfers: CBS (CC BY 4.0), tenzij anders vermeld.",
  // json and parquet would be downloaded from extensions.duckdb.org; pages get Arrow IPC instead.
  duckdb: {extensions: {json: null, parquet: null}},
  search: false,
  // Without an icon link browsers ask for /favicon.ico, which does not exist: a 404 in the console of every page.
  // Framework copies the file into _file/ with a content hash.
  head: '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
  // One study page per gemeente in the workspace manifest (BUURTBOEK_DATA_DIR or data/), e.g. /gemeente/GM0518/armoede,
  // a take-up study where a municipal table covers the gemeente (/gemeente/GM0518/regelingen), and the notebooks
  // written in Studio under src/gemeente/[code]/.
  dynamicPaths: sitePaths,
  // The sidebar lists each gemeente's pages (the study pages themselves hide it: they need the width) and the notebooks.
  pages: notebookNavigation(studyNavigation(takeUpPaths()), sitePaths()),
  pager: false
};
