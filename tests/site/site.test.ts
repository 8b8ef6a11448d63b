/**
 * The built site in Chromium. (1) The committed demo workspace: every page shows the demo banner and provenance.
 * (2) Real data: the Den Haag KWB 2019 table from ../shared, served by the CBS fixture server, pulled into a
 * temporary workspace, built, and one published figure checked against the reference (AantalInwoners_5 537833,
 * 12,4% laag inkomen) and the map drawn from the real 2014 buurt boundaries checked for inverted polygons.
 * Nothing of it is written into the repository.
 */
import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {DEFAULT_SEED, demoManifest} from "../../loaders/demo/index.js";
import {writeDemoExtract} from "../../loaders/demo/write.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {kwbDenHaag2019, kwbDenHaag2020FirstRelease} from "../fixtures/cbs/tables.js";
import {openPage} from "../support/browser.js";
import {hasShared, repoRoot, shared, sharedSkipReason} from "../support/paths.js";
import {useCbsServer} from "../support/cbs-server.js";
import {cli} from "../support/cli.js";
import {serveSiteCopy, type ServedSite} from "../support/site.js";
import {remove, tempWorkspace} from "../support/workspace.js";

const PAGES = ["", "gemeente/GM9999/armoede", "gemeente/GM9999/regelingen", "gemeente/GM9999/techniek"];

/** The pull's fixed clock: 22:30 UTC on 31 March 2024 is already 1 April in the Netherlands (summer time). */
const PULLED_AT = {SOURCE_DATE_EPOCH: String(Date.parse("2024-03-31T22:30:00Z") / 1000)};

