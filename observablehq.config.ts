// Framework configuration. Everything here serves one rule: the built site loads nothing from another origin.
import {nationalNavigation} from "./loaders/kwb/route.js";
import {notebookNavigation} from "./loaders/notebooks.js";
import {sitePaths} from "./loaders/site/paths.js";
import {selectPaths} from "./scripts/page-selection.js";

export default {
  title: "Buurtboek",
  // The build's page shards (scripts/pages.ts) give each Framework process a source root and output folder of its own.
  root: process.env.BUURTBOEK_SRC_ROOT ?? "src",
  output: process.env.BUURTBOEK_OUTPUT ?? "dist",
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
  // a take-up study where a municipal table covers the gemeente (/gemeente/GM0518/regelingen), the national
  // overview /nederland when the workspace has two or more gemeenten, and the notebooks written in Studio.
  // The build's page shards build a part of them each (scripts/page-selection.ts).
  dynamicPaths: () => selectPaths(sitePaths()),
  // No sidebar entry per gemeente: hundreds of them help nobody, and every page would change with the list. The home
  // page finds a gemeente by name and lists them by provincie. Notebooks directly under src/ get a section.
  pages: notebookNavigation(nationalNavigation()),
  // The sidebar stays (home, and the overview when there is one); study pages hide it themselves for the width.
  sidebar: true,
  pager: false
};
