/** Helpers for the data-layer tests: temporary workspaces, the CLI as a child process, and temporary site builds. */
import {execFile, spawn, type ChildProcess} from "node:child_process";
import {cp, mkdir, mkdtemp, readdir, readFile, rm, symlink} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {workspace, type Workspace} from "../../loaders/snapshot/paths.js";
import {repoRoot} from "../support/paths.js";

const run = promisify(execFile);

/** A fresh, empty workspace data folder in the system temp dir. */
export async function tempWorkspace(prefix = "buurtboek-ws-"): Promise<Workspace> {
  return workspace(await mkdtemp(join(tmpdir(), prefix)));
}

const TSX = join(repoRoot, "node_modules/.bin/tsx");
const CLI = join(repoRoot, "loaders/cli.ts");

/** Runs `buurtboek <args>` and resolves with its exit code and output (never rejects on a non-zero exit). */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(TSX, [CLI, ...args], {cwd: repoRoot, env: {...process.env, ...env}, maxBuffer: 1 << 26});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const e = error as {code?: number; stdout?: string; stderr?: string};
    return {code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? ""};
  }
}

/** Starts `buurtboek <args>` without waiting for it. */
export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(TSX, [CLI, ...args], {cwd: repoRoot, env: {...process.env, ...env}, stdio: "pipe"});
}

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

/** Every file under `dir` (relative paths), sorted. */
export async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, base)));
    else out.push(path.slice(base.length + 1));
  }
  return out.sort();
}

/** All files of a folder as a map of relative path → bytes. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = await listFiles(dir);
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(join(dir, f))] as const)));
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

/** Removes a temporary folder. */
export function remove(dir: string | undefined): Promise<void> {
  return dir ? rm(dir, {recursive: true, force: true}) : Promise.resolve();
}
