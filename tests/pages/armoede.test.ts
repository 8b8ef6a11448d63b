/**
 * The poverty study page in Chromium, built from (1) the demo workspace and (2) the real Den Haag KWB 2019 and
 * 2020 first release served by the CBS fixture server, plus a 2021 edition with income figures for the gemeente
 * only, with the real 2014 buurt shapes from ../shared (so some codes have no shape, and the page shows them).
 * Expected counts come from the snapshots, not from page code. After each input change the tests wait for the
 * page to re-render what depends on it, never for a fixed time.
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
import {denHaag2019, denHaag2020FirstRelease, denHaagGemeenteOnly} from "../kwb/fixtures.js";
import {formatPercent} from "../../src/lib/format.js";
import {axeViolations, formatViolations} from "../support/axe.js";
import {downloads, legendText, mapPaths, tableCodes} from "./study.js";

/** The study page is ready once its map or trend is drawn. */
const DRAWN = {ready: "#kaart svg path, #trend svg"};

type Row = Record<string, string>;

/** Every shape code of a topology layer: the map draws them all. */
async function shapeCodes(ws: Workspace, geometry: string, level: string): Promise<string[]> {
  const topo = JSON.parse(await readFile(join(ws.snapshotsDir, `${geometry}.topojson`), "utf8")) as Topology;
  const layer = topo.objects[level === "wijk" ? "wijken" : "buurten"] as {geometries: {id?: string; properties?: {code?: string}}[]};
  return [...new Set(layer.geometries.map((g) => g.properties?.code ?? String(g.id)))].sort();
}

/** Codes of an edition and level in the tidy snapshot that also have a shape: the areas drawn with their own row. */
async function expectedWithRow(ws: Workspace, kwb: string, geometry: string, edition: number, level: string): Promise<string[]> {
  const rows = parse(await readFile(join(ws.snapshotsDir, `${kwb}.csv`), "utf8"), {columns: true}) as Row[];
  const shapes = new Set(await shapeCodes(ws, geometry, level));
  const codes = new Set(rows.filter((r) => r.edition === String(edition) && r.region_level === level).map((r) => r.region_code));
  return [...codes].filter((c) => shapes.has(c)).sort();
}

/** The parts of the page every input re-renders: marked before a change, they must be replaced after it. */
const DEPENDENT = ["#samenvatting", "figure#kaart", "#ranglijst"];

/**
 * Chooses an option of the Inputs select or radio labelled `label` by its visible text, then waits until the parts
 * of the page that depend on it have been re-rendered (Framework replaces a cell's output when an input it reads
 * changes): by default the prose, the map and the ranking, which every study input feeds.
 */
async function choose(w: WatchedPage, label: string, option: string | RegExp, rerenders: string[] = DEPENDENT): Promise<void> {
  await w.page.evaluate((selectors) => {
    for (const s of selectors) document.querySelector(s)?.setAttribute("data-stale", "");
  }, rerenders);
  const form = w.page.locator(`form:has(> label:text-is("${label}"))`).first();
  if ((await form.locator("input[type=radio]").count()) > 0) {
    await form.locator("label", {hasText: option}).locator("input").check();
  } else {
    const select = form.locator("select").first();
    const options = await select.locator("option").allTextContents();
    const text = options.find((o) => (typeof option === "string" ? o === option : option.test(o)));
    if (!text) throw new Error(`no option ${option} in ${label}: ${options.join(" | ")}`);
    await select.selectOption({label: text});
  }
  await w.page.waitForFunction((selectors) => selectors.every((s) => !document.querySelector(`${s}[data-stale]`)), rerenders);
}

/** The trend path of a series and how many separate segments it is drawn in (one per "M" command). */
async function segments(w: WatchedPage, code: string): Promise<number> {
  const d = (await w.page.getAttribute(`#trend path[data-series="${code}"]`, "d")) ?? "";
  return (d.match(/M/g) ?? []).length;
}

