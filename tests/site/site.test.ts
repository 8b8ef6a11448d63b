/**
 * The built site in Chromium. (1) The committed demo workspace: every page shows the demo banner and provenance.
 * (2) Real data: the Den Haag KWB 2019 table from ../shared, served by the CBS fixture server, pulled into a
 * temporary workspace, built, and one published figure checked against the reference (AantalInwoners_5 537833,
 * 12,4% laag inkomen) and the map drawn from the real 2014 buurt boundaries checked for inverted polygons.
 * Nothing of it is written into the repository.
 */
import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";
import {DEFAULT_SEED, demoManifest} from "../../loaders/demo/index.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {formatDate} from "../../src/lib/format.js";
import {kwbDenHaag2019, kwbDenHaag2020FirstRelease} from "../fixtures/cbs/tables.js";
import {launchBrowser, watchedPage} from "../support/browser.js";
import {hasShared, repoRoot, shared, sharedSkipReason} from "../support/paths.js";
import {useCbsServer} from "../support/cbs-server.js";
import {cli} from "../support/cli.js";
import {buildSiteCopy} from "../support/site.js";
import {remove, tempWorkspace} from "../support/workspace.js";

const PAGES = ["", "gemeente/GM9999/armoede", "gemeente/GM9999/regelingen", "techniek"];

async function openPage(browser: Browser, url: string) {
  const w = await watchedPage(browser);
  await w.page.goto(url);
  await w.page.waitForSelector(".bb-provenance", {timeout: 60_000});
  await w.page.waitForLoadState("networkidle");
  return w;
}

describe("demo site: banner and provenance on every page", () => {
  let site: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    site = await buildSiteCopy(join(repoRoot, "data"));
    server = await serveStatic(join(site, "dist"));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await remove(site);
  });

  for (const page of PAGES) {
    it(`/${page}`, async () => {
      const w = await openPage(browser, `${server.url}/${page}`);
      expect(await w.page.textContent(".bb-banner")).toBe("Synthetische voorbeelddata — geen echte cijfers.");
      const bron = await w.page.$$eval(".bb-provenance .bb-bron", (els) => els.map((e) => e.textContent));
      expect(bron.length).toBeGreaterThan(0);
      // The synthetic municipal extract goes through the real pull, so it reads "opgehaald" with the demo date.
      for (const line of bron) expect(line).toMatch(/^Bron: .+, (?:gegenereerd|opgehaald) 6 januari 2025\.( Licentie: .*)?/);
      expect(w.errors).toEqual([]);
      expect(w.external).toEqual([]);
      await w.context.close();
    });
  }

  it("builds the same data assets as the committed snapshots describe", async () => {
    const bronnen = JSON.parse(await readFile(join(site, "src/.observablehq/cache/data/bronnen.json"), "utf8"));
    const lock = JSON.parse(await readFile(join(repoRoot, "data/data.lock.json"), "utf8"));
    for (const [name, d] of Object.entries<any>(bronnen.datasets)) expect(d.sha256).toBe(lock.datasets[name].files[d.file]);
  });
});

