/**
 * Bundles the `buurtboek` command with esbuild into `.buurtboek/bundle/` (run by `npm ci` as the `prepare` script),
 * so a call starts without compiling TypeScript. Each command's work is a lazily loaded chunk: `--help` loads
 * only the command table. `inputs.json` lists the source files the bundle was built from; bin/buurtboek.js runs the
 * sources through tsx instead when any of them is newer (a stale bundle never runs old code during development).
 * The bundle sits two folders below the repository, like loaders/snapshot/paths.ts, which finds the root from there.
 */
import {mkdir, rm, writeFile} from "node:fs/promises";
import {join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {build} from "esbuild";
import {repoRoot} from "../loaders/snapshot/paths.js";

/** The bundle's folder and entry point. */
export const BUNDLE_DIR = resolve(repoRoot, ".buurtboek/bundle");
export const BUNDLE = join(BUNDLE_DIR, "cli.mjs");

/** Builds the bundle and its input list; returns the number of source files it holds. */
export async function bundleCli(): Promise<number> {
  await rm(BUNDLE_DIR, {recursive: true, force: true});
  await mkdir(BUNDLE_DIR, {recursive: true});
  const startedAt = Date.now();
  const result = await build({
    entryPoints: {cli: join(repoRoot, "loaders/cli.ts")},
    outdir: BUNDLE_DIR,
    outExtension: {".js": ".mjs"},
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Dependencies load from node_modules as they are: no CommonJS-in-ESM shims, and their own lazy loading stays.
    packages: "external",
    metafile: true,
    logLevel: "warning"
  });
  const sources = Object.keys(result.metafile.inputs).map((f) => relative(repoRoot, resolve(repoRoot, f)));
  // package.json and the lock file too: a changed dependency is a changed input.
  const files = [...sources, "package.json", "package-lock.json"].sort();
  await writeFile(join(BUNDLE_DIR, "inputs.json"), JSON.stringify({builtAt: startedAt, files}, null, 1));
  return sources.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = await bundleCli();
  console.log(`bundle-cli: ${n} source files -> ${relative(repoRoot, BUNDLE)}`);
}
