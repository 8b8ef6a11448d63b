/**
 * A synthetic national workspace of 30 gemeenten (`buurtboek demo --gemeenten 30`), built as `npm run build`
 * builds it (one gemeente rendered, the others written from its template) and read in Chromium: every page exists, `/nederland` draws the 30 gemeenten and
 * links each to its study, every study has its section "Vergelijkbare gemeenten", the home page finds a gemeente by
 * name and lists them by provincie, axe finds nothing serious, and no request leaves the machine.
 */
import {readFile} from "node:fs/promises";
import {readdirSync} from "node:fs";
import {formatNumber} from "../../src/lib/format.js";
import {peerSets, peerStats} from "../../src/components/peers-data.js";
import {formatIndicator} from "../../src/components/peers.js";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {writeDemo} from "../../loaders/demo/write.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {sitePages} from "../browser/site.js";
import {axeViolations, formatViolations} from "../support/axe.js";
import {openPage, watchedPage, type WatchedPage} from "../support/browser.js";
import {serveSiteCopy, type ServedSite} from "../support/site.js";
import {remove, tempWorkspace} from "../support/workspace.js";
import {serveStatic} from "../../scripts/serve.js";

const N = 30;

describe(`a national workspace of ${N} synthetic gemeenten`, () => {
  let ws: Workspace;
  let site: ServedSite;
  let codes: string[];

  beforeAll(async () => {
    ws = await tempWorkspace();
    await writeDemo(ws, 2024, {gemeenten: N});
    const manifest = JSON.parse(await readFile(ws.manifestPath, "utf8"));
    codes = manifest.datasets.filter((d: {kind: string}) => d.kind === "kwb").map((d: {gemeente: string}) => d.gemeente);
    site = await serveSiteCopy(ws.dataDir);
  });
  afterAll(async () => {
    await site?.close();
    await remove(ws?.dataDir);
  });

  it("builds every page: home, the overview, and each gemeente's study and technique page", () => {
    expect(codes).toHaveLength(N);
    const pages = sitePages(join(site.root, "dist"));
    expect(pages).toEqual(["/", ...codes.flatMap((c) => [`/gemeente/${c}/armoede`, `/gemeente/${c}/techniek`]), "/nederland"].sort());
  });

  it("/nederland draws the 30 gemeenten, ranks them and links each to its study", async () => {
    const w = await openPage(site.browser, `${site.url}/nederland`, {ready: "#kaart-land svg path"});
    const drawn = await w.page.$$eval("#kaart-land svg path[data-code]", (ps) => ps.map((p) => p.getAttribute("data-code")));
    expect(drawn.sort()).toEqual([...codes].sort());
    const links = await w.page.$$eval("#ranglijst-land tbody a", (as) => as.map((a) => a.getAttribute("href")));
    expect(links.sort()).toEqual(codes.map((c) => `./gemeente/${c}/armoede`).sort());
    expect(await w.page.textContent("#samenvatting-land")).toMatch(/^In editie 2023 hebben \d+ van de 30 gemeenten een waarde\./);
    // A click on a gemeente opens its study.
    await w.page.click(`#kaart-land svg path[data-code="${codes[3]}"]`);
    await w.page.waitForURL(`**/gemeente/${codes[3]}/armoede`);
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("finds a gemeente by name from the home page and lists them by provincie", async () => {
    const w = await openPage(site.browser, `${site.url}/`, {ready: "#gemeente-zoeken"});
    const provincies = await w.page.$$eval("#studies details", (ds) => ds.map((d) => d.getAttribute("data-provincie")));
    expect(provincies.length).toBeGreaterThan(1);
    expect(await w.page.$$eval("#studies a", (as) => as.length)).toBe(N);
    const manifest = JSON.parse(await readFile(ws.manifestPath, "utf8"));
    const target = manifest.datasets.find((d: {gemeente?: string}) => d.gemeente === codes[7]).title.replace("Kerncijfers wijken en buurten, ", "");
    await w.page.fill("#gemeente-zoeken", target.slice(0, 4).toLowerCase());
    await w.page.waitForSelector("#zoekresultaten li");
    expect(await w.page.textContent("#zoekstatus")).toMatch(/gevonden/);
    await w.page.fill("#gemeente-zoeken", target);
    await w.page.press("#gemeente-zoeken", "Enter");
    await w.page.waitForURL(`**/gemeente/${codes[7]}/armoede`);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("shows the comparable gemeenten on every study, with three sets and the gemeente marked", async () => {
    const problems: string[] = [];
    for (const code of codes) {
      const w = await openPage(site.browser, `${site.url}/gemeente/${code}/armoede`, {ready: "#vergelijkbaar .bb-peer-set"});
      const sets = await w.page.$$eval("#vergelijkbaar .bb-peer-set", (els) => els.map((e) => ({id: e.getAttribute("data-set"), strip: !!e.querySelector(".bb-strip"), self: e.querySelector(".bb-strip-self")?.getAttribute("data-code") ?? null, empty: !!e.querySelector(".bb-peer-empty")})));
      if (sets.map((s) => s.id).join() !== "grootte,stedelijkheid,kenmerken") problems.push(`${code}: sets ${sets.map((s) => s.id)}`);
      for (const s of sets) if (!s.empty && (!s.strip || s.self !== code)) problems.push(`${code}: ${s.id} without a strip marking the gemeente`);
      // The k nearest always exist in a workspace of 30 (every synthetic gemeente has every feature).
      if (sets.find((s) => s.id === "kenmerken")?.empty) problems.push(`${code}: no nearest gemeenten`);
      if (w.errors.length) problems.push(`${code}: ${w.errors.join("; ")}`);
      if (w.external.length) problems.push(`${code}: external ${w.external.join(", ")}`);
      await w.context.close();
    }
    expect(problems).toEqual([]);
  });

  it("shows on a study the peers' median, indexes and rank computed from the national asset, following the inputs", async () => {
    const asset = readdirSync(join(site.root, "dist", "_file", "data")).find((f) => /^nederland\.[0-9a-f]{8}\.json$/.test(f))!;
    const national = JSON.parse(await readFile(join(site.root, "dist", "_file", "data", asset), "utf8"));
    const code = codes[4];
    const expected = (indicator: string, edition: number) => {
      const set = peerSets(national, code).find((x) => x.id === "grootte")!;
      const s = peerStats(national, code, set, indicator, edition);
      const ind = national.indicators.find((i: {id: string}) => i.id === indicator);
      return {median: formatIndicator(ind, s.median), rank: s.rank == null ? "–" : `${s.rank} van ${s.of}`, index: formatNumber(s.indexPeers, 0), indexNl: formatNumber(s.indexNederland, 0)};
    };
    const shown = (w: WatchedPage) => w.page.$eval("#vergelijkbaar [data-set=grootte]", (el) => ({
      median: el.querySelector(".bb-peer-median dd")?.textContent, rank: el.querySelector(".bb-peer-rank dd")?.textContent,
      index: el.querySelector(".bb-peer-index dd")?.textContent, indexNl: el.querySelector(".bb-peer-index-nl dd")?.textContent
    }));
    const w = await openPage(site.browser, `${site.url}/gemeente/${code}/armoede`, {ready: "#vergelijkbaar .bb-peer-set"});
    // Default: households with a low income, the newest published edition (2023).
    expect(await shown(w)).toEqual(expected("laag_inkomen_pct", 2023));
    await w.page.locator("form", {hasText: "Onderwerp"}).locator("select").selectOption({label: "Gemiddeld inkomen per inwoner (× € 1.000)"});
    await w.page.waitForFunction((m) => document.querySelector("#vergelijkbaar [data-set=grootte] .bb-peer-median dd")?.textContent === m, expected("inkomen_per_inwoner", 2023).median);
    expect(await shown(w)).toEqual(expected("inkomen_per_inwoner", 2023));
    expect(await w.page.textContent("#vergelijkbaar [data-set=grootte] .bb-peer-prose")).toContain(`mediaan van de`);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it("keeps the home page, the overview and a study within the page budget (250 kB before interaction)", async () => {
    // Counted by the server, as tests/browser/budget.test.ts counts: what it sends, encoded, workers included.
    let sent = 0;
    const server = await serveStatic(join(site.root, "dist"), 0, {log: (_path, bytes) => (sent += bytes)});
    try {
      for (const path of ["/", "/nederland", `/gemeente/${codes[1]}/armoede`]) {
        const w = await watchedPage(site.browser);
        sent = 0;
        await w.page.goto(server.url + path, {waitUntil: "networkidle"});
        await w.page.waitForSelector(".bb-provenance", {timeout: 60_000});
        await server.idle(1500);
        expect(sent, path).toBeGreaterThan(10_000);
        expect(sent, path).toBeLessThanOrEqual(250_000);
        await w.context.close();
      }
    } finally {
      await server.close();
    }
  });

  it("has no serious or critical accessibility violations on the home page, the overview and the studies", async () => {
    const report: string[] = [];
    for (const path of ["/", "/nederland", ...codes.slice(0, 6).map((c) => `/gemeente/${c}/armoede`)]) {
      const w = await watchedPage(site.browser);
      try {
        await w.page.goto(site.url + path);
        await w.page.waitForSelector(".bb-provenance", {timeout: 60_000});
        await w.page.waitForLoadState("networkidle");
        const violations = await axeViolations(w.page);
        if (violations.length) report.push(`${path}\n${formatViolations(violations)}`);
        expect(w.external, path).toEqual([]);
      } finally {
        await w.context.close();
      }
    }
    expect(report.join("\n\n")).toBe("");
  });
});
