/**
 * The page frame on every page of the built demo site. (1) axe-core (WCAG 2 A/AA and best practice): no serious
 * or critical violations, in the light and the dark scheme. (2) Framework's interface text is Dutch: the sidebar
 * toggle, the table of contents, the copy button and the runtime's error messages.
 * Pages are discovered from dist/, so a new page is checked without touching this test.
 */
import {execFileSync} from "node:child_process";
import {readdirSync, readFileSync} from "node:fs";
import {join, relative} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";
import {axeViolations, formatViolations} from "../support/axe.js";
import {launchBrowser, watchedPage} from "../support/browser.js";
import {repoRoot} from "../support/paths.js";

const DIST = join(repoRoot, "dist");

/** Words readers should not meet (the style guide: no jargon, "eerste publicatie", "herziening"). */
const JARGON = /\b(snapshots?|hash\w*|cellen|data ?loaders?|releases?|revisies?)\b/gi;

/** Every built page as a URL path ("/", "/armoede", "/gemeente/GM9999/armoede", …); Framework's own files skipped. */
function builtPages(dir = DIST): string[] {
  const pages: string[] = [];
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pages.push(...builtPages(path));
    else if (entry.name.endsWith(".html") && entry.name !== "404.html") {
      pages.push("/" + relative(DIST, path).replace(/\.html$/, "").replace(/(^|\/)index$/, ""));
    }
  }
  return pages.sort();
}

describe("the page frame on every built page", () => {
  let server: StaticServer;
  let browser: Browser;
  let pages: string[] = [];

  beforeAll(async () => {
    execFileSync("npm", ["run", "build"], {cwd: repoRoot, stdio: "pipe", env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
    pages = builtPages();
    server = await serveStatic(DIST);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("finds the pages in dist/", () => {
    expect(pages).toContain("/");
    expect(pages.length).toBeGreaterThan(1);
  });

  // Readers who prefer a dark scheme get the near-midnight theme: both must pass.
  it.each(["light", "dark"] as const)("has no serious or critical violations on any page (%s)", async (scheme) => {
    const report: string[] = [];
    for (const path of pages) {
      const w = await watchedPage(browser);
      try {
        await w.page.emulateMedia({colorScheme: scheme});
        await w.page.goto(server.url + path);
        await w.page.waitForLoadState("networkidle");
        // Charts and tables render after the data loads; check the page as a reader finally sees it.
        await w.page.waitForSelector(".bb-provenance", {timeout: 60_000}).catch(() => {});
        const violations = await axeViolations(w.page);
        if (violations.length) report.push(`${path}\n${formatViolations(violations)}`);
      } finally {
        await w.context.close();
      }
    }
    expect(report.join("\n\n"), `${pages.length} pages checked`).toBe("");
  });

  it("speaks Dutch in Framework's interface text", async () => {
    const englishInHtml = /Toggle sidebar|<div>Contents<\/div>|title="Copy code"/;
    for (const path of pages) {
      const html = readFileSync(join(DIST, (path === "/" ? "/index" : path) + ".html"), "utf8");
      expect(html, path).not.toMatch(englishInHtml);
    }
    const w = await watchedPage(browser);
    try {
      await w.page.goto(server.url + "/");
      // The client sets the toggle's title at run time (with the keyboard shortcut).
      await w.page.waitForFunction(() => document.querySelector("#observablehq-sidebar-toggle")?.getAttribute("title")?.endsWith("B"));
      expect(await w.page.getAttribute("#observablehq-sidebar-toggle", "title")).toMatch(/^Zijbalk tonen of verbergen (⌘|⌥|Alt-)B$/);
      expect(await w.page.getAttribute("#observablehq-sidebar-toggle", "aria-label")).toBe("Zijbalk tonen of verbergen");
      // A cell that uses an undefined name: the reader sees the runtime's message in Dutch.
      // (A string, so that Vitest does not rewrite the dynamic import meant for the browser.)
      const message = await w.page.evaluate<string>(`(async () => {
        const runtimeUrl = [...document.querySelectorAll("link[rel=modulepreload]")].find((l) => l.href.includes("/runtime.")).href;
        const {Runtime} = await import(runtimeUrl);
        return new Promise((resolve) => {
          new Runtime().module().variable({rejected: (e) => resolve(e.message)}).define(["onbekend"], (x) => x);
        });
      })()`);
      expect(message).toBe("onbekend is niet gedefinieerd");
    } finally {
      await w.context.close();
    }
  });

  it("keeps jargon out of what readers see: the frame and provenance on every page, the whole text elsewhere", async () => {
    const found: string[] = [];
    for (const path of pages) {
      const w = await watchedPage(browser);
      try {
        await w.page.goto(server.url + path);
        await w.page.waitForSelector(".bb-provenance", {timeout: 60_000}).catch(() => {});
        const text = (await w.page.$$eval("body", (els) => els.map((e) => (e as HTMLElement).innerText))).join("\n");
        for (const m of text.matchAll(JARGON)) found.push(`${path}: "${m[0]}" in "${text.slice(Math.max(0, m.index! - 40), m.index! + 40).replace(/\s+/g, " ")}"`);
      } finally {
        await w.context.close();
      }
    }
    expect(found).toEqual([]);
  });
});
