import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Studio} from "../../studio/server/server.js";
import {axeViolations} from "../support/axe.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {PEOPLE, workspaceCopy, workspaceStudio} from "./workspace-copy.js";

/**
 * The whole path in Chromium, as the people would take it: two editors (Anna, Bram) make notebooks from every
 * template and co-edit a parameterized page, Anna offers the workspace for review, her own and Bram's approvals are
 * refused, the reviewer (Rob) approves, the site is published at /site/ with its publication line, and Rob rolls
 * back. A viewer (Vera) and a commenter (Cees) get no such buttons, and the server refuses them when they call
 * the API with their own session.
 */
describe("review and publication in Chromium", () => {
  let ws: Awaited<ReturnType<typeof workspaceCopy>>;
  let server: {studio: Studio; stop: () => Promise<void>};
  let browser: Browser;
  const people = {} as Record<"anna" | "bram" | "rob" | "vera" | "cees", WatchedPage>;
  const made: string[] = [];

  const open = async (who: keyof typeof people, page = "index.md") => {
    const w = await watchedPage(browser);
    await w.page.setViewportSize({width: 1600, height: 1000});
    await w.page.goto(`${server.studio.url}#token=${PEOPLE[who].token}&page=${encodeURIComponent(page)}`);
    await w.page.locator("#whoami").getByText(PEOPLE[who].name).waitFor();
    people[who] = w;
    return w.page;
  };
  const typeAtEnd = async (page: Page, text: string) => {
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(text);
  };
  /** POSTs to the API from the person's own Studio page, with their session and CSRF token, as a script there would. */
  const postAs = (page: Page, path: string, body: unknown) =>
    page.evaluate(
      async ([path, body]) => {
        const csrf = JSON.parse(localStorage.getItem("buurtboek-studio-session") ?? "{}").csrf ?? "-";
        const r = await fetch(path as string, {method: "POST", headers: {"content-type": "application/json", "x-studio-csrf": csrf}, body: JSON.stringify(body)});
        return {status: r.status, error: ((await r.json()) as {error?: string}).error ?? null};
      },
      [path, body] as const
    );

  beforeAll(async () => {
    ws = await workspaceCopy({git: true});
    server = await workspaceStudio(ws, {preview: true});
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ws?.cleanup();
  });

  it("lets an editor make a notebook from each template, ready to co-edit", async () => {
    const anna = await open("anna");
    for (const [title, template, path] of [
      ["Analyse van woningwaarde", "gemeente", "gemeente/[code]/analyse-van-woningwaarde.md"],
      ["Bereik van de bijzondere bijstand", "regeling", "gemeente/[code]/bereik-van-de-bijzondere-bijstand.md"],
      ["Notities bij het onderzoek", "leeg", "notities-bij-het-onderzoek.md"]
    ]) {
      await anna.locator("#new-notebook").click();
      await anna.locator("#notebook-title").fill(title);
      await anna.locator(`#template-${template}`).check();
      await anna.locator(".studio-dialog button.primary").click();
      await anna.locator("#page-title code").getByText(path, {exact: true}).waitFor();
      await anna.locator(".cm-content").getByText(`title: "${title}"`).waitFor();
      await anna.locator(`#page-list a[data-page="${path}"]`).getByText(title).waitFor();
      made.push(path);
    }
    // A clash is refused in the dialog, in Dutch, and nothing is made.
    await anna.locator("#new-notebook").click();
    await anna.locator("#notebook-title").fill("Notities bij het onderzoek");
    await anna.locator(".studio-dialog button.primary").click();
    await anna.locator(".studio-dialog .dialog-error").getByText("Er is al een pagina notities-bij-het-onderzoek.md; kies een andere naam.").waitFor();
    await anna.locator(".studio-dialog button.cancel").click();
  });

  it("co-edits a parameterized page between two editors, with the preview at a real gemeente", async () => {
    const anna = people.anna.page;
    await anna.locator(`#page-list a[data-page="${made[0]}"]`).click();
    const bram = await open("bram", made[0]);
    await typeAtEnd(anna, "\n\nAnna: de woningwaarde stijgt in alle wijken.\n");
    await bram.locator(".cm-content").getByText("Anna: de woningwaarde stijgt").waitFor();
    await typeAtEnd(bram, "\nBram: behalve in het centrum.\n");
    await anna.locator(".cm-content").getByText("Bram: behalve in het centrum.").waitFor();
    const preview = anna.frameLocator("#preview iframe");
    await preview.getByText("Bram: behalve in het centrum.").waitFor({timeout: 120_000});
    await preview.locator("#staven svg").waitFor({timeout: 120_000});
    expect(await preview.locator("body").innerText()).not.toContain("RuntimeError");
  });

  it("inserts a dataset's snippet at the cursor from the Gegevens panel", async () => {
    const anna = people.anna.page;
    await anna.locator(`#page-list a[data-page="${made[2]}"]`).click();
    await anna.locator(".cm-content").getByText("Notities bij het onderzoek").first().waitFor();
    await anna.locator("#tab-data").click();
    const kwb = anna.locator('.dataset[data-dataset="kwb-gm9999"]');
    await kwb.waitFor();
    expect(await kwb.locator("dl").innerText()).toMatch(/Edities\s+2020, 2021, 2022, 2023, 2024/);
    // Municipal data appears as its published table only: no path of the private extract anywhere in the panel.
    expect(await anna.locator("#data").innerText()).not.toMatch(/private\//);
    await anna.locator(".cm-content").click();
    await anna.keyboard.press("Control+End");
    await kwb.getByRole("button", {name: "kwb-gm9999 invoegen"}).click();
    await anna.locator(".cm-content").getByText('const kwbGm9999File = FileAttachment("data/snapshots/kwb-gm9999.csv");').waitFor();
    await anna.locator(".cm-content").getByText('display(provenance(bronnen, [{name: "kwb-gm9999", file: FileAttachment("data/snapshots/kwb-gm9999.csv")}]));').waitFor();
    // The page declares `bronnen` already (the template): the snippet does not declare it twice.
    expect((await anna.locator(".cm-content").innerText()).match(/const bronnen =/g)).toHaveLength(1);
    await anna.frameLocator("#preview iframe").locator('.bb-provenance p.bb-bron[data-dataset="kwb-gm9999"]').waitFor({timeout: 120_000});
  });

  it("gives a viewer and a commenter no way to make, offer or approve, and the server refuses their calls", async () => {
    const vera = await open("vera");
    const cees = await open("cees");
    for (const page of [vera, cees]) {
      expect(await page.locator("#new-notebook").count()).toBe(0);
      expect(await page.locator("#rename-page, #delete-page").count()).toBe(0);
      await page.locator("#tab-review").click();
      await page.locator("#review .live-site").waitFor();
      expect(await page.locator("#offer, #approve, #send-back").count()).toBe(0);
      for (const [path, body] of [
        ["/studio/api/pages", {title: "Stiekem", template: "leeg"}],
        ["/studio/api/review/offer", {description: "Stiekem"}],
        ["/studio/api/review/approve", {version: 1}],
        ["/studio/api/review/publish", {version: 1}],
        ["/studio/api/review/rollback", {version: 1}]
      ] as const) {
        const answer = await postAs(page, path, body);
        expect(answer.status, path).toBe(403);
        expect(answer.error).toMatch(/^Alleen /);
      }
    }
  });

  it("offers the workspace for review, and refuses approval by the offerer and by a writer, on screen", async () => {
    const anna = people.anna.page;
    await anna.locator("#tab-review").click();
    await anna.locator("#offer-description").fill("Drie nieuwe notebooks en een analyse van de woningwaarde");
    await anna.locator("#offer").click();
    await anna.locator('#review article.waiting[data-version="1"]').waitFor();
    expect(await anna.locator("#review .writers").innerText()).toBe("Geschreven door: Anna de Vries, Bram Janssen.");
    await anna.locator("#approve").click();
    await anna.locator("#review-message").getByText("Je kunt een versie die je zelf hebt aangeboden niet goedkeuren; iemand anders moet haar controleren.").waitFor();

    const bram = people.bram.page;
    await bram.locator("#tab-review").click();
    await bram.locator('#review article.waiting[data-version="1"]').waitFor();
    await bram.locator("#approve").click();
    await bram.locator("#review-message").getByText(`Je kunt deze versie niet goedkeuren: je hebt er zelf aan geschreven (${made[0]}). Iemand anders moet haar controleren.`).waitFor();
    // The viewer sees the version wait, without a say in it.
    await people.vera.page.locator('#review article.waiting[data-version="1"]').waitFor();
    expect(await people.vera.page.locator("#approve").count()).toBe(0);
  });

  it("publishes when the reviewer approves, and serves the site at /site/ with its publication line", async () => {
    const rob = await open("rob");
    expect(await rob.locator("#new-notebook").count()).toBe(0); // a reviewer writes no text
    await rob.locator("#tab-review").click();
    await rob.locator('#review article.waiting[data-version="1"] .show-changes').click();
    await rob.locator("#review .version-changes summary").getByText(`${made[2]} (nieuw)`).waitFor();
    await rob.locator("#approve").click();
    await rob.locator('#review .versions li[data-version="1"][data-state="published"]').waitFor({timeout: 300_000});
    await rob.locator("#review .live-site").getByText("Live: versie 1.").waitFor();

    const reader = await watchedPage(browser);
    for (const path of ["/site/", "/site/gemeente/GM9999/analyse-van-woningwaarde", "/site/gemeente/GM9999/bereik-van-de-bijzondere-bijstand", "/site/notities-bij-het-onderzoek"]) {
      await reader.page.goto(new URL(path, server.studio.url).href);
      await reader.page.locator("#publicatie").waitFor();
      expect(await reader.page.locator("#publicatie").innerText()).toMatch(/^Gepubliceerd op \d{1,2} \w+ \d{4} om \d\d:\d\d · versie 1 · gecontroleerd door Rob Smit$/);
      await reader.page.locator(".bb-provenance").first().waitFor({timeout: 60_000});
      await reader.page.waitForLoadState("networkidle");
      expect(await reader.page.locator("body").innerText(), path).not.toContain("RuntimeError");
      if (path !== "/site/") expect(await axeViolations(reader.page), path).toEqual([]);
    }
    // The co-edited text and the inserted dataset are in the published pages.
    await reader.page.goto(new URL("/site/gemeente/GM9999/analyse-van-woningwaarde", server.studio.url).href);
    await reader.page.getByText("Bram: behalve in het centrum.").waitFor();
    await reader.page.locator("#staven svg").waitFor();
    await reader.page.goto(new URL("/site/notities-bij-het-onderzoek", server.studio.url).href);
    await reader.page.locator('.bb-provenance p.bb-bron[data-dataset="kwb-gm9999"]').waitFor();
    // Published page code runs in an opaque origin: it cannot use a signed-in person's Studio session.
    expect(await reader.page.evaluate(() => self.origin)).toBe("null");
    expect(reader.errors).toEqual([]);
    expect(reader.external).toEqual([]);
    await reader.context.close();
  });

  it("lists versions and the log at /site/versies, and rolls back to an earlier version", async () => {
    const anna = people.anna.page;
    await anna.locator(`#page-list a[data-page="${made[1]}"]`).click();
    await typeAtEnd(anna, "\n\nEen tweede versie.\n");
    await anna.locator("#tab-review").click();
    await anna.locator("#offer-description").fill("Tweede versie");
    await anna.locator("#offer").click();
    const rob = people.rob.page;
    await rob.locator('#review article.waiting[data-version="2"]').waitFor();
    await rob.locator("#approve").click();
    await rob.locator('#review .versions li[data-version="2"][data-state="published"]').waitFor({timeout: 300_000});
    await rob.locator("#review .live-site").getByText("Live: versie 2.").waitFor();
    await rob.locator('#review .versions li[data-version="1"] .rollback').click();
    await rob.locator("#review .live-site").getByText("Live: versie 1.").waitFor();
    await rob.locator("#review-message").getByText("Versie 1 staat weer live.").waitFor();

    const reader = await watchedPage(browser);
    await reader.page.goto(new URL("/site/", server.studio.url).href);
    expect(await reader.page.locator("#publicatie").innerText()).toContain("versie 1 · gecontroleerd door Rob Smit");
    await reader.page.goto(new URL("/site/versies", server.studio.url).href);
    const versions = reader.page.locator("#versies tbody tr");
    expect(await versions.count()).toBe(2);
    expect(await reader.page.locator("#versies tr.live th").innerText()).toBe("1 (live)");
    const log = await reader.page.locator("#logboek tbody").innerText();
    for (const word of ["ter controle aangeboden", "goedgekeurd", "publicatie gestart", "gepubliceerd", "teruggezet"]) expect(log).toContain(word);
    expect(log).toContain("terug naar versie 1 (was versie 2)");
    expect(await axeViolations(reader.page)).toEqual([]);
    await reader.context.close();
  });

  it("loads nothing from outside the machine", () => {
    for (const w of Object.values(people)) expect(w.external).toEqual([]);
  });
});
