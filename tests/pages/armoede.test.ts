/**
 * The poverty study page in Chromium, built from (1) the demo workspace and (2) the real Den Haag KWB 2019 and
 * 2020 first release served by the CBS fixture server, with the real 2014 buurt shapes from ../shared (so some
 * codes have no shape, and the page shows them). Expected counts come from the snapshots, not from page code.
 */
import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {parse} from "csv-parse/sync";
import type {Topology} from "topojson-specification";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {writeDemo} from "../../loaders/demo/write.js";
import {pull} from "../../loaders/snapshot/pull.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {startCbsServer, type CbsServer} from "../fixtures/cbs-server.js";
import {remove, tempWorkspace} from "../data/support.js";
import {openPage, watchedPage, type WatchedPage} from "../support/browser.js";
import {hasShared, shared, sharedSkipReason} from "../support/paths.js";
import {serveSiteCopy, type ServedSite} from "../support/site.js";
import {denHaag2019, denHaag2020FirstRelease} from "../kwb/fixtures.js";
import {formatPercent} from "../../src/lib/format.js";
import {axeViolations, formatViolations} from "../support/axe.js";
import {downloads, legendText, mapPaths, tableCodes} from "./study.js";

/** The study page is ready once its map or trend is drawn. */
const DRAWN = {ready: "#kaart svg path, #trend svg"};

type Row = Record<string, string>;

/** Codes of an edition and level in the tidy snapshot, and of the shapes of a topology layer. */
async function expectedDrawn(ws: Workspace, kwb: string, geometry: string, edition: number, level: string): Promise<string[]> {
  const rows = parse(await readFile(join(ws.snapshotsDir, `${kwb}.csv`), "utf8"), {columns: true}) as Row[];
  const topo = JSON.parse(await readFile(join(ws.snapshotsDir, `${geometry}.topojson`), "utf8")) as Topology;
  const layer = topo.objects[level === "wijk" ? "wijken" : "buurten"] as {geometries: {id?: string; properties?: {code?: string}}[]};
  const shapes = new Set(layer.geometries.map((g) => g.properties?.code ?? String(g.id)));
  const codes = new Set(rows.filter((r) => r.edition === String(edition) && r.region_level === level).map((r) => r.region_code));
  return [...codes].filter((c) => shapes.has(c)).sort();
}

/** Chooses an option of the Inputs select or radio labelled `label` by its visible text. */
async function choose(w: WatchedPage, label: string, option: string | RegExp): Promise<void> {
  const form = w.page.locator("form", {hasText: label}).first();
  if ((await form.locator("input[type=radio]").count()) > 0) {
    await form.locator("label", {hasText: option}).locator("input").check();
    await w.page.waitForTimeout(300);
    return;
  }
  const select = form.locator("select").first();
  const options = await select.locator("option").allTextContents();
  const text = options.find((o) => (typeof option === "string" ? o === option : option.test(o)));
  if (!text) throw new Error(`no option ${option} in ${label}: ${options.join(" | ")}`);
  await select.selectOption({label: text});
  await w.page.waitForTimeout(300);
}

async function checkDownloads(w: WatchedPage): Promise<Map<string, Row[]>> {
  const csv = await downloads(w.page);
  expect([...csv.keys()].sort()).toEqual(["kaart", "ranglijst", "trend", "verdeling"]);
  const drawn = (await mapPaths(w.page)).map((p) => p.code).sort();
  expect(csv.get("kaart")!.map((r) => r.region_code).sort()).toEqual(drawn);
  expect(csv.get("ranglijst")!.map((r) => r.region_code)).toEqual(await tableCodes(w.page, "#ranglijst"));
  const bars = await w.page.$$eval("#verdeling + details tbody tr, details:has(caption:text-matches('Waarden in de verdeling')) tbody tr", (rows) => rows.map((r) => r.getAttribute("data-code")));
  expect(csv.get("verdeling")!.map((r) => r.region_code).sort()).toEqual([...new Set(bars)].sort());
  expect(csv.get("verdeling")!.every((r) => r.value !== "")).toBe(true);
  const trendTable = await w.page.$$eval("details:has(caption:text-matches('per editie')) tbody tr", (rows) => rows.length);
  expect(csv.get("trend")!.length).toBe(trendTable);
  return csv;
}

