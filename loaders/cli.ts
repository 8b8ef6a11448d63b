/**
 * The `buurtboek` command. Each capability registers its own subcommand from its folder
 * (`loaders/cbs/command.ts`, `loaders/snapshot/command.ts`, ...) so this file stays a table of contents.
 */
import {Command} from "commander";
import {readFileSync} from "node:fs";
import {cbsCommand} from "./cbs/command.js";
import {dataCommand} from "./snapshot/command.js";
import {demoCommand} from "./demo/command.js";
import {initCommand} from "./kwb/command.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

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

/** Prints the reason (with its detail lines, e.g. every bad row of an extract) and exits non-zero. */
export function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`buurtboek: ${message}\n`);
  process.exit(1);
}

const isMain = process.argv[1] && /(?:cli\.ts|buurtboek(?:\.js)?)$/.test(process.argv[1]);
if (isMain) {
  await createProgram().parseAsync(process.argv).catch(fail);
}
