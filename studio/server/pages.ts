/** The workspace's notebook pages (`src/**\/*.md`) and the mapping from document names to files. */
import {existsSync, readdirSync, realpathSync, statSync} from "node:fs";
import {join, relative, resolve, sep} from "node:path";

/** Folders under src/ that hold no pages of their own. */
const SKIP = new Set([".observablehq", "node_modules", "data", "components"]);

/** Document names (paths relative to `srcDir`, with forward slashes) of every page, sorted. */
export function listPages(srcDir: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.name.startsWith(".") || (entry.isDirectory() && SKIP.has(entry.name))) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(".md")) pages.push(relative(srcDir, full).split(sep).join("/"));
    }
  };
  if (existsSync(srcDir)) walk(srcDir);
  return pages.sort();
}

/**
 * True when `name` is a well-formed page name: a relative `.md` path with forward slashes, made of word
 * characters, `-`, `.`, spaces and the brackets of Framework's parameterized routes (`gemeente/[code]/armoede.md`),
 * with no empty, `.`, `..` or hidden parts.
 */
export function isPageName(name: unknown): name is string {
  if (typeof name !== "string" || name.length > 300 || !/^[\w\-. /[\]]+\.md$/.test(name)) return false;
  return !name.split("/").some((part) => part === "" || part === "." || part === ".." || part.startsWith(".") || SKIP.has(part));
}

/**
 * The file behind a document name, or null when the name is not an existing page inside `srcDir`.
 * Rejects traversal, absolute paths, folders that hold no pages and symlinks that lead outside the workspace.
 */
export function pagePath(srcDir: string, name: string): string | null {
  if (!isPageName(name)) return null;
  const path = resolve(srcDir, name);
  try {
    if (!statSync(path).isFile()) return null;
    const real = realpathSync(path);
    if (!real.startsWith(realpathSync(srcDir) + sep)) return null;
  } catch {
    return null;
  }
  return path;
}