async function checkDownloads(w: WatchedPage): Promise<Map<string, Row[]>> {
  const csv = await downloads(w.page);
  expect([...csv.keys()].sort()).toEqual(["kaart", "ranglijst", "trend", "verdeling"]);
  const drawn = (await mapPaths(w.page)).map((p) => p.region).sort();
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

  it("serves its icon: no request for a missing file, no console error", async () => {
    const w = await watchedPage(site.browser);
    const missing: string[] = [];
    w.page.on("response", (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    const icon = w.page.waitForResponse((r) => /favicon/.test(r.url()));
    await w.page.goto(url());
    await w.page.waitForSelector(DRAWN.ready);
    // The browser asks for the icon the page names, and gets it.
    const answer = await icon;
    expect(answer.status()).toBe(200);
    expect(new URL(answer.url()).pathname).toMatch(/^\/_file\/favicon\.[0-9a-f]+\.svg$/);
    expect(await w.page.getAttribute('link[rel="icon"]', "type")).toBe("image/svg+xml");
    expect(missing).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it("draws every shape of the level; changing the indicator changes fills and legend", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    // Default: laag_inkomen_pct, wijken, the newest published edition (2023; 2024 is a first release).
    expect((await mapPaths(w.page)).map((p) => p.code)).toEqual(await shapeCodes(ws, "gebieden-gm9999", "wijk"));
    await choose(w, "Niveau", "Buurten");
    const buurten = await mapPaths(w.page);
    expect(buurten.map((p) => p.code).sort()).toEqual(await shapeCodes(ws, "gebieden-gm9999", "buurt"));
    const withRow = new Set(await expectedWithRow(ws, "kwb-gm9999", "gebieden-gm9999", 2023, "buurt"));
    // Missing values are hatched grey with their reason, never a class colour.
    const missing = buurten.filter((p) => p.value === "");
    expect(missing.length).toBeGreaterThan(0);
    for (const p of missing) expect(p.fill).toBe("url(#bb-hatch)");
    for (const p of buurten) if (!withRow.has(p.region)) expect(p.status).toBe("code niet in editie 2023");
    expect(new Set(missing.filter((p) => withRow.has(p.code)).map((p) => p.status))).toEqual(new Set(["geheim", "niet beschikbaar"]));
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

  it("computes the prose from the data, at the level chosen", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    const rows = parse(await readFile(join(ws.snapshotsDir, "kwb-gm9999.csv"), "utf8"), {columns: true}) as Row[];
    const top = (level: string) => rows.filter((r) => r.edition === "2023" && r.indicator === "laag_inkomen_pct" && r.region_level === level && r.value !== "")
      .sort((a, b) => Number(b.value) - Number(a.value) || a.region_code.localeCompare(b.region_code));
    const nl = (v: string) => formatPercent(Number(v), 1);
    const listed = (r: Row[]) => `${r[0].region_name} (${nl(r[0].value)}), ${r[1].region_name} (${nl(r[1].value)}) en ${r[2].region_name} (${nl(r[2].value)})`;
    const wijken = top("wijk");
    let text = (await w.page.textContent("#samenvatting"))!;
    expect(text).toContain(`De 3 wijken met de hoogste waarde zijn ${listed(wijken)}`);
    const g = rows.find((r) => r.edition === "2023" && r.indicator === "laag_inkomen_pct" && r.region_code === "GM9999")!.value;
    const n = rows.find((r) => r.edition === "2023" && r.indicator === "laag_inkomen_pct" && r.region_code === "NL00")!.value;
    expect(text).toContain(`is het ${nl(g)}, tegen ${nl(n)} in Nederland`);
    expect(await w.page.textContent("#kern-nederland")).toBe(nl(n));
    // With Niveau = Buurten the prose names buurten, as the map, the ranking and the distribution do.
    await choose(w, "Niveau", "Buurten");
    const buurten = top("buurt");
    text = (await w.page.textContent("#samenvatting"))!;
    expect(text).toContain(`De 3 buurten met de hoogste waarde zijn ${listed(buurten)}`);
    expect(text).toContain(`Tussen de buurten loopt het uiteen van ${nl(buurten.at(-1)!.value)} in ${buurten.at(-1)!.region_name}`);
    expect(text).not.toMatch(/wijken/);
    expect((await tableCodes(w.page, "#ranglijst")).slice(0, 3)).toEqual(buurten.slice(0, 3).map((r) => r.region_code));
    await w.context.close();
  });

  it("shows CBS's new poverty measure as a note and the first release as not yet published; no line is cut", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    expect(await w.page.$$eval("#trend .bb-break", (l) => l.length)).toBe(0);
    expect(await w.page.textContent("#trend .bb-note")).toContain("Let op (2023): Vanaf 2023 meet het CBS armoede ook met een nieuwe maat");
    for (const code of ["GM9999", "NL00"]) expect(await segments(w, code), code).toBe(1);
    expect(await w.page.$$eval("#trend .bb-unpublished", (t) => t.map((x) => x.textContent))).toEqual(["nog niet gepubliceerd"]);
    await choose(w, "Editie", /2024/);
    expect(await w.page.textContent("#samenvatting")).toContain("nog geen cijfers: dit is de eerste publicatie");
    const paths = await mapPaths(w.page);
    const uninhabited = new Set((parse(await readFile(join(ws.snapshotsDir, "kwb-gm9999.csv"), "utf8"), {columns: true}) as Row[])
      .filter((r) => r.edition === "2024" && r.indicator === "inwoners" && r.value === "0").map((r) => r.region_code));
    for (const p of paths) expect(p.status, p.code).toBe(uninhabited.has(p.code) ? "niet beschikbaar" : "nog niet gepubliceerd");
    await w.context.close();
  });

  it("draws a re-coded buurt as one line across its new code, and cuts neither the gemeente's nor Nederland's", async () => {
    const w = await openPage(site.browser, url(), DRAWN);
    await choose(w, "Niveau", "Buurten", [...DEPENDENT, "#trend"]);
    await choose(w, "Buurt", /\(BU99990811\)$/, ["#trend"]);
    // BU99990801 became BU99990811 in 2023 with the same boundary (CBS's column: 2): one series, all editions.
    const rows = await w.page.$$eval("details:has(caption:text-matches('per editie')) tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-code")));
    expect(rows).toContain("BU99990801");
    expect(rows).toContain("BU99990811");
    for (const code of ["GM9999", "BU99990811", "NL00"]) expect(await segments(w, code), code).toBe(1);
    expect(await w.page.$$eval("#trend .bb-break", (l) => l.length)).toBe(0);
    const csv = await downloads(w.page);
    expect(csv.get("trend")!.filter((r) => r.region_code === "BU99990801").map((r) => r.edition)).toEqual(["2020", "2021", "2022"]);
    // On the map of 2022 the 2024 boundary of BU99990811 shows the row of its earlier code, not an empty area.
    await choose(w, "Editie", "2022");
    const path = (await mapPaths(w.page)).find((p) => p.code === "BU99990811")!;
    expect(path.region).toBe("BU99990801");
    expect(path.value).not.toBe("");
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
    cbs = await startCbsServer({tables: [denHaag2019(), denHaag2020FirstRelease(), denHaagGemeenteOnly()]});
    ws = await tempWorkspace();
    await writeFile(ws.manifestPath, JSON.stringify({
      version: 1, name: "denhaag", title: "Den Haag",
      datasets: [
        {name: "kwb-gm0518", kind: "kwb", gemeente: "GM0518", editions: [2019, 2020, 2021]},
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

  it("draws every 2014 buurt shape, those without a 2019 row with the reason, and lists the unmatched codes", async () => {
    const w = await openPage(site.browser, `${site.url}/gemeente/GM0518/armoede`, DRAWN);
    expect(await w.page.textContent("h1")).toBe("Armoede in 's-Gravenhage");
    await choose(w, "Editie", "2019");
    await choose(w, "Niveau", "Buurten");
    const shapes = await shapeCodes(ws, "gebieden-gm0518", "buurt");
    const withRow = await expectedWithRow(ws, "kwb-gm0518", "gebieden-gm0518", 2019, "buurt");
    expect(withRow.length).toBeLessThan(114);
    const drawn = await mapPaths(w.page);
    expect(drawn.map((p) => p.code).sort()).toEqual(shapes);
    for (const p of drawn.filter((x) => !withRow.includes(x.code))) expect(p.status).toBe("code niet in editie 2019");
    const row = await w.page.textContent("#koppeling tr[data-edition='2019']");
    const rows = parse(await readFile(join(ws.snapshotsDir, "kwb-gm0518.csv"), "utf8"), {columns: true}) as Row[];
    const codes = [...new Set(rows.filter((r) => r.edition === "2019" && r.region_level === "buurt").map((r) => r.region_code))];
    const unmatched = codes.filter((c) => !withRow.includes(c));
    expect(unmatched.length).toBeGreaterThan(0);
    for (const c of unmatched) expect(row).toContain(c);
    expect(await w.page.textContent("#samenvatting")).toContain("Voor heel 's-Gravenhage is het 12,4%; een landelijk cijfer ontbreekt in deze editie.");
    await checkDownloads(w);
    expect(formatViolations(await axeViolations(w.page))).toBe("");
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it("never goes blank for an edition with figures for the gemeente only: boundaries hatched, the reason, and the sentence", async () => {
    const w = await openPage(site.browser, `${site.url}/gemeente/GM0518/armoede`, DRAWN);
    // 2021 is the newest edition with a published value (the gemeente's), so the page opens on it.
    expect(await w.page.$eval('form:has(> label:text-is("Editie")) select', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe("2021");
    for (const [niveau, noun, reason] of [["Wijken", "wijk", "niet beschikbaar"], ["Buurten", "buurt", "geen cijfers per buurt in editie 2021"]] as const) {
      if (niveau === "Buurten") await choose(w, "Niveau", niveau);
      const drawn = await mapPaths(w.page);
      expect(drawn.map((p) => p.code).sort()).toEqual(await shapeCodes(ws, "gebieden-gm0518", noun));
      expect(drawn.every((p) => p.value === "" && p.fill === "url(#bb-hatch)")).toBe(true);
      // Shapes whose code has a row say why it is empty; the others that their code is not in this edition.
      expect(new Set(drawn.map((p) => p.status)).has(reason)).toBe(true);
      expect(await legendText(w.page)).toContain(`geen gegevens: ${reason}`);
      const sentence = `De editie 2021 heeft voor dit onderwerp geen cijfers per ${noun}`;
      expect(await w.page.textContent("#kaart figcaption")).toContain(sentence);
      expect(await w.page.textContent("#samenvatting")).toContain(sentence);
      expect(await w.page.textContent("#kern-gemeente")).toBe("12,4%");
    }
    expect(w.errors).toEqual([]);
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
