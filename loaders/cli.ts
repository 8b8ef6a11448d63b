/**
 * The `buurtboek` command. Each capability registers its own subcommand from its folder
 * (`loaders/cbs/command.ts`, `loaders/snapshot/command.ts`, ...) so this file stays a table of contents.
 */
import {Command} from "commander";
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {cbsCommand} from "./cbs/command.js";
import {dataCommand} from "./snapshot/command.js";
import {demoCommand} from "./demo/command.js";
import {initCommand} from "./kwb/command.js";
import {repoRoot} from "./snapshot/paths.js";

// Through repoRoot, not this file's URL: the bundle (scripts/bundle-cli.ts) lives elsewhere than loaders/.
const pkg = JSON.parse(readFileSync(resolve(repoRoot, "package.json"), "utf8"));

export function createProgram(): Command {
  const program = new Command("buurtboek")
    .description("Buurtboek: notebooks over wijken en buurten — data tools")
    .version(pkg.version)
    .showHelpAfterError();
  program.addCommand(initCommand());
  program.addCommand(cbsCommand());
  program.addCommand(dataCommand());
  program.addCommand(demoCommand());
  return program;
}

/** Prints the reason (with its detail lines, e.g. every bad row of an extract) and exits non-zero: the one handler every command's errors rise to. */
function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`buurtboek: ${message}\n`);
  process.exit(1);
}

const isMain = process.argv[1] && /(?:cli\.ts|buurtboek(?:\.js)?)$/.test(process.argv[1]);
if (isMain) {
  await createProgram().parseAsync(process.argv).catch(fail);
}
