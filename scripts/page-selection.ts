/**
 * Which pages one Framework process builds. `scripts/pages.ts` builds the pages of a large workspace in shards and
 * reuses the pages of unchanged gemeenten; it names each shard's pages in a JSON file and passes its path as
 * `BUURTBOEK_BUILD_PATHS`. Without it (`npm run dev`, Studio, a plain `observable build`) every page is built.
 */
import {readFileSync} from "node:fs";

/** The dynamic paths this process builds: all of them, or those named in `BUURTBOEK_BUILD_PATHS`. */
export function selectPaths(paths: string[], file = process.env.BUURTBOEK_BUILD_PATHS): string[] {
  if (!file) return paths;
  const wanted = new Set(JSON.parse(readFileSync(file, "utf8")) as string[]);
  return paths.filter((p) => wanted.has(p));
}
