/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or the ones named on the command line) and prints figures.
 * Each bench module exports a default async function that prints its own results.
 */
import {readdirSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

for (const file of files) {
  console.log(`\n== ${file.replace(/\.bench\.ts$/, "")} ==`);
  const mod = await import(pathToFileURL(join(dir, file)).href);
  await mod.default();
}
