/** `buurtboek init`: the command-line face of {@link init}. */
import {Command} from "commander";
import {workspace} from "../snapshot/paths.js";
import type {init as Init} from "./init.js";

/** The `init` command. */
export function initCommand(): Command {
  return new Command("init")
    .description("add a gemeente's poverty study (KWB editions + PDOK boundaries) to the workspace manifest")
    .argument("<gemeente>", "CBS gemeente code, e.g. GM0518")
    .option("--editions <list>", "KWB editions, e.g. 2019,2021-2024 (default: the five most recent in the CBS catalogue)")
    .option("--geometry-year <year>", "year of the PDOK wijk and buurt boundaries (default: the newest edition)")
    .option("--api <v3|v4>", "CBS OData version", "v3")
    .option("--data-dir <dir>", "workspace data folder (default BUURTBOEK_DATA_DIR or ./data)")
    .option("--cache-dir <dir>", "CBS HTTP cache folder")
    .option("--offline", "answer CBS requests from the HTTP cache only")
    .action(async (code: string, opts: {editions?: string; geometryYear?: string; api: string; dataDir?: string; cacheDir?: string; offline?: boolean}) => {
      if (opts.api !== "v3" && opts.api !== "v4") throw new Error(`--api must be v3 or v4, not ${opts.api}`);
      const geometryYear = opts.geometryYear === undefined ? undefined : Number(opts.geometryYear);
      if (geometryYear !== undefined && !Number.isInteger(geometryYear)) throw new Error(`--geometry-year: not a year: ${opts.geometryYear}`);
      const ws = workspace(opts.dataDir);
      // Loaded here, not at the top: it brings the whole CBS client (Arrow included), which `--help` does not need.
      const {init}: {init: typeof Init} = await import("./init.js");
      const r = await init(ws, code, {
        editions: opts.editions, geometryYear, api: opts.api, cacheDir: opts.cacheDir, offline: opts.offline,
        log: (line) => process.stderr.write(`note: ${line}\n`)
      });
      console.log(`${r.created ? "created" : "updated"} ${ws.manifestPath}`);
      console.log(`${r.gemeente.code} ${r.gemeente.name}: ${r.datasets[0]} (KWB ${r.editions.join(", ")}), ${r.datasets[1]} (PDOK ${r.geometryYear})`);
      console.log(`next: buurtboek data pull${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ""}, then npm run build`);
    });
}
