/** Helpers for browser tests of the built site: build it once per test file, find its pages, count what they load. */
import {execFileSync} from "node:child_process";
import {readdirSync} from "node:fs";
import {join, relative} from "node:path";
import {repoRoot} from "../support/paths.js";

/** Runs `npm run build` in the repository (offline; writes dist/). */
export function buildSite(): string {
  execFileSync("npm", ["run", "build"], {cwd: repoRoot, stdio: "pipe", env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
  return join(repoRoot, "dist");
}

/** Every page of a built site as a URL path (`/`, `/armoede`, `/gemeente/GM0518/armoede`), from its HTML files. */
export function sitePages(dist: string, dir = dist): string[] {
  const pages: string[] = [];
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith("_")) pages.push(...sitePages(dist, path));
    } else if (entry.name.endsWith(".html") && entry.name !== "404.html") {
      const route = "/" + relative(dist, path).replace(/\.html$/, "").replaceAll("\\", "/");
      pages.push(route.replace(/(^|\/)index$/, "$1") || "/");
    }
  }
  return pages.sort();
}

/** What a response was, for byte budgets: wasm, JS, data or other. */
export function kindOf(path: string): "wasm" | "js" | "data" | "other" {
  const p = path.split("?")[0];
  if (p.endsWith(".wasm")) return "wasm";
  if (p.endsWith(".js")) return "js";
  if (/\.(arrow|csv|json|topojson|parquet)$/.test(p)) return "data";
  return "other";
}