describe("demo site: banner and provenance on every page", () => {
  let site: ServedSite;

  beforeAll(async () => {
    site = await serveSiteCopy(join(repoRoot, "data"));
  });
  afterAll(async () => {
    await site?.close();
  });

  for (const page of PAGES) {
    it(`/${page}`, async () => {
      const w = await openPage(site.browser, `${site.url}/${page}`);
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

  // CBS versions carry no offset and mean Dutch time: a reader in Tokyo or Los Angeles sees the same dates.
  for (const zone of ["Asia/Tokyo", "America/Los_Angeles"]) {
    it(`shows Dutch dates to a reader in ${zone}`, async () => {
      const w = await openPage(site.browser, `${site.url}/gemeente/GM9999/techniek`, {timezoneId: zone});
      expect(await w.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(zone);
      const bron = await w.page.$$eval(".bb-provenance .bb-bron", (els) => els.map((e) => e.textContent));
      expect(bron).toContain(
        "Bron: synthetische voorbeelddata (Buurtboek-demogenerator) in de vorm van CBS-tabel 84799NED, 85039NED, 85318NED, 85618NED, 85984NED (Kerncijfers wijken en buurten 2020–2024), versie 28 februari 2025, gegenereerd 6 januari 2025."
      );
      await w.context.close();
    });
  }

  it("builds the same data assets as the committed snapshots describe", async () => {
    const bronnen = JSON.parse(await readFile(join(site.root, "src/.observablehq/cache/data/bronnen.json"), "utf8"));
    const lock = JSON.parse(await readFile(join(repoRoot, "data/data.lock.json"), "utf8"));
    for (const [name, d] of Object.entries<any>(bronnen.datasets)) expect(d.sha256).toBe(lock.datasets[name].files[d.file]);
  });
});

describe.skipIf(!hasShared)(`real CBS data (Den Haag, KWB 2019) ${hasShared ? "" : `— SKIPPED: ${sharedSkipReason}`}`, () => {
  const cbs = useCbsServer(() => ({tables: [kwbDenHaag2019(), kwbDenHaag2020FirstRelease()]}));
  let ws: Workspace;
  let cache: Workspace;
  let site: ServedSite;

  beforeAll(async () => {
    ws = await tempWorkspace();
    cache = await tempWorkspace("buurtboek-cache-");
    // A real workspace: the poverty study of GM0518 (KWB 2019 and the 2020 first release from "CBS", 2014 boundaries
    // from a file) and KWB 2019 as a CBS table; the municipal extract stays synthetic (its page shows the banner).
    const manifest = demoManifest(DEFAULT_SEED) as any;
    manifest.name = "den-haag";
    manifest.title = "Den Haag";
    const measures = ["Aantal inwoners", "Gemiddeld inkomen per inwoner", "Huishoudens met een laag inkomen", "Huishoudens onder of rond sociaal minimum", "Personen per soort uitkering; Bijstand", "Wmo-cliënten"];
    const at = (name: string) => manifest.datasets.findIndex((d: {name: string}) => d.name === name);
    manifest.datasets[at("kwb-2019")] = {name: "kwb-2019", kind: "cbs", table: "84583NED", within: "GM0518", measures};
    // GM0518 beside the demo gemeente, as in a regional workspace; the demo's take-up study keeps its synthetic extract.
    manifest.datasets.push({name: "kwb-gm0518", kind: "kwb", gemeente: "GM0518", editions: [2019, 2020]});
    manifest.datasets.push({
      name: "gebieden-gm0518", kind: "geometry", year: 2014, gemeente: "GM0518", title: "Wijk- en buurtgrenzen 's-Gravenhage 2014",
      layers: [
        {name: "wijken", path: shared("geo", "wijken-2014-GM0518.geojson"), code: "statcode", label: "statnaam"},
        {name: "buurten", path: shared("geo", "buurten-2014-GM0518.geojson"), code: "statcode", label: "statnaam"}
      ]
    });
    await writeFile(ws.manifestPath, JSON.stringify(manifest, null, 2));
    await writeDemoExtract(ws, DEFAULT_SEED); // the synthetic private extract, as `buurtboek demo` writes it
    const pulled = await cli(["data", "pull", "--data-dir", ws.dataDir, "--cache-dir", cache.dataDir], {...cbs.env, ...PULLED_AT});
    if (pulled.code !== 0) throw new Error(`pull failed: ${pulled.stderr}`);
    const verified = await cli(["data", "verify", "--data-dir", ws.dataDir]);
    if (verified.code !== 0) throw new Error(`verify failed: ${verified.stdout}`);
    site = await serveSiteCopy(ws.dataDir);
  });
  afterAll(async () => {
    await site?.close();
    await remove(ws?.dataDir);
    await remove(cache?.dataDir);
  });

  it("locks the pulled table with its CBS version", async () => {
    const lock = JSON.parse(await readFile(ws.lockPath, "utf8"));
    expect(lock.datasets["kwb-2019"]).toMatchObject({rows: 159, fetched_at: "2024-03-31T22:30:00.000Z", source: {type: "cbs", table: "84583NED", modified: "2021-11-30T02:00:00"}});
  });

  it("publishes the reference figures for GM0518 on the study page", async () => {
    const w = await openPage(site.browser, `${site.url}/gemeente/GM0518/armoede`);
    expect(await w.page.textContent("h1")).toBe("Armoede in 's-Gravenhage");
    expect(await w.page.textContent("#kern-gemeente")).toBe("12,4%");
    await w.page.locator("form", {hasText: "Onderwerp"}).locator("select").selectOption({label: "Huishoudens onder of rond het sociaal minimum (%)"});
    await w.page.waitForFunction(() => document.querySelector("#kern-gemeente")?.textContent === "11,6%");
    expect(await w.page.$(".bb-banner")).toBeNull();
    const bron = await w.page.$$eval(".bb-bron", (els) => els.map((e) => e.textContent));
    expect(bron[0]).toBe(`Bron: CBS, tabel 84583NED, 84799NED (Kerncijfers wijken en buurten 2019–2020), versie 30 november 2021, opgehaald 1 april 2024.`);
    expect(await w.page.textContent(".bb-licentie")).toContain("Licentie: CC BY 4.0; vermeld „Bron: CBS”.");
    // The download link serves the snapshot itself.
    const href = await w.page.getAttribute(".bb-licentie a", "href");
    const download = await (await fetch(new URL(href!, `${site.url}/gemeente/GM0518/armoede`))).text();
    expect(download).toBe(await readFile(join(ws.snapshotsDir, "kwb-gm0518.csv"), "utf8"));
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
  });

  it("draws the real 2014 buurten as areas inside the map, none as the inverted globe", async () => {
    const w = await openPage(site.browser, `${site.url}/gemeente/GM0518/armoede`);
    await w.page.locator("form", {hasText: "Niveau"}).locator("label", {hasText: "Buurten"}).locator("input").check();
    await w.page.waitForFunction(() => document.querySelectorAll("#kaart svg path").length > 50);
    const map = await w.page.$eval("#kaart svg", (svg) => {
      const box = svg.getBoundingClientRect();
      return {chart: {w: box.width, h: box.height}, paths: [...svg.querySelectorAll("path")].map((p) => {
        const b = p.getBoundingClientRect();
        return {w: b.width, h: b.height, d: p.getAttribute("d")?.length ?? 0};
      })};
    });
    // The buurten with a 2019 row and a 2014 shape; none spans the map as an inverted polygon would.
    expect(map.paths.length).toBeGreaterThan(80);
    for (const p of map.paths) {
      expect(p.d).toBeGreaterThan(0);
      expect(p.w * p.h).toBeLessThan(0.25 * map.chart.w * map.chart.h);
    }
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("keeps the banner on pages that still use synthetic data", async () => {
    const w = await openPage(site.browser, `${site.url}/gemeente/GM9999/regelingen`);
    expect(await w.page.textContent(".bb-banner")).toContain("Synthetische voorbeelddata");
  });
});
