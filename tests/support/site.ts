/** Framework data loaders and whole-site builds for tests, without touching the working tree's dist/ or caches. */
import {execFile} from "node:child_process";
import {cp, mkdir, mkdtemp, symlink} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import type {Browser} from "playwright-core";
import {serveStatic} from "../../scripts/serve.js";
import {launchBrowser} from "./browser.js";
import {repoRoot} from "./paths.js";
import {remove} from "./workspace.js";

const run = promisify(execFile);
const TSX = join(repoRoot, "node_modules/.bin/tsx");

/** Runs a Framework data loader in src/data with tsx and returns its stdout bytes. */
export async function runLoader(loader: string, args: string[] = [], env: Record<string, string> = {}): Promise<Buffer> {
  const {stdout} = await run(TSX, [join(repoRoot, "src/data", loader), ...args], {
    cwd: repoRoot,
    env: {...process.env, ...env},
    encoding: "buffer",
    maxBuffer: 1 << 26
  });
  return stdout;
}

/**
 * Builds the site from the data folder `dataDir` in a temporary copy of the repository (src, loaders, scripts,
 * config; node_modules linked), so the build neither touches the working tree's dist/ nor its loader cache.
 * Returns the copy's root; the site is in `<root>/dist`.
 */
export async function buildSiteCopy(dataDir: string, env: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "buurtboek-site-"));
  for (const entry of ["src", "loaders", "scripts", "observablehq.config.ts", "package.json", "tsconfig.json"]) {
    await cp(join(repoRoot, entry), join(root, entry), {recursive: true, filter: (src) => !src.includes("/.observablehq/cache/data")});
  }
  await mkdir(join(root, "src/.observablehq/cache"), {recursive: true});
  await symlink(join(repoRoot, "node_modules"), join(root, "node_modules"));
  await run("npm", ["run", "build"], {
    cwd: root,
    env: {...process.env, BUURTBOEK_DATA_DIR: dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true", ...env},
    maxBuffer: 1 << 26
  });
  return root;
}

/** A site built with {@link buildSiteCopy}, served on 127.0.0.1, and a browser to read it. */
export interface ServedSite {
  /** The copy's root; the site is in `<root>/dist`. */
  root: string;
  url: string;
  browser: Browser;
  /** Closes the browser and the server and removes the copy. */
  close(): Promise<void>;
}

/** Builds the site from `dataDir` (with extra build `env`), serves it and launches Chromium. */
export async function serveSiteCopy(dataDir: string, env: Record<string, string> = {}): Promise<ServedSite> {
  const root = await buildSiteCopy(dataDir, env);
  const server = await serveStatic(join(root, "dist"));
  const browser = await launchBrowser();
  return {
    root,
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await remove(root);
    }
  };
}
