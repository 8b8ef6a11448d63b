/**
 * The page budget: every built page, discovered from dist/ (so new pages are checked without editing this test),
 * loaded in headless Chromium from the precompressed site. The server counts the bytes it sends, which includes
 * what workers fetch. A page fails when it transfers more than 250 kB before the reader does anything, or when it
 * fetches wasm before a click. Bytes are deterministic, so this is a test; load times are in `npm run bench -- site`.
 */
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {MIN_COMPRESS} from "../../scripts/compress.js";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";
import {launchBrowser, watchedPage} from "../support/browser.js";
import {buildSite, kindOf, sitePages} from "./site.js";

/** 250 kB, encoded, before any interaction. */
export const PAGE_BUDGET = 250_000;

/**
 * The one exception: the technique page of each gemeente (`gemeente/[code]/techniek.md`) shows the whole stack on
 * purpose (DuckDB-wasm created at load, Arquero, vega-embed with vega-lite in the browser), so it loads the 5 MB
 * wasm and is not held to the budget.
 */
const isException = (path: string) => /^\/gemeente\/GM\d{4}\/techniek$/.test(path);

interface Sent {
  path: string;
  bytes: number;
  encoding: string | undefined;
}

describe("page budget", () => {
  let server: StaticServer;
  let browser: Browser;
  let pages: string[];
  let sent: Sent[] = [];

  beforeAll(async () => {
    const dist = buildSite();
    pages = sitePages(dist);
    server = await serveStatic(dist, 0, {
      log: (path, bytes, _req, res) => sent.push({path, bytes, encoding: res.getHeader("content-encoding") as string | undefined})
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Loads a page cold and returns what the server sent until the page settled, charts drawn. */
  async function load(path: string): Promise<{sent: Sent[]; external: string[]; errors: string[]}> {
    const w = await watchedPage(browser);
    sent = [];
    await w.page.goto(`${server.url}${path}`, {waitUntil: "networkidle"});
    // Settled: every inline expression has its value (Framework removes its <observablehq-loading> placeholder; a
    // figure that waits for DuckDB keeps it until the wasm is in) and every chart is drawn.
    await w.page.waitForFunction(
      () => !document.querySelector("observablehq-loading, .bb-chart-view:not([data-drawn])"),
      undefined,
      {timeout: 60_000}
    );
    await w.page.waitForLoadState("networkidle");
    // Count whole responses only, workers' included: wait until the server has been quiet for 1.5 s.
    await server.idle(1500);
    const result = {sent: [...sent], external: w.external, errors: w.errors};
    await w.context.close();
    return result;
  }

  it("finds the study pages in dist/", () => {
    expect(pages).toEqual(expect.arrayContaining(["/", "/gemeente/GM9999/armoede", "/gemeente/GM9999/regelingen", "/gemeente/GM9999/techniek"]));
  });

  it("serves JavaScript precompressed (brotli) to Chromium", async () => {
    const {sent} = await load("/gemeente/GM9999/armoede");
    const js = sent.filter((s) => kindOf(s.path) === "js");
    expect(js.length).toBeGreaterThan(3);
    // Files under MIN_COMPRESS bytes are left as they are: brotli's framing would make them bigger.
    for (const s of js) if (s.bytes >= MIN_COMPRESS) expect(s.encoding, s.path).toBe("br");
    expect(js.filter((s) => s.encoding === "br").length).toBeGreaterThan(3);
  });

  it("keeps every page under 250 kB and free of wasm until a click (the technique pages excepted)", async () => {
    const report: string[] = [];
    for (const path of pages) {
      if (isException(path)) continue;
      const {sent, external, errors} = await load(path);
      const total = sent.reduce((s, r) => s + r.bytes, 0);
      const wasm = sent.filter((s) => kindOf(s.path) === "wasm").map((s) => s.path);
      report.push(`${path}: ${(total / 1000).toFixed(1)} kB`);
      expect(wasm, `${path} fetched wasm at load`).toEqual([]);
      expect(total, `${path} transferred ${total} bytes before interaction:\n${sent.map((s) => `  ${s.bytes} ${s.path}`).join("\n")}`).toBeLessThanOrEqual(PAGE_BUDGET);
      expect(errors, path).toEqual([]);
      expect(external, path).toEqual([]);
    }
    console.log(`page weight before interaction (encoded): ${report.join(", ")}`);
    expect(report.length).toBeGreaterThanOrEqual(3);
  });

  it("would catch a page that creates DuckDB at load: the technique page does, and is the named exception", async () => {
    const {sent} = await load("/gemeente/GM9999/techniek");
    expect(sent.some((s) => kindOf(s.path) === "wasm")).toBe(true);
  });
});
