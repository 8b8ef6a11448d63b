/**
 * The stack end to end in a real browser: build the site, serve dist/ on 127.0.0.1 and open the demo page in
 * headless Chromium. Any request to a non-loopback host is aborted and fails the test.
 */
import {execFileSync} from "node:child_process";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {wijkTable, type WijkTable} from "../../loaders/kwb/wijken.js";
import {workspace} from "../../loaders/snapshot/paths.js";
import {repoRoot} from "../support/paths.js";

describe("demo page in Chromium", () => {
  let server: StaticServer;
  let browser: Browser;
  let w: WatchedPage;
  let expected: WijkTable;
  const sum = (column: "inwoners" | "bijstand") => expected.rows.reduce((total, r) => total + Number(r[column] ?? 0), 0);
  const dutch = (n: number) => new Intl.NumberFormat("nl-NL").format(n);

  beforeAll(async () => {
    execFileSync("npm", ["run", "build"], {cwd: repoRoot, stdio: "pipe", env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
    server = await serveStatic(join(repoRoot, "dist"));
    browser = await launchBrowser();
    w = await watchedPage(browser);
    expected = await wijkTable(workspace(join(repoRoot, "data")), "GM9999");
    await w.page.goto(`${server.url}/gemeente/GM9999/techniek`);
    await w.page.waitForSelector("#chart svg", {timeout: 60_000});
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const bars = () => w.page.$$eval("#chart svg .mark-rect path", (paths) => paths.map((p) => p.getAttribute("d")));

  it("renders one bar per wijk", async () => {
    expect(expected.rows.length).toBeGreaterThan(1);
    expect(await bars()).toHaveLength(expected.rows.length);
  });

  it("shows the DuckDB SQL result with Dutch number formatting", async () => {
    await w.page.waitForFunction(() => document.querySelector("#sql-inwoners")?.textContent?.includes("."));
    // The sums DuckDB computes in the browser, against the same sums over the snapshot in Node.
    expect(await w.page.textContent("#sql-wijken")).toBe(String(expected.rows.length));
    expect(await w.page.textContent("#sql-inwoners")).toBe(dutch(sum("inwoners")));
    expect(await w.page.textContent("#sql-bijstand")).toBe(dutch(sum("bijstand")));
    expect(await w.page.textContent("h1")).toBe(`Inkomen per wijk in ${expected.gemeente.name}`);
  });

  it("redraws the chart when the input changes", async () => {
    const axisTitles = () => w.page.$$eval("#chart svg .role-axis-title text", (t) => t.map((e) => e.textContent));
    const before = await bars();
    expect(await axisTitles()).toContain("Huishoudens met een laag inkomen (%)");
    await w.page.selectOption("form select", {label: "Huishoudens onder of rond het sociaal minimum (%)"});
    await w.page.waitForFunction(() =>
      Array.from(document.querySelectorAll("#chart svg .role-axis-title text")).some((t) => t.textContent?.includes("sociaal minimum"))
    );
    const after = await bars();
    expect(after).toHaveLength(expected.rows.length);
    expect(after).not.toEqual(before);
  });

  it("is Dutch and zoomable", async () => {
    expect(await w.page.getAttribute("html", "lang")).toBe("nl");
    expect(await w.page.getAttribute('meta[name="viewport"]', "content")).not.toContain("maximum-scale");
  });

  it("logs no console errors", () => {
    expect(w.errors).toEqual([]);
  });

  it("makes no request to any host but loopback", () => {
    expect(w.external).toEqual([]);
  });
});
