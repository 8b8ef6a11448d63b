/** `buurtboek init`: the command-line face of {@link init} (one gemeente) and {@link initMany} (several). */
import {Command} from "commander";
import {workspace} from "../snapshot/paths.js";
import type {init as Init} from "./init.js";
import type {initMany as InitMany} from "./init-national.js";

/** The `init` command. */
export function initCommand(): Command {
  return new Command("init")
    .description("add the poverty study (KWB editions + PDOK boundaries) of a gemeente, several, a provincie or all of them to the workspace manifest")
    .argument("[gemeenten...]", "CBS gemeente codes, e.g. GM0518 (or use --all / --provincie)")
    .option("--all", "every gemeente the newest chosen KWB edition lists")
    .option("--provincie <name>", "every gemeente of a provincie (CBS \"Gebieden in Nederland\"), e.g. Utrecht")
    .option("--measures <all|study>", "keep every KWB measure, or only the study's indicators and context (default: study with --all and --provincie, else all)")
    .option("--editions <list>", "KWB editions, e.g. 2019,2021-2024 (default: the five most recent in the CBS catalogue)")
    .option("--geometry-year <year>", "year of the PDOK wijk and buurt boundaries (default: the newest edition)")
    .option("--api <v3|v4>", "CBS OData version", "v3")
    .option("--data-dir <dir>", "workspace data folder (default BUURTBOEK_DATA_DIR or ./data)")
    .option("--cache-dir <dir>", "CBS HTTP cache folder")
    .option("--offline", "answer CBS requests from the HTTP cache only")
    .action(async (codes: string[], opts: {all?: boolean; provincie?: string; measures?: string; editions?: string; geometryYear?: string; api: string; dataDir?: string; cacheDir?: string; offline?: boolean}) => {
      if (opts.api !== "v3" && opts.api !== "v4") throw new Error(`--api must be v3 or v4, not ${opts.api}`);
      if (opts.measures !== undefined && opts.measures !== "all" && opts.measures !== "study") throw new Error(`--measures must be all or study, not ${opts.measures}`);
      const geometryYear = opts.geometryYear === undefined ? undefined : Number(opts.geometryYear);
      if (geometryYear !== undefined && !Number.isInteger(geometryYear)) throw new Error(`--geometry-year: not a year: ${opts.geometryYear}`);
      if (!codes.length && !opts.all && !opts.provincie) throw new Error("give a gemeente code (e.g. GM0518), several, --all or --provincie <name>");
      const ws = workspace(opts.dataDir);
      const common = {editions: opts.editions, geometryYear, api: opts.api, cacheDir: opts.cacheDir, offline: opts.offline, log: (line: string) => process.stderr.write(`note: ${line}\n`)} as const;
      const next = `next: buurtboek data pull${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ""}, then npm run build`;
      if (codes.length === 1 && !opts.all && !opts.provincie && opts.measures === undefined) {
        // Loaded here, not at the top: it brings the whole CBS client (Arrow included), which `--help` does not need.
        const {init}: {init: typeof Init} = await import("./init.js");
        const r = await init(ws, codes[0], common);
        console.log(`${r.created ? "created" : "updated"} ${ws.manifestPath}`);
        console.log(`${r.gemeente.code} ${r.gemeente.name}: ${r.datasets[0]} (KWB ${r.editions.join(", ")}), ${r.datasets[1]} (PDOK ${r.geometryYear})`);
        console.log(next);
        return;
      }
      const {initMany}: {initMany: typeof InitMany} = await import("./init-national.js");
      const r = await initMany(ws, {...common, codes, all: opts.all, provincie: opts.provincie, measures: opts.measures as "all" | "study" | undefined});
      console.log(`${r.created ? "created" : "updated"} ${ws.manifestPath}`);
      const shown = r.gemeenten.slice(0, 5).map((g) => `${g.code} ${g.name}${g.provincie ? ` (${g.provincie.name})` : ""}`).join(", ");
      console.log(`${r.gemeenten.length} gemeenten: ${shown}${r.gemeenten.length > 5 ? ", …" : ""}`);
      console.log(`per gemeente kwb-gmxxxx (KWB ${r.editions.join(", ")}) and gebieden-gmxxxx (PDOK ${r.geometryYear}); ${r.boundaries} (every gemeente's boundary); provincies: ${r.provincies}`);
      console.log(next);
    });
}
