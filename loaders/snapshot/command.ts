/**
 * `buurtboek data pull|verify|diff`: the command-line face of snapshots and the data lock. The work is loaded only
 * when a command runs, so `--help` starts fast.
 */
import {Command} from "commander";
import {workspace} from "./paths.js";

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The `data` command with its subcommands. */
export function dataCommand(): Command {
  const data = new Command("data")
    .description("snapshots and the data lock: pull, verify, diff (data folder: --data-dir, BUURTBOEK_DATA_DIR or ./data)");

  data
    .command("pull")
    .description("fetch the datasets in workspace.json (all, or the ones named) into snapshots/ and update data.lock.json")
    .argument("[names...]", "dataset names from the manifest")
    .option("--data-dir <dir>", "workspace data folder")
    .option("--offline", "answer CBS requests from the HTTP cache only")
    .option("--cache-dir <dir>", "CBS HTTP cache folder")
    .action(async (names: string[], opts: {dataDir?: string; offline?: boolean; cacheDir?: string}) => {
      const {pull} = await import("./pull.js");
      const {pullProgress} = await import("./progress.js");
      const ws = workspace(opts.dataDir);
      const progress = await pullProgress();
      const {pulled} = await pull(ws, {names, offline: opts.offline, cacheDir: opts.cacheDir, log: progress.log, progress: progress.onEvent}).finally(progress.stop);
      for (const r of pulled) console.log(`${r.name}: ${r.entry.rows} rows, ${r.entry.columns} columns, version ${r.entry.source.modified ?? "–"}`);
      console.log(`wrote ${pulled.length} snapshot(s) and ${ws.lockPath}`);
      // The poverty studies' join of data and boundaries: codes without shape, shapes without data, per edition.
      const {studyJoinLines} = await import("../kwb/study.js");
      for (const line of await studyJoinLines(ws)) console.log(line);
    });

  data
    .command("verify")
    .description("check offline that every snapshot matches the lock; --live also asks the sources for newer versions")
    .option("--data-dir <dir>", "workspace data folder")
    .option("--live", "ask each source whether a newer version exists (exit 2 if so)")
    .option("--cache-dir <dir>", "CBS HTTP cache folder (for --live)")
    .option("--json", "print the result as JSON")
    .action(async (opts: {dataDir?: string; live?: boolean; json?: boolean; cacheDir?: string}) => {
      const {verify} = await import("./verify.js");
      const result = await verify(workspace(opts.dataDir), {live: opts.live, cacheDir: opts.cacheDir});
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else {
        for (const p of result.problems) console.log(`FAIL ${p.dataset}${p.file ? ` ${p.file}` : ""}: ${p.reason}`);
        for (const s of result.strays) console.log(`note: ${s} is not named by the lock`);
        for (const u of result.updates) console.log(`NEWER ${u.dataset}: ${u.reason}`);
        if (result.ok) console.log(`ok: ${result.checked} dataset(s) match the lock${opts.live ? `; ${result.updates.length} with a newer source version` : ""}`);
      }
      if (!result.ok) {
        const first = result.problems[0];
        process.stderr.write(`buurtboek: verify failed: ${first.file ?? first.dataset}: ${first.reason}\n`);
        process.exitCode = 1;
      } else if (result.updates.length) process.exitCode = 2;
    });

  data
    .command("diff")
    .description("pull into a temporary folder and report what would change: rows, cells, filled columns")
    .argument("[names...]", "dataset names from the manifest")
    .option("--data-dir <dir>", "workspace data folder")
    .option("--examples <n>", "changed cells to show per dataset", "10")
    .option("--json", "print the diff as JSON")
    .option("--keep", "keep the temporary pull and print its folder")
    .option("--offline", "answer CBS requests from the HTTP cache only")
    .option("--cache-dir <dir>", "CBS HTTP cache folder")
    .action(async (names: string[], opts: {dataDir?: string; examples: string; json?: boolean; keep?: boolean; offline?: boolean; cacheDir?: string}) => {
      const {diff, formatDiff} = await import("./diff.js");
      const {diffs, tempDir} = await diff(workspace(opts.dataDir), {
        names, examples: Number(opts.examples), keep: opts.keep, offline: opts.offline, cacheDir: opts.cacheDir, log
      });
      console.log(opts.json ? JSON.stringify(diffs, null, 2) : formatDiff(diffs));
      if (tempDir) log(`temporary pull kept in ${tempDir}`);
    });
  return data;
}
