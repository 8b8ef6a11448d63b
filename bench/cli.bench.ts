/**
 * Start-up of the `buurtboek` command, side by side in one run: a bare `node -e 0`, `node bin/buurtboek.js --help`
 * and `cbs info` against the CBS fixture server (warm HTTP cache, as a second call would be), each from the bundle
 * that `npm ci` builds and from the TypeScript sources through tsx. Medians of interleaved runs.
 * Goals: --help within 3× `node -e 0`; cbs info under 500 ms.
 */
import {execFile} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {bundleCli} from "../scripts/bundle-cli.js";
import {startCbsServer} from "../tests/fixtures/cbs-server.js";
import {smallTable} from "../tests/fixtures/cbs/tables.js";
import {repoRoot} from "../tests/support/paths.js";

const RUNS = 9;
const BIN = join(repoRoot, "bin/buurtboek.js");

const run = promisify(execFile);

/** Wall time of one child process; asynchronous, because the fixture server answers from this process. */
async function time(args: string[], env: Record<string, string>): Promise<number> {
  const start = performance.now();
  await run(process.execPath, args, {cwd: repoRoot, env: {...process.env, ...env}});
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export default async function bench(): Promise<void> {
  await bundleCli(); // fresh, so the figures are for the current sources
  const server = await startCbsServer({tables: [smallTable()]});
  const cache = mkdtempSync(join(tmpdir(), "buurtboek-bench-cli-"));
  const cbsEnv = {CBS_ODATA_V3_URL: server.url, CBS_ODATA_V4_URL: server.url};
  const info = [BIN, "cbs", "info", "90001TST", "--cache-dir", cache, "--max-age", "3600"];
  const cases: [string, string[], Record<string, string>][] = [
    ["node -e 0", ["-e", "0"], {}],
    ["buurtboek --help (bundle)", [BIN, "--help"], {}],
    ["buurtboek --help (tsx)", [BIN, "--help"], {BUURTBOEK_FROM_SOURCE: "1"}],
    ["cbs info (bundle)", info, cbsEnv],
    ["cbs info (tsx)", info, {...cbsEnv, BUURTBOEK_FROM_SOURCE: "1"}]
  ];
  try {
    await time(info, cbsEnv); // fills the cache and warms the file system
    const samples = new Map(cases.map(([name]) => [name, [] as number[]]));
    for (let i = 0; i < RUNS; i++) for (const [name, args, env] of cases) samples.get(name)!.push(await time(args, env));
    const base = median(samples.get("node -e 0")!);
    for (const [name] of cases) {
      const m = median(samples.get(name)!);
      console.log(`${name.padEnd(28)} ${m.toFixed(0).padStart(5)} ms  ${(m / base).toFixed(1).padStart(5)}× node -e 0`);
    }
  } finally {
    await server.close();
    rmSync(cache, {recursive: true, force: true});
  }
}
