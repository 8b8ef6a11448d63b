/** Where tests find the repository and the read-only reference data in ../shared. */
import {existsSync} from "node:fs";
import {dirname, resolve} from "node:path";
import {fileURLToPath} from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `BUURTBOEK_SHARED`, or `../shared` beside the repository. */
export const sharedDir = resolve(process.env.BUURTBOEK_SHARED ?? resolve(repoRoot, "../shared"));

/** True when the shared folder is present; tests that need it use `describe.skipIf(!hasShared)`. */
export const hasShared = existsSync(resolve(sharedDir, "README.md"));

/** The reason printed when shared-data tests are skipped. */
export const sharedSkipReason = `../shared not found at ${sharedDir} (set BUURTBOEK_SHARED); skipping tests on real CBS data`;

if (!hasShared) console.warn(`SKIP: ${sharedSkipReason}`);

/** Absolute path of a file inside the shared folder. */
export function shared(...parts: string[]): string {
  return resolve(sharedDir, ...parts);
}
