import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Studio} from "../../studio/server/server.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {addGemeente, PEOPLE, workspaceCopy, workspaceStudio} from "./workspace-copy.js";

/**
 * Every study page of the demo workspace opens in Studio, in Chromium, with Framework's real preview: the
 * parameterized pages (`gemeente/[code]/…`) too, previewed at a real gemeente (GM9999), where a typed change shows
 * up and no cell fails. The workspace has a second gemeente (Tweedestad, GM9998) so the picker has a choice.
 */
describe("every page opens in Studio, with a real preview", () => {
  let ws: Awaited<ReturnType<typeof workspaceCopy>>;
  let server: {studio: Studio; stop: () => Promise<void>};
  let browser: Browser;
  let anna: WatchedPage;

  beforeAll(async () => {
    ws = await workspaceCopy();
    await addGemeente(ws.dataDir);
    server = await workspaceStudio(ws, {preview: true});
    browser = await launchBrowser();
    anna = await watchedPage(browser);
    await anna.page.setViewportSize({width: 1600, height: 1000});
    await anna.page.goto(`${server.studio.url}#token=${PEOPLE.anna.token}&page=index.md`);
    await anna.page.locator(".cm-content").getByText("Buurtboek").first().waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ws?.cleanup();
  });

  it("lists the pages by title with their paths, the per-gemeente ones under \"Per gemeente\", the national one under \"Landelijk\"", async () => {
    const groups = anna.page.locator("#page-list .page-group");
    await expect.poll(() => groups.locator("h3").allTextContents()).toEqual(["Per gemeente", "Landelijk", "Overige pagina's"]);
    const first = groups.first().locator("a");
    expect(await first.locator(".page-path").allTextContents()).toEqual(["gemeente/[code]/armoede.md", "gemeente/[code]/regelingen.md", "gemeente/[code]/techniek.md"]);
    expect(await first.locator(".page-name").allTextContents()).toEqual(["Armoede per wijk en buurt", "Bereik van inkomensregelingen", "Hoe een notebook werkt — inkomen per wijk"]);
    expect(await groups.nth(1).locator(".page-path").allTextContents()).toEqual(["[land].md"]);
    expect(await groups.nth(1).locator(".page-name").allTextContents()).toEqual(["Alle gemeenten"]);
    expect(await groups.nth(2).locator(".page-name").allTextContents()).toEqual(["Buurtboek"]);
  });

  for (const [page, heading] of [
    ["gemeente/[code]/armoede.md", "Armoede in Voorbeeldstad"],
    ["gemeente/[code]/regelingen.md", "Bereik van inkomensregelingen in Voorbeeldstad"],
    ["gemeente/[code]/techniek.md", "Inkomen per wijk in Voorbeeldstad"]
  ] as const) {
    it(`opens ${page}, previews it at GM9999 and shows a typed change there, without a failing cell`, async () => {
      const {page: p} = anna;
      await p.locator(`#page-list a[data-page="${page}"]`).click();
      await p.locator("#page-title code").getByText(page, {exact: true}).waitFor();
      // The editor holds the page's text (not "Geen toegang"), and the picker offers the workspace's gemeente.
      await p.locator(".cm-content").getByText("observable.params.code").first().waitFor();
      expect(await p.locator("#status").textContent()).not.toContain("Geen toegang");
      // The routes the build makes for this page: both gemeenten, except the take-up study (Tweedestad has no table).
      const gemeenten = page.endsWith("regelingen.md") ? ["Voorbeeldstad (GM9999)"] : ["Voorbeeldstad (GM9999)", "Tweedestad (GM9998)"];
      await expect.poll(() => p.locator("#preview-route option").allTextContents()).toEqual(gemeenten);
      const frame = p.frameLocator("#preview iframe");
      expect(await p.locator("#preview iframe").getAttribute("src")).toContain(encodeURIComponent(`/gemeente/GM9999/${page.split("/").pop()!.replace(/\.md$/, "")}`));
      await frame.locator("h1", {hasText: heading}).waitFor({timeout: 120_000});
      await frame.locator(".bb-provenance").first().waitFor({timeout: 120_000});

      const mark = `Testzin van Anna over ${page.split("/").pop()}`;
      await p.locator(".cm-content").click();
      await p.keyboard.press("Control+End");
      await p.keyboard.type(`\n\n${mark}.\n`);
      await frame.getByText(mark).waitFor({timeout: 60_000});
      await frame.locator(".bb-provenance").first().waitFor({timeout: 60_000});
      const text = await frame.locator("body").innerText();
      expect(text).not.toContain("RuntimeError");
      expect(text).not.toContain("Unable to load file");
    });
  }

  it("previews the gemeente chosen in the picker, and remembers the choice per person and page", async () => {
    const {page: p} = anna;
    await p.locator('#page-list a[data-page="gemeente/[code]/armoede.md"]').click();
    await p.locator("#preview-route").selectOption("/gemeente/GM9998/armoede");
    const frame = p.frameLocator("#preview iframe");
    await frame.locator("h1", {hasText: "Armoede in Tweedestad"}).waitFor({timeout: 120_000});
    // Another page keeps its own choice; coming back to this one previews Tweedestad again.
    await p.locator('#page-list a[data-page="gemeente/[code]/techniek.md"]').click();
    await expect.poll(() => p.locator("#preview-route").inputValue()).toBe("/gemeente/GM9999/techniek");
    await p.locator('#page-list a[data-page="gemeente/[code]/armoede.md"]').click();
    await expect.poll(() => p.locator("#preview-route").inputValue()).toBe("/gemeente/GM9998/armoede");
    await frame.locator("h1", {hasText: "Armoede in Tweedestad"}).waitFor({timeout: 120_000});
    // Per person: Bram, in the same browser profile, starts at the first gemeente.
    expect(await p.evaluate(() => localStorage.getItem("buurtboek-studio:voorbeeld:anna:gemeente/[code]/armoede.md"))).toBe("/gemeente/GM9998/armoede");
    expect(await p.evaluate(() => localStorage.getItem("buurtboek-studio:voorbeeld:bram:gemeente/[code]/armoede.md"))).toBeNull();
  });

  it("loads nothing from outside the machine", () => {
    expect(anna.external).toEqual([]);
  });
});
