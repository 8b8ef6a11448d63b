/**
 * `buurtboek cbs search|info|fetch`: the command-line face of the CBS client. The client is loaded only when a
 * command runs, so `--help` starts fast. Errors rise to the one handler in loaders/cli.ts.
 */
import {Command, InvalidArgumentError, Option} from "commander";
import type {OutputFormat} from "./output.js";
import {REGION_LEVELS, type RegionLevel} from "./regions.js";

const list = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function levels(value: string): RegionLevel[] {
  const ls = list(value);
  for (const l of ls) if (!REGION_LEVELS.includes(l as RegionLevel)) throw new InvalidArgumentError(`unknown level "${l}" (use ${REGION_LEVELS.join(", ")})`);
  return ls as RegionLevel[];
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number of seconds");
  return n;
}

const apiOption = () => new Option("--api <api>", "OData protocol").choices(["v3", "v4"]).default("v3");
const common = (cmd: Command) =>
  cmd
    .option("--cache-dir <dir>", "HTTP cache folder", ".buurtboek/cache")
    .option("--offline", "answer only from the cache; fail when a response is missing")
    .option("--max-age <seconds>", "trust a cached table version this long without asking CBS", seconds);

/** The `cbs` subcommand, registered by `loaders/cli.ts`. */
export function cbsCommand(): Command {
  const cbs = new Command("cbs").description("CBS StatLine open data (OData v3 and v4)");

  common(cbs.command("search").description("list tables whose id or title contains all words").argument("<words...>").addOption(apiOption())).action(
    async (words: string[], opts) => {
      const {searchTables} = await import("./catalog.js");
      const tables = await searchTables(words.join(" "), {api: opts.api, cacheDir: opts.cacheDir, offline: opts.offline, maxAge: opts.maxAge});
      for (const t of tables) process.stdout.write(`${t.id}\t${t.modified}\t${t.title}\n`);
      if (tables.length === 0) process.stderr.write(`no tables match "${words.join(" ")}"\n`);
    }
  );

  common(cbs.command("info").description("title, version, dimensions and measures of a table").argument("<table>").addOption(apiOption()))
    .option("--json", "print JSON")
    .action(async (table: string, opts) => {
      const {tableInfo} = await import("./catalog.js");
      const info = await tableInfo(table, {api: opts.api, cacheDir: opts.cacheDir, offline: opts.offline, maxAge: opts.maxAge});
      if (opts.json) {
        process.stdout.write(JSON.stringify(info, null, 2) + "\n");
        return;
      }
      const out = [`${info.id}  ${info.title}`, `modified: ${info.modified}  (api ${info.api})`, "", "dimensions:"];
      for (const d of info.dimensions) out.push(`  ${d.key}\t${d.role}\t${d.codes} codes\t${d.title}`);
      out.push("", "measures (key, title, unit, decimals):");
      for (const m of info.measures) out.push(`  ${m.key}\t${m.title}\t${m.unit ?? ""}\t${m.decimals ?? ""}`);
      process.stdout.write(out.join("\n") + "\n");
    });

  common(cbs.command("fetch").description("fetch a table as a wide table with provenance (<out>.meta.json)").argument("<table>").addOption(apiOption()))
    .option("--level <levels>", `region levels (${REGION_LEVELS.join(",")})`, levels)
    .option("--regions <codes>", "region codes, e.g. GM0599,WK059901", list)
    .option("--within <gemeente>", "a municipality and its wijken and buurten, e.g. GM0599")
    .option("--measures <names>", "measure keys or exact titles, comma separated", list)
    .option("--periods <codes>", "period codes, e.g. 2023JJ00", list)
    .addOption(new Option("--format <format>", "output format").choices(["csv", "json", "arrow"]).default("csv"))
    .addOption(new Option("--dataset <dataset>", "v3 data set").choices(["typed", "untyped"]).default("typed"))
    .option("--out <file>", "output file (default: stdout, without meta.json)")
    .action(async (table: string, opts) => {
      if (opts.format === "arrow" && !opts.out) throw new Error("--format arrow needs --out");
      const [{fetchTable}, {serialise, writeOutput}, bar] = await Promise.all([import("./fetch.js"), import("./output.js"), progressBar()]);
      try {
        const result = await fetchTable({
          table,
          api: opts.api,
          levels: opts.level,
          regions: opts.regions,
          within: opts.within,
          measures: opts.measures,
          periods: opts.periods,
          dataset: opts.dataset,
          cacheDir: opts.cacheDir,
          offline: opts.offline,
          maxAge: opts.maxAge,
          onProgress: bar.update,
          http: {onRetry: (e) => process.stderr.write(`retrying after: ${e.error.message.split("\n")[0]}\n`)}
        });
        bar.stop();
        if (opts.out) {
          const {rows, sha256} = await writeOutput(result, opts.format as OutputFormat, opts.out);
          process.stderr.write(`${result.table.id} (${result.table.modified}): ${rows} rows -> ${opts.out} sha256 ${sha256.slice(0, 12)}\n`);
        } else {
          process.stdout.write(serialise(result, opts.format as OutputFormat));
        }
      } finally {
        bar.stop();
      }
    });

  return cbs;
}

/** A progress bar on stderr that only appears once a fetch needs a second page. */
async function progressBar(): Promise<{update: (done: number, total?: number) => void; stop: () => void}> {
  const {default: cliProgress} = await import("cli-progress");
  let bar: InstanceType<typeof cliProgress.SingleBar> | null = null;
  let pages = 0;
  return {
    update(done, total) {
      pages++;
      if (pages < 2) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({stream: process.stderr, format: "cbs {bar} {value}/{total} rows", clearOnComplete: true}, cliProgress.Presets.shades_classic);
        bar.start(Math.max(total ?? done, done), done);
      }
      bar.setTotal(Math.max(total ?? done, done));
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    }
  };
}
