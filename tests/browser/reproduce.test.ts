/**
 * The chart component and the reproduce panel in Chromium, on the built gemeente pages of the demo municipality.
 * On /gemeente/GM9999/regelingen the bars are drawn with vega alone (role="img", aria-label, Dutch numbers, data
 * table = drawn rows, missing take-up named, not drawn). On /gemeente/GM9999/armoede the CSV download holds exactly
 * the drawn rows and "zelf bevragen (SQL)" loads DuckDB-wasm only on the click and runs the page's own query to the
 * same rows. Every request is checked to stay on 127.0.0.1.
 */
import {readFile} from "node:fs/promises";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {buildSite, kindOf} from "./site.js";

let server: StaticServer;
let browser: Browser;
const requested: string[] = [];

beforeAll(async () => {
  server = await serveStatic(buildSite(), 0, {log: (path) => requested.push(path)});
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page with a fresh request log and waits until it has settled. */
async function open(path: string, ready: string): Promise<WatchedPage> {
  const w = await watchedPage(browser);
  requested.length = 0;
  await w.page.goto(`${server.url}${path}`);
  await w.page.waitForSelector(ready, {timeout: 60_000});
  await server.idle(1000);
  return w;
}

/** The values of one column (by header text) of a table's body rows. */
function column(page: Page, table: string, header: string): Promise<string[]> {
  return page.$eval(table, (t, header) => {
    const i = [...t.querySelectorAll("thead th")].findIndex((th) => th.textContent === header);
    if (i < 0) throw new Error(`no column ${header}`);
    return [...t.querySelectorAll("tbody tr")].map((tr) => tr.children[i].textContent ?? "");
  }, header);
}

describe("chart() on /gemeente/GM9999/regelingen", () => {
  let w: WatchedPage;
  beforeAll(async () => {
    w = await open("/gemeente/GM9999/regelingen", "#staven-grafiek[data-drawn] svg .mark-rect path");
  });

  it("draws the compiled bars with the vega runtime only, as an image with a text alternative", async () => {
    expect(await w.page.getAttribute("#staven-grafiek", "role")).toBe("img");
    const label = (await w.page.getAttribute("#staven-grafiek", "aria-label"))!;
    expect(label).toMatch(/^Staafdiagram: bereik per wijk en regeling in \d{4}, \d+ staven\. Het hoogste bereik: .+, \d+,\d%\./);
    expect(requested.some((p) => p.includes("/vega@"))).toBe(true);
    expect(requested.filter((p) => /vega-lite|vega-embed|duckdb|apache-arrow|arquero/.test(p) || kindOf(p) === "wasm")).toEqual([]);
    // Axis labels in Dutch notation: whole percentages, and the legend names the schemes.
    const ticks = await w.page.$$eval("#staven-grafiek .role-axis-label text", (t) => t.map((e) => e.textContent ?? ""));
    expect(ticks).toContain("100");
    expect(await w.page.$$eval("#staven-grafiek .role-legend-label text", (t) => t.length)).toBeGreaterThan(1);
  });

  it("puts exactly the drawn bars in the data table, Dutch numbers, and names the rows it leaves out", async () => {
    const bars = await w.page.$$eval("#staven-grafiek .mark-rect path", (p) => p.length);
    const label = (await w.page.getAttribute("#staven-grafiek", "aria-label"))!;
    const table = "#staven .bb-chart details table";
    const rates = await column(w.page, table, "Bereik");
    expect(rates.length).toBe(bars);
    expect(label).toContain(`${bars} staven`);
    for (const r of rates) expect(r).toMatch(/^\d+,\d%$/);
    expect((await column(w.page, table, "Gebruikers")).every((u) => /^\d{1,3}(\.\d{3})*$/.test(u))).toBe(true);
    // Areas without a take-up (afgeschermd, doelgroep te klein, a data problem) are never drawn: they are named under
    // the chart with their reason, and the description counts them. Drawn plus named is every wijk for every scheme.
    const missing = await w.page.$$eval("#staven-weggelaten span[data-code]", (s) => s.map((e) => e.textContent ?? ""));
    for (const m of missing) expect(m).toMatch(/^.+ \(.+\): (afgeschermd|doelgroep te klein|meer dan 100%: gegevensprobleem)$/);
    expect(missing.length).toBeGreaterThan(0);
    expect(label).toMatch(new RegExp(`Niet getekend: ${missing.length} combinaties van wijk en regeling zonder bereik, waarvan \\d+ afgeschermd\\.$`));
    const schemesDrawn = await column(w.page, table, "Regeling");
    const pairs = (await column(w.page, table, "Wijk")).map((wijk, i) => `${wijk} (${schemesDrawn[i]})`);
    const named = missing.map((m) => m.replace(/: [^:]+(: gegevensprobleem)?$/, ""));
    expect(pairs.filter((p) => named.includes(p))).toEqual([]);
    const schemes = await w.page.$$eval("#staven-grafiek .role-legend-label text", (t) => t.length);
    const wijken = new Set([...pairs, ...named].map((p) => p.replace(/ \(.+\)$/, ""))).size;
    expect(bars + missing.length).toBe(schemes * wijken);
  });

  it("runs the bars' query and the scatter's join in DuckDB over the page's own tables, afgeschermd kept as a word", async () => {
    const bars = await w.page.$$eval("#staven-grafiek .mark-rect path", (p) => p.length);
    const panel = "#staven + .bb-reproduce";
    await w.page.click(`${panel} summary`);
    await w.page.click(`${panel} >> text=zelf bevragen (SQL)`);
    await w.page.waitForSelector(`${panel} .bb-sql-run`, {timeout: 120_000});
    await w.page.click(`${panel} .bb-sql-run`);
    await w.page.waitForFunction((p) => document.querySelector(`${p} .bb-sql-count`), panel, {timeout: 60_000});
    expect(await w.page.textContent(`${panel} .bb-sql-count`)).toBe(`${bars} rijen`);
    const scatterRows = await w.page.$$eval("#spreiding circle", (c) => c.length);
    expect(scatterRows).toBeGreaterThan(0);
    await w.page.fill(`${panel} .bb-sql-query`, (await w.page.textContent("#spreiding ~ .bb-reproduce .bb-query"))!);
    await w.page.click(`${panel} .bb-sql-run`);
    await w.page.waitForFunction(([p, n]) => document.querySelector(`${p} .bb-sql-count`)?.textContent === `${n} rijen`, [panel, scatterRows] as const, {timeout: 60_000});
    await w.page.fill(`${panel} .bb-sql-query`, "SELECT count(*)::INTEGER AS n FROM regelingen WHERE gebruikers = 'afgeschermd'");
    await w.page.click(`${panel} .bb-sql-run`);
    await w.page.waitForFunction((p) => document.querySelector(`${p} .bb-sql-count`)?.textContent === "1 rij", panel);
    expect(Number(await w.page.textContent(`${panel} .bb-sql-result tbody td`))).toBeGreaterThan(0);
  });

  it("sends nothing off the machine and logs no errors", () => {
    expect(w.external).toEqual([]);
    expect(w.errors).toEqual([]);
  });
});

describe("reproduce() and SQL on demand on /gemeente/GM9999/armoede", () => {
  let w: WatchedPage;
  const panel = '[data-chart="kaart"]';
  beforeAll(async () => {
    w = await open("/gemeente/GM9999/armoede", "#kaart svg path[data-code]");
  });

  it("offers exactly the drawn rows as CSV", async () => {
    await w.page.click(`${panel} .bb-reproduce summary`);
    const [download] = await Promise.all([w.page.waitForEvent("download"), w.page.click(`${panel} .bb-download`)]);
    expect(download.suggestedFilename()).toMatch(/-kaart-laag_inkomen_pct-wijk-\d{4}\.csv$/);
    const csv = (await readFile((await download.path())!, "utf8")).trim().split("\n");
    const codeAt = csv[0].split(",").indexOf("region_code");
    expect(codeAt).toBeGreaterThanOrEqual(0);
    const drawn = await w.page.$$eval("#kaart svg path[data-code]", (p) => p.map((e) => e.getAttribute("data-code")!));
    expect(drawn.length).toBeGreaterThan(1);
    expect(csv.slice(1).map((l) => l.split(",")[codeAt]).sort()).toEqual([...new Set(drawn)].sort());
    expect(await w.page.textContent(`${panel} .bb-query`)).toMatch(/FROM kwb/);
  });

  it("loads DuckDB-wasm only on the SQL click and runs the page's query to the same rows", async () => {
    expect(requested.filter((p) => kindOf(p) === "wasm" || p.includes("duckdb"))).toEqual([]);
    await w.page.click(`${panel} >> text=zelf bevragen (SQL)`);
    await w.page.waitForSelector(`${panel} .bb-sql-run`, {timeout: 120_000});
    expect(requested.some((p) => p.endsWith("/duckdb-eh.wasm"))).toBe(true);
    expect(await w.page.inputValue(`${panel} .bb-sql-query`)).toBe((await w.page.textContent(`${panel} .bb-query`))!);
    await w.page.click(`${panel} .bb-sql-run`);
    await w.page.waitForSelector(`${panel} .bb-sql-count`, {timeout: 60_000});
    const drawn = [...new Set(await w.page.$$eval("#kaart svg path[data-code]", (p) => p.map((e) => e.getAttribute("data-code")!)))];
    expect(await w.page.textContent(`${panel} .bb-sql-count`)).toBe(`${drawn.length} rijen`);
    expect((await column(w.page, `${panel} .bb-sql-result table`, "region_code")).sort()).toEqual(drawn.sort());
    // A clear message for a wrong query.
    await w.page.fill(`${panel} .bb-sql-query`, "SELECT * FROM bestaat_niet");
    await w.page.click(`${panel} .bb-sql-run`);
    await w.page.waitForSelector(`${panel} .bb-sql-result .bb-chart-fout`);
    expect(await w.page.textContent(`${panel} .bb-sql-result`)).toMatch(/^Fout in de query: .*bestaat_niet/);
  });

  it("sends nothing off the machine and logs no errors", () => {
    expect(w.external).toEqual([]);
    expect(w.errors.filter((e) => !e.includes("bestaat_niet"))).toEqual([]);
  });
});
