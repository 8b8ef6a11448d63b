// Framework configuration. Everything here serves one rule: the built site loads nothing from another origin.
import {nationalNavigation, nationalPaths, studyPaths} from "./loaders/kwb/route.js";
import {takeUpPaths} from "./loaders/municipal/study.js";
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
  // One study page per gemeente in the workspace manifest (BUURTBOEK_DATA_DIR or data/), e.g. /gemeente/GM0518/armoede,
  // a take-up study where a municipal table covers the gemeente (/gemeente/GM0518/regelingen), and the national
  // overview /nederland when the workspace has two or more gemeenten.
  dynamicPaths: () => selectPaths([...nationalPaths(), ...studyPaths(), ...takeUpPaths()]),
  // No sidebar entry per gemeente: hundreds of them help nobody, and every page would change with the list. The home
  // page finds a gemeente by name and lists them by provincie.
  pages: nationalNavigation(),
  // The sidebar stays (home, and the overview when there is one); study pages hide it themselves for the width.
  sidebar: true,
  pager: false
};
