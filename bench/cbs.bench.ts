/**
 * CBS client throughput and memory: (1) normalising the recorded 15,504-row 83599NED Feed (two pages),
 * (2) pivoting a generated 200,000-observation v4 stream. The fixture server runs in a child process so its
 * memory stays out of the client's figures; each case uses a fresh cache, so every page crosses HTTP.
 */
import {spawn} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {createInterface} from "node:readline";
import {fetchTable, type FetchOptions} from "../loaders/cbs/index.js";
import {hasShared, repoRoot, sharedSkipReason} from "../tests/support/paths.js";

async function startServer(): Promise<{url: string; stop: () => void}> {
  const args = [join(repoRoot, "tests/fixtures/cbs-server.ts"), "--generated", "200000", ...(hasShared ? ["--recorded"] : [])];
  const child = spawn(join(repoRoot, "node_modules/.bin/tsx"), args, {stdio: ["ignore", "pipe", "inherit"]});
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({input: child.stdout!}).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`fixture server exited with ${code}`)));
  });
  return {url: JSON.parse(line).url, stop: () => child.kill("SIGTERM")};
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function measure(label: string, options: Omit<FetchOptions, "cacheDir">): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), "buurtboek-bench-"));
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 5);
  const start = performance.now();
  let input = 0;
  const result = await fetchTable({...options, cacheDir, onProgress: (done) => (input = done)});
  const ms = performance.now() - start;
  clearInterval(sampler);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  rmSync(cacheDir, {recursive: true, force: true});
  const data = result.network?.filter((u) => /DataSet|Observations/.test(u)).length ?? 0;
  console.log(
    `${label}: ${input} rows in, ${result.rows.length} rows out, ${data} data pages, ${ms.toFixed(0)} ms, ` +
      `${Math.round((input / ms) * 1000).toLocaleString("en")} input rows/s; ` +
      `peak RSS ${mb(peakRss)} (+${mb(peakRss - base.rss)}), peak heap ${mb(peakHeap)} (+${mb(peakHeap - base.heapUsed)})`
  );
}

/** Prints rows/s and peak memory for both inputs. */
export default async function (): Promise<void> {
  const server = await startServer();
  try {
    const http = {retries: 2, minDelayMs: 50};
    if (hasShared) {
      await measure("v3 Feed 83599NED (UntypedDataSet, 15,504 rows)", {table: "83599NED", dataset: "untyped", v3Url: server.url, http});
    } else console.log(`v3 Feed 83599NED: skipped (${sharedSkipReason})`);
    // Observations in = 200,000; rows out = 200,000 / 4 measures.
    await measure("v4 Observations 99999TST (200,000 observations -> wide)", {table: "99999TST", api: "v4", v4Url: server.url, http});
  } finally {
    server.stop();
  }
}
