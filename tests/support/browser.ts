/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core.
 * Every request to a host other than loopback is aborted and recorded, so a test can assert there were none.
 */
import {existsSync} from "node:fs";
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true});
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** URLs of requests to non-loopback hosts (all aborted). */
  external: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Opens a page in a fresh context that blocks and records requests leaving the machine. The reader is Dutch
 * (nl-NL, Europe/Amsterdam) unless `timezoneId` puts them elsewhere.
 */
export async function watchedPage(browser: Browser, {timezoneId = "Europe/Amsterdam"}: {timezoneId?: string} = {}): Promise<WatchedPage> {
  const context = await browser.newContext({locale: "nl-NL", timezoneId});
  const external: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || LOOPBACK.has(url.hostname)) return route.continue();
    external.push(url.href);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return {page, context, external, errors};
}

/** Opens `url` in a watched page and waits until its provenance (and `ready`, when given) is drawn and the network is quiet. */
export async function openPage(browser: Browser, url: string, {timezoneId, ready}: {timezoneId?: string; ready?: string} = {}): Promise<WatchedPage> {
  const w = await watchedPage(browser, timezoneId ? {timezoneId} : {});
  await w.page.goto(url);
  if (ready) await w.page.waitForSelector(ready, {timeout: 60_000});
  await w.page.waitForSelector(".bb-provenance", {timeout: 60_000});
  await w.page.waitForLoadState("networkidle");
  return w;
}
