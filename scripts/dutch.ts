/**
 * Framework's own interface text on a built page, in Dutch: the sidebar toggle, the table of contents, the copy
 * button on code blocks and the runtime's error messages. Also the page frame's accessibility fixes that need markup
 * (labels and landmark names), because Framework 1.13 has no options for them.
 * Framework writes this text into every page and into its client scripts; postbuild calls `dutchInterface` once.
 */
import {readdir, readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";

/** The Dutch words readers see, in one place. */
export const INTERFACE_TEXT = {
  sidebarToggle: "Zijbalk tonen of verbergen",
  sidebarNav: "Pagina's",
  tocNav: "Op deze pagina",
  toc: "Inhoud",
  copyCode: "Code kopiëren"
} as const;

/** [English as Framework writes it, Dutch] for a page's HTML. */
const HTML: [RegExp | string, string][] = [
  // The checkbox had only a title (axe: label-title-only); the empty <label>s for it are mouse targets only.
  ['<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">', `<input id="observablehq-sidebar-toggle" type="checkbox" title="${INTERFACE_TEXT.sidebarToggle}" aria-label="${INTERFACE_TEXT.sidebarToggle}">`],
  ['<label id="observablehq-sidebar-backdrop" for="observablehq-sidebar-toggle">', '<label id="observablehq-sidebar-backdrop" for="observablehq-sidebar-toggle" aria-hidden="true">'],
  // This <label> sits inside an <ol> (axe: list); hidden from assistive technology it no longer counts as an item.
  ['<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle">', '<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle" aria-hidden="true">'],
  // Two <nav> landmarks per page need distinct names (axe: landmark-unique).
  ['<nav id="observablehq-sidebar">', `<nav id="observablehq-sidebar" aria-label="${INTERFACE_TEXT.sidebarNav}">`],
  [/(<aside id="observablehq-toc"[^>]*>\s*)<nav>/, `$1<nav aria-label="${INTERFACE_TEXT.tocNav}">`],
  [/(<aside id="observablehq-toc"[^>]*>\s*<nav[^>]*>\s*)<div>Contents<\/div>/, `$1<div>${INTERFACE_TEXT.toc}</div>`]
];

/** [English, Dutch] in Framework's client and runtime scripts (text set at run time). */
const SCRIPTS: [string, string][] = [
  ["`Toggle sidebar ${", `\`${INTERFACE_TEXT.sidebarToggle} \${`],
  ['<button title="Copy code"', `<button title="${INTERFACE_TEXT.copyCode}" aria-label="${INTERFACE_TEXT.copyCode}"`],
  ["} is not defined`", "} is niet gedefinieerd`"],
  ["} is defined more than once`", "} is meer dan eens gedefinieerd`"],
  ['"circular definition"', '"kringverwijzing: de cel hangt van zichzelf af"']
];

function replaceAll(text: string, pairs: [RegExp | string, string][]): string {
  return pairs.reduce((out, [from, to]) => (typeof from === "string" ? out.split(from).join(to) : out.replace(from, to)), text);
}

/** A built page's HTML with Framework's frame in Dutch and labelled for assistive technology. */
export function dutchHtml(html: string): string {
  return replaceAll(html, HTML);
}

/** One of Framework's client scripts with its reader-facing messages in Dutch. */
export function dutchScript(js: string): string {
  return replaceAll(js, SCRIPTS);
}

/** Rewrites every page and Framework's client scripts under `dist` in place. */
export async function dutchInterface(dist: string): Promise<void> {
  for (const file of await readdir(dist, {recursive: true})) {
    const path = join(dist, file);
    const rewrite = file.endsWith(".html") ? dutchHtml : file.startsWith("_observablehq") && file.endsWith(".js") ? dutchScript : null;
    if (!rewrite) continue;
    const before = await readFile(path, "utf8");
    const after = rewrite(before);
    if (after !== before) await writeFile(path, after);
  }
}
