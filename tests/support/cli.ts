/** The `buurtboek` command as a child process, for tests that exercise it end to end. */
import {execFile, spawn, type ChildProcess} from "node:child_process";
import {join} from "node:path";
import {promisify} from "node:util";
import {repoRoot} from "./paths.js";

const run = promisify(execFile);

const TSX = join(repoRoot, "node_modules/.bin/tsx");
const CLI = join(repoRoot, "loaders/cli.ts");

/** What a finished command printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for a command run: extra environment and the working directory (default: the repository). */
export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * Runs `buurtboek <args>` from the sources (tsx, so tests always exercise the current code) and resolves with its
 * exit code and output; never rejects on a non-zero exit.
 */
export async function cli(args: string[], env: Record<string, string> = {}, options: Omit<CliOptions, "env"> = {}): Promise<CliResult> {
  try {
    const {stdout, stderr} = await run(TSX, [CLI, ...args], {cwd: options.cwd ?? repoRoot, env: {...process.env, ...env}, maxBuffer: 1 << 26});
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
