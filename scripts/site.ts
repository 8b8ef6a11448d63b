/**
 * The part of the build that reads workspace data for the site: the pre-step (loaders/site/prepare.ts) and the
 * pages with their Framework loaders (scripts/pages.ts). scripts/build.ts runs it in-process when the workspace
 * has no private folder, and otherwise as this script in a child process with the private folders out of its
 * reach (loaders/privacy/isolate.ts), so our own pre-step is held to the same rule as the loaders editors write.
 *
 *   tsx scripts/site.ts <root>
 */
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {prepareSite} from "../loaders/site/prepare.js";
import {workspace, type Workspace} from "../loaders/snapshot/paths.js";
import {buildPages} from "./pages.js";

/** Makes the data assets and writes every page of the project in `root` into `<root>/dist` (before post-build). */
export async function buildSite(root: string, ws: Workspace = workspace()): Promise<void> {
  const log = (line: string) => console.log(`build: ${line}`);
  await prepareSite(ws, {root, log});
  await buildPages(root, ws, {log});
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildSite(resolve(process.argv[2] ?? ".")).catch((error) => {
    console.error(`build: ${error.message}`);
    process.exit(1);
  });
}
