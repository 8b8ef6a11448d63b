/**
 * The build tree of one publication: a Framework project that is the workspace with the version's pages in place
 * of the working tree's. Pages go on changing in Studio while a version is built, so the version is built from
 * its frozen text, never from `src/`.
 *
 *   <tree>/src/                 a copy of the workspace's src/ without its pages, plus the version's pages
 *   <tree>/src/.observablehq    → the workspace's (the vendored libraries and the warm loader cache)
 *   <tree>/loaders, scripts, node_modules, package.json, package-lock.json, tsconfig.json → the workspace's
 *   <tree>/observablehq.config.ts  the workspace's config, with the publication line added to the footer
 *
 * Loaders under src/data are copies, so the privacy gate reads them as real files; their imports of `../../loaders`
 * resolve through the link to the workspace's own code.
 */
import {existsSync} from "node:fs";
import {copyFile, mkdir, readdir, symlink, writeFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import {pathToFileURL} from "node:url";
import type {VersionPage} from "./journal.js";

/** Files and folders of the workspace the tree links to (those that exist). */
const LINKED = ["node_modules", "loaders", "scripts", "package.json", "package-lock.json", "tsconfig.json"];
/** Folders under src/ that hold no pages (their .md files, if any, are not pages), as studio/server/pages.ts has them. */
const NOT_PAGES = new Set(["data", "components", "node_modules"]);

/** The publication line under every published page. */
export interface PublicationLine {
  /** ISO time of publication. */
  at: string;
  version: number;
  reviewer: string;
}

const DATE = new Intl.DateTimeFormat("nl-NL", {dateStyle: "long", timeStyle: "short", timeZone: "Europe/Amsterdam"});

/** "Gepubliceerd op 1 december 2026 om 14:03 · versie 3 · gecontroleerd door Bea Jansen". */
export function publicationText(line: PublicationLine): string {
  return `Gepubliceerd op ${DATE.format(new Date(line.at))} · versie ${line.version} · gecontroleerd door ${line.reviewer}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Studio serves the published site with a sandboxing Content-Security-Policy (site.ts): pages run in an opaque
 * origin, so their code cannot use a signed-in person's Studio session. Storage is not available there, and
 * Framework's sidebar script reads sessionStorage unguarded; this stand-in (in memory, per page view) keeps it
 * working. Where storage works (any static host) it does nothing.
 */
export const STORAGE_SHIM =
  "<script>try{sessionStorage.length;localStorage.length}catch(e){(function(){function S(){var m=new Map();" +
  "return{getItem:function(k){k=String(k);return m.has(k)?m.get(k):null},setItem:function(k,v){m.set(String(k),String(v))}," +
  "removeItem:function(k){m.delete(String(k))},clear:function(){m.clear()},key:function(i){var a=Array.from(m.keys());return i<a.length?a[i]:null}," +
  "get length(){return m.size}}}try{Object.defineProperty(window,\"sessionStorage\",{value:S(),configurable:true});" +
  "Object.defineProperty(window,\"localStorage\",{value:S(),configurable:true})}catch(e){}})()}</script>";

/** Creates the build tree at `tree` for the workspace at `root`. */
export async function makeTree(root: string, tree: string, pages: VersionPage[], line: PublicationLine): Promise<void> {
  await mkdir(join(tree, "src"), {recursive: true});
  for (const name of LINKED) if (existsSync(join(root, name))) await symlink(join(root, name), join(tree, name));
  await copySource(join(root, "src"), join(tree, "src"));
  await mkdir(join(root, "src/.observablehq/cache"), {recursive: true});
  await symlink(join(root, "src/.observablehq"), join(tree, "src/.observablehq"));
  for (const page of pages) {
    const file = join(tree, "src", page.path);
    await mkdir(dirname(file), {recursive: true});
    await writeFile(file, page.text);
  }
  const base = JSON.stringify(pathToFileURL(join(root, "observablehq.config.ts")).href);
  const footer = `<p class="bb-publicatie" id="publicatie">${escapeHtml(publicationText(line))}</p>`;
  await writeFile(
    join(tree, "observablehq.config.ts"),
    `// Written by Buurtboek Studio for one publication: the workspace's config with the publication line.\n` +
      `import base from ${base};\n` +
      `export default {...base, head: [${JSON.stringify(STORAGE_SHIM)}, base.head].filter((h) => typeof h === "string").join(""), ` +
      `footer: [base.footer, ${JSON.stringify(footer)}].filter(Boolean).join("")};\n`
  );
}

/** Copies `from` to `to` without pages (`.md` outside the folders that hold none) and without dot-entries. */
async function copySource(from: string, to: string, inPages = true): Promise<void> {
  for (const entry of await readdir(from, {withFileTypes: true})) {
    if (entry.name.startsWith(".")) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target, {recursive: true});
      await copySource(source, target, inPages && !NOT_PAGES.has(entry.name));
    } else if (entry.isFile() && !(inPages && entry.name.endsWith(".md"))) {
      await copyFile(source, target);
    }
  }
}
