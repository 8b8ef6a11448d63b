/** Framework data loaders and whole-site builds for tests, without touching the working tree's dist/ or caches. */
import {execFile} from "node:child_process";
import {cp, mkdir, mkdtemp, symlink} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {repoRoot} from "./paths.js";

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
export async function buildSiteCopy(dataDir: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "buurtboek-site-"));
  for (const entry of ["src", "loaders", "scripts", "observablehq.config.ts", "package.json", "tsconfig.json"]) {
    await cp(join(repoRoot, entry), join(root, entry), {recursive: true, filter: (src) => !src.includes("/.observablehq/cache/data")});
  }
  await mkdir(join(root, "src/.observablehq/cache"), {recursive: true});
  await symlink(join(repoRoot, "node_modules"), join(root, "node_modules"));
  await run("npm", ["run", "build"], {
    cwd: root,
    env: {...process.env, BUURTBOEK_DATA_DIR: dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true"},
    maxBuffer: 1 << 26
  });
  return root;
}
