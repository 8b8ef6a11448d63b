/**
 * The chart component and the reproduce panel in Chromium, on the built armoede page: the map is drawn with vega
 * alone (role="img", aria-label, Dutch numbers, data table), the CSV download holds exactly the drawn rows, and
 * "zelf bevragen (SQL)" loads DuckDB-wasm only on the click and runs the page's own query to the same rows.
 * Every request is checked to stay on 127.0.0.1.
 */
import {readFile} from "node:fs/promises";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {buildSite, kindOf} from "./site.js";

describe("chart and reproduce panel on /armoede", () => {
  let server: StaticServer;
  let browser: Browser;
  let w: WatchedPage;
  const requested: string[] = [];

  beforeAll(async () => {
    server = await serveStatic(buildSite(), 0, {log: (path) => requested.push(path)});
    browser = await launchBrowser();
    w = await watchedPage(browser);
    await w.page.goto(`${server.url}/armoede`);
    await w.page.waitForSelector("#kaart[data-drawn] svg .mark-shape path", {timeout: 60_000});
    await server.idle(1000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("draws the compiled map with the vega runtime only, as an image with a text alternative", async () => {
    expect(await w.page.getAttribute("#kaart", "role")).toBe("img");
    expect(await w.page.getAttribute("#kaart", "aria-label")).toMatch(/^Kaart van Huishoudens met een laag inkomen \(%\) per buurt\. \d+ van \d+ buurten hebben een waarde; de hoogste: .+ \d+,\d%/);
    expect(requested.some((p) => p.includes("/vega@"))).toBe(true);
    expect(requested.filter((p) => /vega-lite|vega-embed|duckdb|apache-arrow|arquero/.test(p))).toEqual([]);
    // Legend title filled in at runtime; legend labels in Dutch notation.
    expect(await w.page.textContent("#kaart .role-legend-title")).toBe("Huishoudens met een laag inkomen (%)");
    const labels = await w.page.$$eval("#kaart .role-legend-label text", (t) => t.map((e) => e.textContent ?? ""));
    expect(labels.some((l) => /^\d+,\d$/.test(l))).toBe(true);
  });

  it("puts the drawn rows in a data table, one row per buurt", async () => {
    const rows = await w.page.$$eval(".bb-chart details table tbody tr", (trs) => trs.length);
    expect(rows).toBe(40);
    expect(await w.page.$$eval(".bb-chart details th", (th) => th.map((e) => e.textContent))).toEqual(["Code", "Buurt", "Inwoners", "Huishoudens met een laag inkomen (%)"]);
  });

  it("redraws with other rows and title when the indicator changes", async () => {
    await w.page.selectOption("form select", {label: "Gemiddeld inkomen per inwoner (× € 1.000)"});
    await w.page.waitForFunction(() => document.querySelector("#kaart .role-legend-title")?.textContent?.startsWith("Gemiddeld inkomen"));
    await w.page.selectOption("form select", {label: "Huishoudens met een laag inkomen (%)"});
    await w.page.waitForFunction(() => document.querySelector("#kaart .role-legend-title")?.textContent?.startsWith("Huishoudens met een laag"));
  });

  it("offers exactly the drawn rows as CSV", async () => {
    await w.page.click(".bb-reproduce summary");
    const [download] = await Promise.all([w.page.waitForEvent("download"), w.page.click(".bb-download")]);
    expect(download.suggestedFilename()).toBe("laag-per-buurt.csv");
    const csv = (await readFile((await download.path())!, "utf8")).trim().split("\n");
    expect(csv[0]).toBe("region_code,region_name,inwoners,waarde");
    expect(csv).toHaveLength(41);
    const table = await w.page.$$eval(".bb-chart details tbody tr", (trs) => trs.map((tr) => tr.children[0].textContent));
    expect(csv.slice(1).map((l) => l.split(",")[0]).sort()).toEqual([...table].sort());
    expect(await w.page.textContent(".bb-query")).toMatch(/^SELECT region_code, region_name, "\w+" AS inwoners, "\w+" AS waarde\nFROM kwb WHERE region_level = 'buurt'/);
  });

  it("loads DuckDB-wasm only on the SQL click and runs the page's query to the same rows", async () => {
    expect(requested.filter((p) => kindOf(p) === "wasm" || p.includes("duckdb"))).toEqual([]);
    await w.page.click("text=zelf bevragen (SQL)");
    await w.page.waitForSelector(".bb-sql-run", {timeout: 120_000});
    expect(requested.some((p) => p.endsWith("/duckdb-eh.wasm"))).toBe(true);
    expect(await w.page.inputValue(".bb-sql-query")).toBe((await w.page.textContent(".bb-query"))!);
    await w.page.click(".bb-sql-run");
    await w.page.waitForSelector(".bb-sql-count", {timeout: 60_000});
    expect(await w.page.textContent(".bb-sql-count")).toBe("40 rijen");
    const sqlCodes = await w.page.$$eval(".bb-sql-result tbody tr", (trs) => trs.map((tr) => tr.children[0].textContent));
    const drawn = await w.page.$$eval(".bb-chart details tbody tr", (trs) => trs.map((tr) => tr.children[0].textContent));
    expect([...sqlCodes].sort()).toEqual([...drawn].sort());
    // A reader's own query, and a clear message for a wrong one.
    await w.page.fill(".bb-sql-query", "SELECT count(*)::INTEGER AS n FROM kwb WHERE region_level = 'wijk'");
    await w.page.click(".bb-sql-run");
    await w.page.waitForFunction(() => document.querySelector(".bb-sql-count")?.textContent === "1 rij");
    expect(await w.page.textContent(".bb-sql-result tbody td")).toBe("8");
    await w.page.fill(".bb-sql-query", "SELECT * FROM bestaat_niet");
    await w.page.click(".bb-sql-run");
    await w.page.waitForSelector(".bb-sql-result .bb-chart-fout");
    expect(await w.page.textContent(".bb-sql-result")).toMatch(/^Fout in de query: .*bestaat_niet/);
  });

  it("sends nothing off the machine and logs no errors", () => {
    expect(w.external).toEqual([]);
    expect(w.errors.filter((e) => !e.includes("bestaat_niet"))).toEqual([]);
  });
});
