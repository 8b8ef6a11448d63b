import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Studio} from "../../studio/server/server.js";
import {launchBrowser, watchedPage} from "../support/browser.js";
import {PEOPLE, workspaceCopy, workspaceStudio} from "./workspace-copy.js";

/** A page's history, checkpoints, restore, rename and delete in Chromium, as an editor and as a viewer. */
describe("history, rename and delete in Chromium", () => {
  let ws: Awaited<ReturnType<typeof workspaceCopy>>;
  let server: {studio: Studio; stop: () => Promise<void>};
  let browser: Browser;
  let anna: Page;
  let vera: Page;

  const open = async (who: keyof typeof PEOPLE, page: string) => {
    const w = await watchedPage(browser);
    await w.page.setViewportSize({width: 1600, height: 1000});
    await w.page.goto(`${server.studio.url}#token=${PEOPLE[who].token}&page=${encodeURIComponent(page)}`);
    await w.page.locator("#whoami").getByText(PEOPLE[who].name).waitFor();
    return w.page;
  };

  beforeAll(async () => {
    ws = await workspaceCopy();
    server = await workspaceStudio(ws);
    browser = await launchBrowser();
    anna = await open("anna", "index.md");
    vera = await open("vera", "index.md");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ws?.cleanup();
  });

  it("keeps a checkpoint, shows what changed since, and restores it", async () => {
    await anna.locator(".cm-content").getByText("Onderzoek naar wijken en buurten").waitFor();
    await anna.locator("#tab-history").click();
    await anna.locator("#checkpoint-name").fill("Vóór de nieuwe inleiding");
    await anna.locator("#save-checkpoint").click();
    const entry = anna.locator('#history li[data-kind="checkpoint"]');
    await entry.getByText("Bewaard: Vóór de nieuwe inleiding").waitFor();

    await anna.locator(".cm-content").click();
    await anna.keyboard.press("Control+End");
    await anna.keyboard.type("\nEen nieuwe inleiding van Anna.\n");
    await entry.getByRole("button", {name: "Vergelijken"}).click();
    await anna.locator("#history .diff .added ins").getByText("+ Een nieuwe inleiding van Anna.").waitFor();

    anna.once("dialog", (dialog) => void dialog.accept());
    await entry.getByRole("button", {name: "Terugzetten"}).click();
    await anna.locator("#history .history-status").getByText("Teruggezet.").waitFor();
    await expect.poll(() => anna.locator(".cm-content").innerText()).not.toContain("Een nieuwe inleiding van Anna.");
    // The viewer's editor follows: the restore is an ordinary edit.
    await expect.poll(() => vera.locator(".cm-content").innerText()).not.toContain("Een nieuwe inleiding van Anna.");
  });

  it("shows a viewer the history without saving or restoring, and the server refuses both", async () => {
    await vera.locator("#tab-history").click();
    await vera.locator('#history li[data-kind="checkpoint"]').waitFor();
    expect(await vera.locator("#save-checkpoint, #history .restore").count()).toBe(0);
    const refused = await vera.evaluate(async () => {
      const csrf = JSON.parse(localStorage.getItem("buurtboek-studio-session") ?? "{}").csrf ?? "-";
      const post = (path: string, body: unknown) => fetch(path, {method: "POST", headers: {"content-type": "application/json", "x-studio-csrf": csrf}, body: JSON.stringify(body)}).then((r) => r.status);
      return [await post("/studio/api/history/checkpoint", {page: "index.md", name: "x"}), await post("/studio/api/history/restore", {page: "index.md", kind: "checkpoint", id: 1})];
    });
    expect(refused).toEqual([403, 403]);
  });

  it("renames a page and deletes one after confirmation", async () => {
    await anna.locator('#page-list a[data-page="gemeente/[code]/techniek.md"]').click();
    await anna.locator("#page-title code").getByText("gemeente/[code]/techniek.md", {exact: true}).waitFor();
    await anna.locator("#rename-page").click();
    await anna.locator("#rename-name").fill("armoede");
    await anna.locator(".studio-dialog button.primary").click();
    await anna.locator(".studio-dialog .dialog-error").getByText(/^Er is al een pagina gemeente\/\[code\]\/armoede\.md/).waitFor();
    await anna.locator("#rename-name").fill("zo-werkt-een-notebook");
    await anna.locator(".studio-dialog button.primary").click();
    await anna.locator("#page-title code").getByText("gemeente/[code]/zo-werkt-een-notebook.md", {exact: true}).waitFor();
    await anna.locator(".cm-content").getByText("Hoe een notebook werkt").first().waitFor();
    expect(await anna.locator('#page-list a[data-page="gemeente/[code]/techniek.md"]').count()).toBe(0);

    await anna.locator("#delete-page").click();
    await anna.locator("#delete-confirm").fill("ja");
    await anna.locator(".studio-dialog button.primary").click();
    await anna.locator(".studio-dialog .dialog-error").getByText("Bevestig het verwijderen met de naam van de pagina (gemeente/[code]/zo-werkt-een-notebook.md).").waitFor();
    await anna.locator("#delete-confirm").fill("gemeente/[code]/zo-werkt-een-notebook.md");
    await anna.locator(".studio-dialog button.primary").click();
    await expect.poll(() => anna.locator('#page-list a[data-page="gemeente/[code]/zo-werkt-een-notebook.md"]').count()).toBe(0);
    await expect.poll(() => anna.locator("#page-title code").innerText()).not.toBe("gemeente/[code]/zo-werkt-een-notebook.md");
    // The viewer's list follows within its refresh, and it never had the buttons.
    await expect.poll(() => vera.locator('#page-list a[data-page="gemeente/[code]/techniek.md"]').count(), {timeout: 20_000}).toBe(0);
    expect(await vera.locator("#rename-page, #delete-page").count()).toBe(0);
    await vera.locator("#deleted-pages summary").getByText("Verwijderd (1)").waitFor({timeout: 20_000});
    expect(await vera.locator("#deleted-pages .undelete").count()).toBe(0);

    // Put back by an editor: the page opens again under its name.
    await anna.locator("#deleted-pages summary").click();
    await anna.locator("#deleted-pages").getByRole("button", {name: "gemeente/[code]/zo-werkt-een-notebook.md terugzetten"}).click();
    await anna.locator("#page-title code").getByText("gemeente/[code]/zo-werkt-een-notebook.md", {exact: true}).waitFor();
    await anna.locator(".cm-content").getByText("Hoe een notebook werkt").first().waitFor();
    await expect.poll(() => anna.locator("#deleted-pages li").count()).toBe(0);
  });
});
