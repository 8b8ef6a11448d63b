/**
 * Post-build fixes to Framework's HTML for Dutch readers, and the zero-third-party-URL guard.
 * Framework 1.13 writes `<html>` without a language and a viewport that forbids zooming (WCAG 1.4.4).
 */
import {readdir, readFile, writeFile} from "node:fs/promises";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {dutchInterface} from "./dutch.js";

const VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">';

/** Sets `lang="nl"` on the root element and replaces a zoom-blocking viewport. */
export function rewriteHtml(html: string): string {
  return html
    .replace(/<html(?![^>]*\blang=)([^>]*)>/i, '<html lang="nl"$1>')
    .replace(/<meta name="viewport"[^>]*>/i, VIEWPORT);
}

/** Every `src`/`href` value in the HTML that points at another host (loopback is allowed). */
export function findExternalUrls(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)) {
    const host = new URL(m[1], "http://localhost/").hostname;
    if (host !== "localhost" && host !== "127.0.0.1" && host !== "[::1]") urls.push(m[1]);
  }
  return urls;
}

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith(".html")) yield path;
  }
}

/** Rewrites every HTML file under `dist` in place; throws naming the file if any links to another host. */
export async function postbuild(dist: string): Promise<number> {
  await dutchInterface(dist);
  let count = 0;
  const problems: string[] = [];
  for await (const file of htmlFiles(dist)) {
    const html = rewriteHtml(await readFile(file, "utf8"));
    await writeFile(file, html);
    for (const url of findExternalUrls(html)) problems.push(`${file}: ${url}`);
    count++;
  }
  if (problems.length) throw new Error(`built pages link to other hosts:\n  ${problems.join("\n  ")}`);
  return count;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? "dist");
  try {
    const n = await postbuild(dist);
    console.log(`postbuild: ${n} pages set to lang="nl" with a zoomable viewport; no third-party URLs`);
  } catch (error) {
    console.error(`postbuild: ${(error as Error).message}`);
    process.exit(1);
  }
}