describe("poverty study page: demo workspace (Voorbeeldstad)", () => {
  let ws: Workspace;
  let site: ServedSite;
  const url = () => `${site.url}/gemeente/GM9999/armoede`;

  beforeAll(async () => {
    ws = await tempWorkspace();
    await writeDemo(ws, 2024);
    site = await serveSiteCopy(ws.dataDir);
  });
  afterAll(async () => {
    await site?.close();
    await remove(ws?.dataDir);
  });

  it("the index lists the study", async () => {
    const w = await watchedPage(site.browser);
    await w.page.goto(`${site.url}/`);
    await w.page.waitForSelector("#studies a");
    expect(await w.page.$$eval("#studies a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]))).toEqual([["Armoede in Voorbeeldstad", "./gemeente/GM9999/armoede"]]);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("draws one path per area with a shape and a row; changing the indicator changes fills and legend", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    // Default: laag_inkomen_pct, wijken, the newest published edition (2023; 2024 is a first release).
    expect((await mapPaths(w.page)).map((p) => p.code).sort()).toEqual(await expectedDrawn(ws, "kwb-gm9999", "gebieden-gm9999", 2023, "wijk"));
    await choose(w, "Niveau", "Buurten");
    const buurten = await mapPaths(w.page);
    expect(buurten.map((p) => p.code).sort()).toEqual(await expectedDrawn(ws, "kwb-gm9999", "gebieden-gm9999", 2023, "buurt"));
    // Missing values are hatched grey with their reason, never a class colour.
    const missing = buurten.filter((p) => p.value === "");
    expect(missing.length).toBeGreaterThan(0);
    for (const p of missing) expect(p.fill).toBe("url(#bb-hatch)");
    expect(new Set(missing.map((p) => p.status))).toEqual(new Set(["geheim", "niet beschikbaar"]));
    expect(await legendText(w.page)).toContain("geen gegevens: geheim (1)");
    const before = {fills: buurten.map((p) => p.fill), legend: await legendText(w.page)};
    await choose(w, "Onderwerp", "Gemiddeld inkomen per inwoner (× € 1.000)");
    const after = await mapPaths(w.page);
    expect(after.map((p) => p.fill)).not.toEqual(before.fills);
    expect(await legendText(w.page)).not.toEqual(before.legend);
    expect(await legendText(w.page)).toMatch(/\d+,\d tot \d+,\d/);
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("computes the prose from the data", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    const rows = parse(await readFile(join(ws.snapshotsDir, "kwb-gm9999.csv"), "utf8"), {columns: true}) as Row[];
    const wijken = rows.filter((r) => r.edition === "2023" && r.indicator === "laag_inkomen_pct" && r.region_level === "wijk" && r.value !== "")
      .sort((a, b) => Number(b.value) - Number(a.value));
    const nl = (v: string) => formatPercent(Number(v), 1);
    const text = (await w.page.textContent("#samenvatting"))!;
    expect(text).toContain(`${wijken[0].region_name} (${nl(wijken[0].value)}), ${wijken[1].region_name} (${nl(wijken[1].value)}) en ${wijken[2].region_name} (${nl(wijken[2].value)})`);
    const g = rows.find((r) => r.edition === "2023" && r.indicator === "laag_inkomen_pct" && r.region_code === "GM9999")!.value;
    const n = rows.find((r) => r.edition === "2023" && r.indicator === "laag_inkomen_pct" && r.region_code === "NL00")!.value;
    expect(text).toContain(`is het ${nl(g)}, tegen ${nl(n)} in Nederland`);
    expect(await w.page.textContent("#kern-nederland")).toBe(nl(n));
    await w.context.close();
  });

  it("shows the trend with the definition break and the first release as not yet published", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    expect(await w.page.$$eval("#trend .bb-break", (l) => l.length)).toBe(1);
    expect(await w.page.textContent("#trend figcaption")).toContain("Breuk 2022–2023: Vanaf 2023 meet het CBS armoede met een nieuwe maat");
    expect(await w.page.$$eval("#trend .bb-unpublished", (t) => t.map((x) => x.textContent))).toEqual(["nog niet gepubliceerd"]);
    await choose(w, "Editie", /2024/);
    expect(await w.page.textContent("#samenvatting")).toContain("nog geen cijfers: dit is de eerste publicatie");
    const paths = await mapPaths(w.page);
    expect(new Set(paths.map((p) => p.status))).toEqual(new Set(["nog niet gepubliceerd"]));
    await w.context.close();
  });

  it("every CSV download holds the rows drawn", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    await checkDownloads(w);
    await choose(w, "Niveau", "Buurten");
    await checkDownloads(w);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("passes axe-core (no serious or critical violations) and the inputs are reachable by keyboard", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    expect(formatViolations(await axeViolations(w.page))).toBe("");
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await w.page.keyboard.press("Tab");
      reached = await w.page.evaluate(() => document.activeElement?.closest("form")?.textContent?.includes("Onderwerp") ?? false);
    }
    expect(reached).toBe(true);
    // Every chart has a text alternative and a data table.
    for (const id of ["kaart", "verdeling", "trend"]) {
      expect(await w.page.getAttribute(`#${id} svg`, "role")).toBe("img");
      expect((await w.page.getAttribute(`#${id} svg`, "aria-label"))!.length).toBeGreaterThan(40);
    }
    expect(w.external).toEqual([]);
    await w.context.close();
  });
});

describe.skipIf(!hasShared)("poverty study page: real Den Haag KWB 2019 with 2014 buurt shapes", () => {
  let cbs: CbsServer;
  let ws: Workspace;
  let site: ServedSite;

  beforeAll(async () => {
    cbs = await startCbsServer({tables: [denHaag2019(), denHaag2020FirstRelease()]});
    ws = await tempWorkspace();
    await writeFile(ws.manifestPath, JSON.stringify({
      version: 1, name: "denhaag", title: "Den Haag",
      datasets: [
        {name: "kwb-gm0518", kind: "kwb", gemeente: "GM0518", editions: [2019, 2020]},
        {name: "gebieden-gm0518", kind: "geometry", year: 2014, gemeente: "GM0518", layers: [
          {name: "wijken", path: shared("geo", "wijken-2014-GM0518.geojson"), code: "statcode", label: "statnaam"},
          {name: "buurten", path: shared("geo", "buurten-2014-GM0518.geojson"), code: "statcode", label: "statnaam"}
        ]}
      ]
    }));
    process.env.CBS_ODATA_V3_URL = cbs.url;
    await pull(ws, {cacheDir: join(ws.dataDir, ".cache")});
    delete process.env.CBS_ODATA_V3_URL;
    site = await serveSiteCopy(ws.dataDir);
  });
  afterAll(async () => {
    await site?.close();
    await cbs?.close();
    await remove(ws?.dataDir);
  });

  it("draws the buurten that have both a 2014 shape and a 2019 row, and lists the unmatched codes", async () => {
    const w = await openPage(site.browser, `${site.url}/gemeente/GM0518/armoede`, DRAWN);
    expect(await w.page.textContent("h1")).toBe("Armoede in 's-Gravenhage");
    await choose(w, "Niveau", "Buurten");
    const expected = await expectedDrawn(ws, "kwb-gm0518", "gebieden-gm0518", 2019, "buurt");
    expect(expected.length).toBeLessThan(114);
    expect((await mapPaths(w.page)).map((p) => p.code).sort()).toEqual(expected);
    const row = await w.page.textContent("#koppeling tr[data-edition='2019']");
    const rows = parse(await readFile(join(ws.snapshotsDir, "kwb-gm0518.csv"), "utf8"), {columns: true}) as Row[];
    const codes = [...new Set(rows.filter((r) => r.edition === "2019" && r.region_level === "buurt").map((r) => r.region_code))];
    const unmatched = codes.filter((c) => !expected.includes(c));
    expect(unmatched.length).toBeGreaterThan(0);
    for (const c of unmatched) expect(row).toContain(c);
    expect(await w.page.textContent("#samenvatting")).toContain("Voor heel 's-Gravenhage is het 12,4%; een landelijk cijfer ontbreekt in deze editie.");
    await checkDownloads(w);
    expect(formatViolations(await axeViolations(w.page))).toBe("");
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("shows 2020 (first release) as not yet published in the trend", async () => {
    const w = await openPage(site.browser, `${site.url}/gemeente/GM0518/armoede`, DRAWN);
    expect(await w.page.$$eval("#trend .bb-unpublished", (t) => t.length)).toBe(1);
    expect(await w.page.textContent("#trend figcaption")).toContain("Editie 2020: nog niet gepubliceerd");
    await w.context.close();
  });
});

if (!hasShared) console.warn(`SKIP Den Haag study page: ${sharedSkipReason}`);
