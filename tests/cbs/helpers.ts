/** Shared setup for CBS client tests: a fresh cache folder per test and fast retry settings. */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {HttpOptions} from "../../loaders/cbs/index.js";

/** Retries fast enough for tests; the schedule itself (backoff, jitter) is the library's. */
export const FAST: HttpOptions = {retries: 3, minDelayMs: 5, maxDelayMs: 20, timeoutMs: 10_000};

/** A temporary cache folder, removed by the returned cleanup. */
export function tempDir(prefix = "buurtboek-cbs-"): {dir: string; cleanup: () => void} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {dir, cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

/** Decodes a logged request URL so tests can read `$filter` literals (padding included). */
export function decoded(url: string): string {
  return decodeURIComponent(url);
}

export {join};
