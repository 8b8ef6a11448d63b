/**
 * Poverty study benchmark: (1) `init` + `data pull` for one gemeente with five KWB editions and its PDOK
 * boundaries against the fixture server (cold cache, then warm); (2) navigation to drawn map on the study page
 * of the demo workspace, median of 5 cold loads, with the bytes the page transferred before any interaction.
 */
import {join} from "node:path";
import {init} from "../loaders/kwb/init.js";
import {writeDemo} from "../loaders/demo/write.js";
import {pull} from "../loaders/snapshot/pull.js";
import {serveStatic} from "../scripts/serve.js";
import {startCbsServer} from "../tests/fixtures/cbs-server.js";
import {PDOK_PREFIX, pdokRoutes} from "../tests/fixtures/pdok-server.js";
import {buildSiteCopy, remove, tempWorkspace} from "../tests/data/support.js";
import {AA_EN_HUNZE, kwbEditions, pdokYear} from "../tests/kwb/fixtures.js";
import {launchBrowser, watchedPage} from "../tests/support/browser.js";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function initAndPull(): Promise<void> {
  const server = await startCbsServer({tables: kwbEditions([AA_EN_HUNZE]), routes: [pdokRoutes([pdokYear(2024, [AA_EN_HUNZE])])]});
  const env = {CBS_ODATA_V3_URL: server.url, CBS_ODATA_V4_URL: server.url, PDOK_URL: `${server.url}${PDOK_PREFIX}`};
  Object.assign(process.env, env);
  const ws = await tempWorkspace("buurtboek-bench-");
  const cacheDir = join(ws.dataDir, ".cache");
  try {
    for (const round of ["cold", "warm"]) {
      server.clearLog();
      const t0 = performance.now();
      await init(ws, AA_EN_HUNZE.code, {cacheDir});
      const t1 = performance.now();
      const {pulled} = await pull(ws, {cacheDir});
      const t2 = performance.now();
      const rows = pulled.reduce((n, r) => n + r.entry.rows, 0);
      console.log(`init + pull GM1680, 5 editions + PDOK 2024 (${round} cache): init ${(t1 - t0).toFixed(0)} ms, pull ${(t2 - t1).toFixed(0)} ms, total ${(t2 - t0).toFixed(0)} ms; ${server.log.length} requests to the fixture server; ${rows} snapshot rows`);
    }
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    await server.close();
    await remove(ws.dataDir);
  }
}

async function drawnMap(): Promise<void> {
  const ws = await tempWorkspace("buurtboek-bench-demo-");
  await writeDemo(ws, 2024);
  const site = await buildSiteCopy(ws.dataDir);
  const bytes: Record<string, number> = {};
  const server = await serveStatic(join(site, "dist"), 0, (p, n) => void (bytes[p.split(".").at(-1)!.split("?")[0]] = (bytes[p.split(".").at(-1)!.split("?")[0]] ?? 0) + n));
  const browser = await launchBrowser();
  const times: number[] = [];
  const totals: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      for (const k of Object.keys(bytes)) delete bytes[k];
      const w = await watchedPage(browser);
      await w.page.goto(`${server.url}/gemeente/GM9999/armoede`);
      await w.page.waitForSelector("#kaart svg path");
      times.push(await w.page.evaluate(() => performance.now()));
      await w.page.waitForLoadState("networkidle");
      totals.push(Object.values(bytes).reduce((a, b) => a + b, 0));
      if (i === 0) console.log(`bytes by kind on first load (uncompressed, as served): ${Object.entries(bytes).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / 1024).toFixed(0)} kB`).join(", ")}`);
      await w.context.close();
    }
    console.log(`navigation → drawn map, /gemeente/GM9999/armoede, 5 cold loads: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(", ")}); transferred ${(median(totals) / 1024).toFixed(0)} kB`);
  } finally {
    await browser.close();
    await server.close();
    await remove(site);
    await remove(ws.dataDir);
  }
}

export default async function bench(): Promise<void> {
  await initAndPull();
  await drawnMap();
}
