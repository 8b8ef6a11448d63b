/** `buurtboek demo`: (re)generates the seeded demo workspace Voorbeeldstad: manifest, snapshots and lock. */
import {Command} from "commander";
import {workspace} from "../snapshot/paths.js";
import {DEFAULT_SEED} from "./seed.js";

/** The `demo` command. */
export function demoCommand(): Command {
  return new Command("demo")
    .description("generate the demo workspace Voorbeeldstad (GM9999, synthetic) into the data folder")
    .option("--seed <n>", "generator seed", String(DEFAULT_SEED))
    .option("--data-dir <dir>", "workspace data folder (default BUURTBOEK_DATA_DIR or ./data)")
    .option("--force", "replace a manifest that is not a demo manifest")
    .option("--gemeenten <n>", "a synthetic national workspace of n Voorbeeldstad-like gemeenten (GM9000 …) instead")
    .action(async (opts: {seed: string; dataDir?: string; force?: boolean; gemeenten?: string}) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${opts.seed}`);
      const gemeenten = opts.gemeenten === undefined ? undefined : Number(opts.gemeenten);
      if (gemeenten !== undefined && (!Number.isInteger(gemeenten) || gemeenten < 2 || gemeenten > 999)) {
        throw new Error(`--gemeenten must be a whole number from 2 to 999, not ${opts.gemeenten}`);
      }
      const {writeDemo} = await import("./write.js");
      const ws = workspace(opts.dataDir);
      const lock = await writeDemo(ws, seed, {force: opts.force, gemeenten});
      const what = gemeenten ? `national demo workspace Voorbeeldland, ${gemeenten} gemeenten` : "demo workspace Voorbeeldstad";
      console.log(`${what} (seed ${seed}): ${Object.keys(lock.datasets).length} datasets in ${ws.snapshotsDir}`);
    });
}
