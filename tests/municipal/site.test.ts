/**
 * The take-up study in Chromium, from ingestion to the published page: the demo's synthetic microdata (PC6
 * postcodes, tiny buurten) are written to a temporary workspace's private/ folder, pulled through the PII gate and
 * disclosure control, built into a site and opened. Suppressed counts must read "afgeschermd", never a number, in
 * the map, the table and the CSV download; the built site must hold nothing of the microdata; no request may leave
 * the machine; and with ../shared present, Amsterdam's real take-up figures render as reference values.
 */
import {readdir, readFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {parse} from "csv-parse/sync";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";
import {DEFAULT_SEED} from "../../loaders/demo/index.js";
import {DEMO_EXTRACT} from "../../loaders/demo/regelingen.js";
import {writeDemo} from "../../loaders/demo/write.js";
import {readTakeUpContext} from "../../loaders/municipal/context.js";
import {parseAudit} from "../../loaders/privacy/audit.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {hasShared, sharedDir, sharedSkipReason} from "../support/paths.js";
import {buildSiteCopy} from "../support/site.js";
import {listFiles, remove, tempWorkspace} from "../support/workspace.js";

const PAGE = "gemeente/GM9999/regelingen";

/** Sets the page's inputs (Observable Inputs: a select and radios) and waits for the table to follow. */
async function choose(page: Page, {regeling, jaar, niveau}: {regeling: string; jaar: string; niveau: "Wijken" | "Buurten"}) {
  await page.selectOption("form select", {label: regeling});
  await page.getByLabel(jaar, {exact: true}).check();
  await page.getByLabel(niveau, {exact: true}).check();
  await page.waitForFunction(({regeling, jaar, niveau}) => document.querySelector("#tabel caption")?.textContent?.startsWith(`${regeling}, ${jaar}`) && document.querySelector("#tabel caption")?.textContent?.endsWith(niveau === "Wijken" ? "wijk" : "buurt"), {regeling, jaar, niveau});
}

/** The text of the CSV a reproduce panel offers, as the reader's click produces it. */
async function download(page: Page, panel: number): Promise<string> {
  const link = page.locator(".bb-reproduce .bb-download").nth(panel);
  await page.locator(".bb-reproduce summary").nth(panel).click();
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return readFile((await file.path())!, "utf8");
}

let ws: Workspace;
let site: string;
let server: StaticServer;
let browser: Browser;
let w: WatchedPage;
let snapshot: Record<string, string>[];

beforeAll(async () => {
  // The site copy lives in a temporary folder, so point the build at the real ../shared explicitly.
  if (hasShared) process.env.BUURTBOEK_SHARED = sharedDir;
  ws = await tempWorkspace();
  await writeDemo(ws, DEFAULT_SEED);
  snapshot = parse(await readFile(join(ws.snapshotsDir, "regelingen.csv"), "utf8"), {columns: true});
  site = await buildSiteCopy(ws.dataDir);
  server = await serveStatic(join(site, "dist"));
  browser = await launchBrowser();
  w = await watchedPage(browser);
  await w.page.goto(`${server.url}/${PAGE}`);
  await w.page.waitForSelector(".bb-provenance", {timeout: 60_000});
  await w.page.waitForLoadState("networkidle");
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await remove(site);
  await remove(ws?.dataDir);
});

describe("take-up study from synthetic microdata to the published page", () => {
  it("shows suppressed buurten as afgeschermd in the map, the table and the CSV download, never as a number", async () => {
    const regeling = "Stadspas";
    await choose(w.page, {regeling, jaar: "2024", niveau: "Buurten"});
    const hidden = snapshot.filter((r) => r.region_level === "buurt" && r.regeling === regeling && r.jaar === "2024" && r.aantal === "").map((r) => r.region_code);
    expect(hidden.length).toBeGreaterThan(0);
    // Table: the users cell says afgeschermd, and no cell of that row holds the count.
    for (const code of hidden) {
      const row = w.page.locator(`#tabel tr[data-code="${code}"]`);
      expect(await row.locator(".bb-users").textContent()).toBe("afgeschermd");
      expect(await row.locator(".bb-rate").textContent()).toBe("afgeschermd");
    }
    const tableUsers = await w.page.$$eval("#tabel tr[data-code] .bb-users", (tds) => tds.map((t) => t.textContent));
    expect(tableUsers.filter((t) => t === "afgeschermd").length).toBe(hidden.length);
    // Map: hatched, status afgeschermd, no value, and the tooltip says so.
    for (const code of hidden) {
      const path = w.page.locator(`#kaart path[data-code="${code}"]`);
      expect(await path.getAttribute("data-status")).toBe("afgeschermd");
      expect(await path.getAttribute("data-value")).toBe("");
      expect(await path.locator("title").textContent()).toMatch(/: afgeschermd$/);
    }
    expect(await w.page.textContent("#kaart figcaption")).toMatch(/geen gegevens: afgeschermd \(\d+\)/);
    // CSV downloads of the map and the table.
    for (const panel of [0, 2]) {
      const rows: Record<string, string>[] = parse(await download(w.page, panel), {columns: true});
      for (const code of hidden) {
        const r = rows.find((x) => x.region_code === code)!;
        expect(r.gebruikers).toBe("afgeschermd");
        expect(r.bereik_pct).toBe("");
      }
      for (const r of rows) expect(r.gebruikers === "afgeschermd" || /^\d+$/.test(r.gebruikers)).toBe(true);
    }
  });

  it("states the target group's income year, KWB edition and base, chosen by the income year closest to the scheme year", async () => {
    await choose(w.page, {regeling: "Stadspas", jaar: "2024", niveau: "Wijken"});
    const kwb: Record<string, string>[] = parse(await readFile(join(ws.snapshotsDir, "kwb-gm9999.csv"), "utf8"), {columns: true});
    const record = JSON.parse(await readFile(join(ws.snapshotsDir, "kwb-gm9999.editions.json"), "utf8")) as {editions: {edition: number; income_year: {year: number}}[]};
    const filled = record.editions.filter((e) => kwb.some((r) => r.region_code === "GM9999" && r.indicator === "tot_120_pct" && r.edition === String(e.edition) && r.value !== ""));
    const best = filled.sort((a, b) => Math.abs(a.income_year.year - 2024) - Math.abs(b.income_year.year - 2024) || a.income_year.year - b.income_year.year)[0];
    expect(await w.page.textContent("#referentie")).toBe(`Doelgroep: inkomensjaar ${best.income_year.year} (KWB ${best.edition}); regeling 2024.`);
    expect(await w.page.textContent("#samenvatting")).toContain(`Huishoudens: KWB ${best.income_year.year}.`);
    expect((await w.page.textContent("#noemer"))!.replace(/\s+/g, " ")).toContain("als percentage van de particuliere huishoudens waarvan het inkomen bekend is, niet van alle huishoudens");
    expect(await w.page.textContent("#samenvatting")).toMatch(/een bereik van ten minste \d+,\d%/);
  });

  it("shows take-up above 100% as a data problem, never as a figure", async () => {
    await choose(w.page, {regeling: "Kwijtschelding gemeentelijke belastingen", jaar: "2024", niveau: "Buurten"});
    const row = w.page.locator('#tabel tr[data-status="meer dan 100%: gegevensprobleem"]');
    expect(await row.count()).toBe(1);
    const code = await row.getAttribute("data-code");
    expect(await row.locator(".bb-rate").textContent()).toBe("meer dan 100%: gegevensprobleem");
    expect(await w.page.getAttribute(`#kaart path[data-code="${code}"]`, "data-value")).toBe("");
    expect(await w.page.textContent("#gegevensprobleem")).toMatch(/^Gegevensprobleem: bij .+ gebruiken meer huishoudens de regeling dan er volgens het CBS in de doelgroep zitten/);
  });

  it("shows the audit with the total the pull wrote, and no rule per cell", async () => {
    const audit = parseAudit(await readFile(join(ws.snapshotsDir, "regelingen.audit.json"), "utf8"), "audit");
    await w.page.click("#audit summary");
    expect(await w.page.textContent("#audit summary")).toBe(`Privacycontrole: ${audit.suppressed} van ${audit.cells} aantallen afgeschermd`);
    expect(await w.page.textContent("#audit-totaal")).toContain(`${audit.suppressed} van de ${audit.cells} aantallen zijn afgeschermd`);
    expect(await w.page.textContent("#audit-marges")).toContain("minstens 10 boven het echte aantal");
    // A rule per cell (below the threshold, or suppressed as a partner) narrows a suppressed count: never shown.
    expect(await w.page.locator("#audit [data-rule], #audit-cellen").count()).toBe(0);
    expect(await w.page.textContent("#audit")).not.toMatch(/onder de drempel\)|extra afgeschermd/);
    expect(await w.page.textContent("#audit-niet-gekoppeld")).toContain("met een onbekende postcode");
  });

  it("loads nothing from another host and logs no errors", () => {
    expect(w.external).toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it("publishes nothing of the microdata: no postcode, no decision date, no private file", async () => {
    const extract = await readFile(join(ws.dataDir, DEMO_EXTRACT), "utf8");
    const postcodes = [...new Set(extract.split("\n").slice(1, 200).map((l) => l.split(";")[0]).filter((p) => /^\d{4}[A-Z]{2}$/.test(p)))];
    expect(postcodes.length).toBeGreaterThan(5);
    const files = await listFiles(join(site, "dist"));
    expect(files.filter((f) => /private|voorbeeldstad-regelingen/.test(f))).toEqual([]);
    for (const f of files.filter((f) => /\.(html|json|csv|js)$/.test(f) && !f.startsWith("_npm"))) {
      const text = await readFile(join(site, "dist", f), "utf8");
      for (const pc of postcodes) expect(text.includes(pc), `${f} contains postcode ${pc}`).toBe(false);
      expect(text, f).not.toMatch(/besluitdatum/);
      // No page asset names the rule that suppressed a cell.
      expect(text, f).not.toMatch(/"(primary|secondary-(single|sum|linked|interval))"|"rule":/);
    }
    // The workspace's private folder is the only place the extract lives.
    expect(await readdir(join(ws.dataDir, "private"))).toContain("voorbeeldstad-regelingen.csv");
  });
});

describe.skipIf(!hasShared)(`take-up context from ../shared ${hasShared ? "" : `— SKIPPED: ${sharedSkipReason}`}`, () => {
  it("renders Amsterdam's real take-up figures and the published non-take-up figures as reference values", async () => {
    expect(await w.page.getAttribute("#context", "data-kind")).toBe("shared");
    const amsterdam = await w.page.$$eval("#context-amsterdam tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(amsterdam).toContainEqual(["Stadspas", "2013", "alle rechthebbenden", "54%"]);
    expect(amsterdam).toContainEqual(["Gratis OV 65+", "2015", "alle rechthebbenden (schatting)", "53%"]);
    const national = await w.page.textContent("#context-landelijk");
    expect(national).toContain("Algemene bijstand (Participatiewet)");
    expect(national).toContain("35 % niet-gebruik");
    expect(national).toContain("Inspectie SZW (2021)");
    expect(await w.page.textContent("#context")).not.toContain("Synthetische voorbeeldcijfers");
  });
});

describe("take-up context without ../shared", () => {
  // Runs everywhere (CI has ../shared): the context loader pointed at a folder that does not exist.
  it("falls back to the synthetic example, labelled as such", async () => {
    const ctx = await readTakeUpContext(join(tmpdir(), "buurtboek-no-shared"));
    expect(ctx.kind).toBe("synthetisch");
    expect(ctx.sources).toEqual(["Synthetische voorbeeldcijfers — geen echte bron"]);
    expect(ctx.amsterdam).toEqual([]);
  });
});
