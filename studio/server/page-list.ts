/**
 * The page list as people see it: each page's title (front-matter `title`, else its first heading, else its file
 * name) with its path, grouped as the site is: "Per gemeente" for the pages built per gemeente (`[code]`), "Landelijk"
 * for the other parameterized pages (the national overview, `[land].md`), then the rest.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import matter from "gray-matter";
import {listPages} from "./pages.js";

export interface PageEntry {
  /** The document name: the path under src/. */
  path: string;
  title: string;
  /** "Per gemeente", "Landelijk" or "Overige pagina's". */
  group: string;
  /** The route parameters of a parameterized page (`code` for `gemeente/[code]/…`). */
  params: string[];
}

export const GROUP_PARAMETERIZED = "Per gemeente";
export const GROUP_NATIONAL = "Landelijk";
export const GROUP_OTHER = "Overige pagina's";

/** The route parameters in a page name, in order. */
export function paramsOf(page: string): string[] {
  return [...page.matchAll(/\[([^\]/]+)\]/g)].map((m) => m[1]);
}

/** A page's title from its Markdown: front-matter `title`, else the first `#` heading outside code, else null. */
export function titleOf(text: string): string | null {
  let parsed: {data: Record<string, unknown>; content: string};
  try {
    parsed = matter(text, {}); // with options: gray-matter does not keep every text in its cache
  } catch {
    parsed = {data: {}, content: text};
  }
  if (typeof parsed.data.title === "string" && parsed.data.title.trim()) return parsed.data.title.trim();
  let fenced = false;
  for (const line of parsed.content.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced) {
      const m = /^#\s+(.+?)\s*#*\s*$/.exec(line);
      if (m) return m[1];
    }
  }
  return null;
}

/** Every page with its title and group: "Per gemeente", "Landelijk", then the rest with the home page first; by title within. */
export function describePages(srcDir: string): PageEntry[] {
  const entries = listPages(srcDir).map((path): PageEntry => {
    let text = "";
    try {
      text = readFileSync(join(srcDir, path), "utf8");
    } catch {
      // Deleted meanwhile: listed by name.
    }
    const params = paramsOf(path);
    const name = path.split("/").pop()!.replace(/\.md$/, "");
    const group = params.includes("code") ? GROUP_PARAMETERIZED : params.length ? GROUP_NATIONAL : GROUP_OTHER;
    return {path, title: titleOf(text) ?? name, group, params};
  });
  const rank = (e: PageEntry) => (e.group === GROUP_PARAMETERIZED ? 0 : e.group === GROUP_NATIONAL ? 1 : e.path === "index.md" ? 2 : 3);
  return entries.sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title, "nl") || a.path.localeCompare(b.path));
}