describe.skipIf(!hasShared)(`real CBS data (Den Haag, KWB 2019) ${hasShared ? "" : `— SKIPPED: ${sharedSkipReason}`}`, () => {
  const cbs = useCbsServer(() => ({tables: [kwbDenHaag2019(), kwbDenHaag2020FirstRelease()]}));
  let ws: Workspace;
  let cache: Workspace;
  let site: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    ws = await tempWorkspace();
    cache = await tempWorkspace("buurtboek-cache-");
    // A real workspace: KWB 2019 and 2020 for GM0518 from "CBS", 2014 boundaries from a file; the 2018 edition and
    // the municipal extract stay synthetic (their pages show the banner).
    const manifest = demoManifest(DEFAULT_SEED) as any;
    manifest.name = "den-haag";
    manifest.title = "Den Haag";
    manifest.municipality = {code: "GM0518", name: "'s-Gravenhage"};
    const measures = ["Aantal inwoners", "Gemiddeld inkomen per inwoner", "Huishoudens met een laag inkomen", "Huishoudens onder of rond sociaal minimum", "Personen per soort uitkering; Bijstand", "Wmo-cliënten"];
    manifest.datasets[1] = {name: "kwb-2019", kind: "cbs", table: "84583NED", within: "GM0518", measures};
    manifest.datasets[2] = {name: "kwb-2020", kind: "cbs", table: "84799NED", within: "GM0518", measures};
    manifest.datasets[3] = {
      name: "gebieden", kind: "geometry", year: 2014, title: "Wijk- en buurtgrenzen 's-Gravenhage 2014",
      layers: [
        {name: "wijken", path: shared("geo", "wijken-2014-GM0518.geojson"), code: "statcode", label: "statnaam"},
        {name: "buurten", path: shared("geo", "buurten-2014-GM0518.geojson"), code: "statcode", label: "statnaam"}
      ]
    };
    await writeFile(ws.manifestPath, JSON.stringify(manifest, null, 2));
    const pulled = await cli(["data", "pull", "--data-dir", ws.dataDir, "--cache-dir", cache.dataDir], cbs.env);
    if (pulled.code !== 0) throw new Error(`pull failed: ${pulled.stderr}`);
    const verified = await cli(["data", "verify", "--data-dir", ws.dataDir]);
    if (verified.code !== 0) throw new Error(`verify failed: ${verified.stdout}`);
    site = await buildSiteCopy(ws.dataDir);
    server = await serveStatic(join(site, "dist"));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await remove(site);
    await remove(ws?.dataDir);
    await remove(cache?.dataDir);
  });

  it("locks the pulled table with its CBS version", async () => {
    const lock = JSON.parse(await readFile(ws.lockPath, "utf8"));
    expect(lock.datasets["kwb-2019"]).toMatchObject({rows: 159, source: {type: "cbs", table: "84583NED", modified: "2021-11-30T02:00:00"}});
  });

  it("publishes the reference figures for GM0518 on the page", async () => {
    const w = await openPage(browser, `${server.url}/armoede`);
    await w.page.waitForFunction(() => document.querySelector("#kern-inwoners")?.textContent?.includes("."));
    expect(await w.page.textContent("#kern-gemeente")).toBe("'s-Gravenhage");
    expect(await w.page.textContent("#kern-inwoners")).toBe("537.833");
    expect(await w.page.textContent("#kern-laag-inkomen")).toBe("12,4%");
    expect(await w.page.textContent("#kern-sociaal-minimum")).toBe("11,6%");
    expect(await w.page.textContent("#kern-bijstand")).toBe("25.280");
    expect(await w.page.$(".bb-banner")).toBeNull();
    const bron = await w.page.$$eval(".bb-bron", (els) => els.map((e) => e.textContent));
    expect(bron[0]).toBe(`Bron: CBS, tabel 84583NED (Kerncijfers wijken en buurten 2019), versie 30 november 2021, opgehaald ${formatDate(new Date())}.`);
    expect(await w.page.textContent(".bb-licentie")).toContain("Licentie: CC BY 4.0; vermeld „Bron: CBS”.");
    // The download link serves the snapshot itself.
    const href = await w.page.getAttribute(".bb-licentie a", "href");
    const download = await (await fetch(new URL(href!, `${server.url}/armoede`))).text();
    expect(download).toBe(await readFile(join(ws.snapshotsDir, "kwb-2019.csv"), "utf8"));
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
  });

  it("draws the real 2014 buurten as areas inside the map, none as the inverted globe", async () => {
    const w = await openPage(browser, `${server.url}/armoede`);
    await w.page.waitForSelector("#kaart svg .mark-shape path", {timeout: 60_000});
    const map = await w.page.$eval("#kaart svg", (svg) => ({
      chart: {w: Number(svg.getAttribute("width")), h: Number(svg.getAttribute("height"))},
      layers: [...svg.querySelectorAll(".mark-shape")].map((g) =>
        [...g.querySelectorAll("path")].map((p) => {
          const b = p.getBBox();
          return {w: b.width, h: b.height, d: p.getAttribute("d")?.length ?? 0};
        })
      )
    }));
    const [grey, coloured] = map.layers;
    // Every polygon of the file except Waldeck-Zuid (no area in the 2014 edition) is drawn grey underneath;
    // the buurten with a KWB 2019 value are coloured on top. None spans the chart as an inverted polygon would.
    expect(grey).toHaveLength(112);
    expect(coloured.length).toBeGreaterThan(80);
    for (const p of [...grey, ...coloured]) {
      expect(p.d).toBeGreaterThan(0);
      expect(p.w * p.h).toBeLessThan(0.25 * map.chart.w * map.chart.h);
    }
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("keeps the banner on pages that still use synthetic data", async () => {
    const w = await openPage(browser, `${server.url}/gemeente/GM9999/regelingen`);
    expect(await w.page.textContent(".bb-banner")).toContain("Synthetische voorbeelddata");
  });
});
