/**
 * Notebook pages written in Studio beside the built-in studies, for the site config: their routes (Framework builds
 * a parameterized page only for the paths `dynamicPaths` lists) and their place in the sidebar.
 *
 * A page in `src/gemeente/[code]/` is built for every gemeente with a `kwb` dataset, or, when its front matter says
 * `vereist: regelingen`, for every gemeente whose take-up study exists (a municipal table covers it). Pages read
 * from `src` under the working directory, as Framework does (`BUURTBOEK_SRC_DIR` overrides it for callers elsewhere).
 */
import {readdirSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import matter from "gray-matter";
import {studyCodes} from "./kwb/route.js";
import {workspace} from "./snapshot/paths.js";

/** The front-matter value that limits a page to gemeenten with a take-up study. */
export const NEEDS_TAKE_UP = "regelingen";

/** A sidebar entry, as Framework's `pages` takes them: a page, or a section of pages. */
export type NavItem = {name: string; path: string} | {name: string; pages: {name: string; path: string}[]};

export interface NotebookPage {
  /** File name without `.md`. */
  name: string;
  title: string;
  /** True when the page needs the gemeente's take-up study (`vereist: regelingen`). */
  takeUp: boolean;
}

const srcDir = () => resolve(process.env.BUURTBOEK_SRC_DIR ?? "src");

function readPage(file: string): {title: string | null; needs: unknown} {
  try {
    const {data, content} = matter(readFileSync(file, "utf8"), {});
    const heading = /^#\s+(.+)$/m.exec(content)?.[1] ?? null;
    return {title: typeof data.title === "string" ? data.title : heading, needs: data.vereist};
  } catch {
    return {title: null, needs: null};
  }
}

/** The pages of `dir` (`.md` files directly in it), sorted by name. */
function pagesIn(dir: string): NotebookPage[] {
  let files: string[];
  try {
    // A parameterized page (`[land].md`) is built for its dynamic paths, not listed as a notebook.
    files = readdirSync(dir).filter((f) => f.endsWith(".md") && !f.startsWith(".") && !/\[\w+\]/.test(f));
  } catch {
    return [];
  }
  return files.sort().map((f) => {
    const {title, needs} = readPage(join(dir, f));
    const name = f.slice(0, -3);
    return {name, title: title ?? name, takeUp: needs === NEEDS_TAKE_UP};
  });
}

/**
 * `/gemeente/<code>/<page>` for every page in `src/gemeente/[code]/` and every gemeente it applies to, except the
 * routes in `known` (the built-in studies' own paths, listed by their own functions).
 */
export function notebookPaths(takeUpPaths: string[], known: string[] = [], dataDir = workspace().dataDir, src = srcDir()): string[] {
  const takeUpCodes = takeUpPaths.map((p) => p.split("/")[2]);
  const codes = studyCodes(dataDir);
  const skip = new Set(known);
  return pagesIn(join(src, "gemeente", "[code]"))
    .flatMap((page) => (page.takeUp ? takeUpCodes : codes).map((code) => `/gemeente/${code}/${page.name}`))
    .filter((path) => !skip.has(path));
}

/**
 * The sidebar with Studio's notebooks added: a section "Notebooks" lists the pages directly in `src/` (the home
 * page aside). Notebooks under `src/gemeente/[code]/` are not listed, as the studies are not: a national workspace
 * would list hundreds; the home page finds a gemeente.
 */
export function notebookNavigation(items: NavItem[], src = srcDir()): NavItem[] {
  const top = pagesIn(src).filter((p) => p.name !== "index");
  return top.length ? [...items, {name: "Notebooks", pages: top.map((p) => ({name: p.title, path: `/${p.name}`}))}] : items;
}
