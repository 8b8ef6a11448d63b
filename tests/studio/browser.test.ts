import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Studio} from "../../studio/server/server.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {studio, USERS, workspace} from "./helpers.js";

describe("Studio in two Chromium pages", () => {
  let ws: ReturnType<typeof workspace>;
  let server: Studio;
  let browser: Browser;
  let anna: WatchedPage;
  let bram: WatchedPage;

  beforeAll(async () => {
    ws = workspace();
    server = await studio(ws.root);
    browser = await launchBrowser();
    anna = await watchedPage(browser);
    bram = await watchedPage(browser);
    await anna.page.goto(`${server.url}#token=${USERS.anna.token}&page=index.md`);
    await bram.page.goto(`${server.url}#token=${USERS.bram.token}&page=index.md`);
    for (const {page} of [anna, bram]) await page.locator(".cm-content").getByText("Armoede per wijk").waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    ws?.cleanup();
  });

  it("shows text typed in one page in the other", async () => {
    await anna.page.locator(".cm-content").click();
    await anna.page.keyboard.press("Control+End");
    await anna.page.keyboard.type("Getypt door Anna.");
    await bram.page.locator(".cm-content").getByText("Getypt door Anna.").waitFor();
    await bram.page.locator(".cm-content").click();
    await bram.page.keyboard.press("Control+End");
    await bram.page.keyboard.type(" En door Bram.");
    await anna.page.locator(".cm-content").getByText("En door Bram.").waitFor();
  });

  it("shows both people as present, with a remote cursor", async () => {
    for (const {page} of [anna, bram]) {
      await expect.poll(() => page.locator("#presence li").allTextContents()).toEqual(["Anna de Vries", "Bram Janssen"]);
    }
    await bram.page.locator(".cm-ySelectionCaret").first().waitFor({state: "attached"});
  });

  it("shows a comment created in one page in the other", async () => {
    await anna.page.locator(".cm-content").click();
    await anna.page.keyboard.press("Control+Home");
    await anna.page.keyboard.press("Shift+End");
    await anna.page.locator("#new-comment").fill("Klopt deze titel?");
    await anna.page.locator("#add-comment").click();
    const thread = bram.page.locator(".thread");
    await thread.getByText("Klopt deze titel?").waitFor();
    await expect.poll(() => thread.locator("blockquote").textContent()).toBe("# Armoede per wijk");
    await thread.getByRole("button", {name: "Oplossen"}).click();
    await anna.page.locator(".thread.resolved").waitFor();
  });

  it("loads nothing from outside the machine", () => {
    expect([...anna.external, ...bram.external]).toEqual([]);
  });
});
