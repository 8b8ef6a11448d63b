import Database from "better-sqlite3";
import {execFileSync} from "node:child_process";
import {existsSync, readFileSync, readlinkSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createThread, listThreads} from "../../studio/shared/comments.js";
import type {Studio} from "../../studio/server/server.js";
import {client, settled, until, wsUrlOf, type Client} from "./helpers.js";
import {asPerson, PEOPLE, workspaceCopy, workspaceStudio} from "./workspace-copy.js";

/**
 * Review and publication through the API, as scripts and the editor call it: every rule is enforced by the server
 * (roles, four eyes, one version waiting at a time), publications are real builds of the frozen version with the
 * privacy gate, `published/current` moves only when a build passes, the log records everything, and a git
 * workspace gets a commit with a Reviewed-by trailer and a tag.
 */
describe("review and publication, enforced on the server", () => {
  let ws: Awaited<ReturnType<typeof workspaceCopy>>;
  let server: {studio: Studio; stop: () => Promise<void>};
  let studio: Studio;
  const clients: Client[] = [];
  const connect = (who: keyof typeof PEOPLE, page: string) => {
    const c = client(wsUrlOf(studio.url), PEOPLE[who].token, page);
    clients.push(c);
    return c;
  };
  const git = (...args: string[]) => execFileSync("git", args, {cwd: ws.root}).toString().trim();
  const current = () => readlinkSync(join(ws.root, "published/current"));
  const overview = async () => (await asPerson(studio, "rob", "/studio/api/review")).body as {versions: {number: number; state: string; writers: {id: string}[]; authors: {path: string; people: {id: string}[]}[]; failure: string | null}[]; log: {action: string; version: number; person: {id: string} | null; detail: Record<string, unknown>}[]; current: number | null};
  const site = async (path: string) => {
    const response = await fetch(new URL(path, studio.url));
    return {status: response.status, text: await response.text(), headers: response.headers};
  };

  beforeAll(async () => {
    ws = await workspaceCopy({git: true});
    server = await workspaceStudio(ws);
    studio = server.studio;
  });
  afterAll(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await server?.stop();
    await ws?.cleanup();
  });

  const changes: Array<[string, Record<string, unknown>]> = [
    ["/studio/api/pages", {title: "Nieuw", template: "leeg"}],
    ["/studio/api/pages/rename", {page: "index.md", name: "thuis"}],
    ["/studio/api/pages/delete", {page: "gemeente/[code]/techniek.md", confirm: "gemeente/[code]/techniek.md"}],
    ["/studio/api/history/checkpoint", {page: "index.md", name: "bewaard"}],
    ["/studio/api/history/restore", {page: "index.md", kind: "checkpoint", id: 1}],
    ["/studio/api/review/offer", {description: "Versie"}],
    ["/studio/api/review/approve", {version: 1}],
    ["/studio/api/review/return", {version: 1, comment: "nee"}],
    ["/studio/api/review/publish", {version: 1}],
    ["/studio/api/review/rollback", {version: 1}]
  ];

  it("refuses a viewer's and a commenter's every change, and a reviewer's writing, with a Dutch reason", async () => {
    for (const who of ["vera", "cees"] as const) {
      for (const [path, body] of changes) {
        const answer = await asPerson(studio, who, path, body);
        expect(answer.status, `${who} ${path}`).toBe(403);
        expect(answer.body.error, `${who} ${path}`).toMatch(/^Alleen (redacteuren|redacteuren en controleurs) kunnen /);
      }
    }
    for (const [path, body] of changes.slice(0, 6)) {
      const answer = await asPerson(studio, "rob", path, body);
      expect(answer.status, `rob ${path}`).toBe(403);
      expect(answer.body.error).toMatch(/^Alleen redacteuren kunnen /);
    }
    // Nothing happened: no page, no version, no log entry.
    expect(existsSync(join(ws.root, "src/nieuw.md"))).toBe(false);
    expect(existsSync(join(ws.root, "src/gemeente/[code]/techniek.md"))).toBe(true);
    expect((await overview()).log).toEqual([]);
    // Without credentials: not signed in.
    const anonymous = await fetch(new URL("/studio/api/review/offer", studio.url), {method: "POST", headers: {"content-type": "application/json", origin: new URL(studio.url).origin}, body: "{}"});
    expect(anonymous.status).toBe(401);
  });

  it("drops a reviewer's text edits on the server: a reviewer comments but never writes", async () => {
    const anna = connect("anna", "index.md");
    const rob = connect("rob", "index.md");
    await Promise.all([settled(anna), settled(rob)]);
    const before = anna.text.toString();
    rob.text.insert(0, "Door Rob. ");
    await until(() => rob.provider.hasUnsyncedChanges === true, "Rob's edit to be sent");
    createThread(anna.doc, {from: 0, to: 3}, {id: "anna", name: "Anna de Vries"}, "Een vraag van Anna.");
    await until(() => listThreads(rob.doc).length === 1, "Anna's comment reaches Rob");
    expect(anna.text.toString()).toBe(before);
    expect(studio.document("index.md")!.getText("text").toString()).toBe(before);
    anna.destroy();
    rob.destroy();
  });

  it("makes notebooks from each template under checked names", async () => {
    const made = [];
    for (const [title, template] of [["Notitie over schulden", "leeg"], ["Woningwaarde per wijk", "gemeente"], ["Bereik bijzondere bijstand", "regeling"]]) {
      const answer = await asPerson(studio, "anna", "/studio/api/pages", {title, template});
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      made.push(answer.body.page);
    }
    expect(made).toEqual(["notitie-over-schulden.md", "gemeente/[code]/woningwaarde-per-wijk.md", "gemeente/[code]/bereik-bijzondere-bijstand.md"]);
    const text = readFileSync(join(ws.root, "src/gemeente/[code]/woningwaarde-per-wijk.md"), "utf8");
    expect(text).toMatch(/^---\ntitle: "Woningwaarde per wijk"\n/);
    expect(text).not.toMatch(/kwb-gm9999|GM9999|84799NED/); // generic: no dataset names or CBS keys
    expect(readFileSync(join(ws.root, "src/gemeente/[code]/bereik-bijzondere-bijstand.md"), "utf8")).toContain("vereist: regelingen");
    const pages = (await asPerson(studio, "anna", "/studio/api/pages")).body.pages as {path: string; title: string; group: string}[];
    expect(pages.find((p) => p.path === "gemeente/[code]/woningwaarde-per-wijk.md")).toMatchObject({title: "Woningwaarde per wijk", group: "Per gemeente"});

    const refused = async (body: Record<string, unknown>, status: number, reason: RegExp) => {
      const answer = await asPerson(studio, "bram", "/studio/api/pages", body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error).toMatch(reason);
    };
    await refused({title: "Woningwaarde per wijk", template: "gemeente"}, 409, /^Er is al een pagina gemeente\/\[code\]\/woningwaarde-per-wijk\.md/);
    await refused({title: "Iets", template: "leeg", name: "../../etc/passwd"}, 400, /geen geldige bestandsnaam/);
    await refused({title: "Iets", template: "leeg", name: "index"}, 400, /gereserveerd/);
    await refused({title: "Iets", template: "leeg", name: ".verborgen"}, 400, /geen geldige bestandsnaam/);
    await refused({title: "${process.env}", template: "leeg"}, 400, /alleen letters, cijfers/);
    await refused({title: "", template: "leeg"}, 400, /Geef de notebook een titel/);
    await refused({title: "Iets", template: "onbekend"}, 400, /Onbekend sjabloon/);
    expect(existsSync(join(ws.root, "etc/passwd"))).toBe(false);
  });

  it("freezes a version on offer, with who edited what, and refuses a second one while it waits", async () => {
    const anna = connect("anna", "gemeente/[code]/armoede.md");
    const bram = connect("bram", "index.md");
    await Promise.all([settled(anna), settled(bram)]);
    anna.text.insert(anna.text.length, "\nAnna schreef deze zin.\n");
    bram.text.insert(bram.text.length, "\nBram schreef deze zin.\n");
    await Promise.all([settled(anna), settled(bram)]);

    const refused = await asPerson(studio, "anna", "/studio/api/review/offer", {description: "  "});
    expect(refused).toMatchObject({status: 400, body: {error: expect.stringMatching(/korte omschrijving/)}});
    const offered = await asPerson(studio, "anna", "/studio/api/review/offer", {description: "Eerste versie met drie nieuwe notebooks"});
    expect(offered).toEqual({status: 200, body: {version: 1}});
    // Typed after the offer: not in version 1.
    anna.text.insert(anna.text.length, "\nNa het aanbieden.\n");
    await settled(anna);

    const again = await asPerson(studio, "bram", "/studio/api/review/offer", {description: "Nog een"});
    expect(again).toMatchObject({status: 409, body: {error: "Versie 1 wacht al op controle; keur die eerst goed of stuur haar terug."}});
    const v1 = (await overview()).versions[0];
    expect(v1.state).toBe("offered");
    expect(v1.authors).toEqual([
      {path: "gemeente/[code]/armoede.md", people: [{id: "anna", name: "Anna de Vries"}]},
      {path: "gemeente/[code]/bereik-bijzondere-bijstand.md", people: [{id: "anna", name: "Anna de Vries"}]},
      {path: "gemeente/[code]/woningwaarde-per-wijk.md", people: [{id: "anna", name: "Anna de Vries"}]},
      {path: "index.md", people: [{id: "bram", name: "Bram Janssen"}]},
      {path: "notitie-over-schulden.md", people: [{id: "anna", name: "Anna de Vries"}]}
    ]);
    const diff = (await asPerson(studio, "rob", "/studio/api/review/diff?version=1")).body as {against: number | null; changes: {path: string; status: string}[]};
    expect(diff.against).toBeNull();
    expect(diff.changes.map((c) => c.path)).toContain("notitie-over-schulden.md");
  });

  it("refuses approval by the person who offered it and by anyone who wrote in it", async () => {
    const own = await asPerson(studio, "anna", "/studio/api/review/approve", {version: 1});
    expect(own).toMatchObject({status: 403, body: {error: expect.stringMatching(/^Je kunt een versie die je zelf hebt aangeboden niet goedkeuren/)}});
    const writer = await asPerson(studio, "bram", "/studio/api/review/approve", {version: 1});
    expect(writer).toMatchObject({status: 403, body: {error: "Je kunt deze versie niet goedkeuren: je hebt er zelf aan geschreven (index.md). Iemand anders moet haar controleren."}});
    const noComment = await asPerson(studio, "rob", "/studio/api/review/return", {version: 1, comment: ""});
    expect(noComment).toMatchObject({status: 400, body: {error: "Schrijf erbij waarom je de versie terugstuurt."}});
    expect((await overview()).log.map((e) => e.action)).toEqual(["offered"]);
  });

  it("publishes on approval: a build of the frozen version into published/1, current switched, the site served with its publication line", async () => {
    const approved = await asPerson(studio, "rob", "/studio/api/review/approve", {version: 1, comment: "Ziet er goed uit."});
    expect(approved.status).toBe(200);
    await studio.review.idle();
    const state = await overview();
    expect(state.versions[0], state.versions[0].failure ?? "").toMatchObject({state: "published"});
    expect(state.log.map((e) => e.action)).toEqual(["offered", "approved", "build-started", "published"]);
    expect(current()).toBe("1");
    expect(existsSync(join(ws.root, "published/.staging")) ? (await import("node:fs")).readdirSync(join(ws.root, "published/.staging")) : []).toEqual([]);

    const home = await site("/site/");
    expect(home.status).toBe(200);
    expect(home.text).toMatch(/Gepubliceerd op \d{1,2} \w+ \d{4} om \d\d:\d\d · versie 1 · gecontroleerd door Rob Smit/);
    expect(home.headers.get("content-security-policy")).toMatch(/^sandbox allow-scripts/);
    const study = await site("/site/gemeente/GM9999/armoede");
    expect(study.text).toContain("Anna schreef deze zin.");
    expect(study.text).not.toContain("Na het aanbieden."); // the version, not the working tree
    for (const page of ["/site/notitie-over-schulden", "/site/gemeente/GM9999/woningwaarde-per-wijk", "/site/gemeente/GM9999/bereik-bijzondere-bijstand"]) {
      const built = await site(page);
      expect(built.status, page).toBe(200);
      expect(built.text, page).toContain("versie 1 · gecontroleerd door Rob Smit");
    }
    expect((await site("/site")).status).toBe(200); // redirected to /site/
    expect((await fetch(new URL("/site/index.html", studio.url), {method: "POST"})).status).toBe(405);

    const versions = await site("/site/versies");
    expect(versions.text).toContain("Eerste versie met drie nieuwe notebooks");
    expect(versions.text).toMatch(/<td>gepubliceerd<\/td><td>Rob Smit<\/td>/);
    expect(versions.text).toContain("Ziet er goed uit.");
  });

  it("commits the version's pages with a Reviewed-by trailer and tags it, without pushing", () => {
    const message = git("log", "-1", "--format=%B");
    expect(message).toMatch(/^Publicatie versie 1: Eerste versie met drie nieuwe notebooks\n/);
    expect(message).toContain("Reviewed-by: Rob Smit <rob@studio.invalid>");
    expect(git("log", "-1", "--format=%an|%cn")).toBe("Anna de Vries|Rob Smit");
    expect(git("tag", "--points-at", "HEAD")).toBe("publicatie-1");
    expect(git("show", "HEAD:src/notitie-over-schulden.md")).toContain('title: "Notitie over schulden"');
    expect(git("show", "HEAD:src/gemeente/[code]/armoede.md")).toContain("Anna schreef deze zin.");
    expect(git("show", "HEAD:src/gemeente/[code]/armoede.md")).not.toContain("Na het aanbieden.");
    expect(git("remote")).toBe("");
    // The working tree keeps what people typed since: only that shows as a change.
    expect(git("status", "--short", "--", "src")).toBe("M src/gemeente/[code]/armoede.md");
  });

  it("counts edits after the offer toward the next version, and sends a version back with a comment", async () => {
    const offered = await asPerson(studio, "bram", "/studio/api/review/offer", {description: "Tweede versie"});
    expect(offered).toEqual({status: 200, body: {version: 2}});
    const v2 = (await overview()).versions[1];
    expect(v2.writers.map((p) => p.id)).toEqual(["anna"]); // "Na het aanbieden.", typed after version 1 froze
    const back = await asPerson(studio, "cees", "/studio/api/review/return", {version: 2, comment: "Nee"});
    expect(back.status).toBe(403);
    expect(await asPerson(studio, "rob", "/studio/api/review/return", {version: 2, comment: "De tweede zin klopt niet."})).toEqual({status: 200, body: {}});
    const state = await overview();
    expect(state.versions[1].state).toBe("returned");
    expect(state.log.at(-1)).toMatchObject({action: "returned", version: 2, person: {id: "rob"}, detail: {comment: "De tweede zin klopt niet."}});
    expect(current()).toBe("1");
  });

  it("keeps current when the privacy gate refuses a version, and says why in Dutch", async () => {
    const anna = connect("anna", "notitie-over-schulden.md");
    await settled(anna);
    anna.text.insert(anna.text.length, '\n```js\nconst ruw = FileAttachment("../data/private/voorbeeldstad-regelingen.csv").csv();\n```\n');
    await settled(anna);
    await until(() => readFileSync(join(ws.root, "src/notitie-over-schulden.md"), "utf8").includes("private/"), "write-through");
    expect((await asPerson(studio, "anna", "/studio/api/review/offer", {description: "Met ruwe gegevens"})).status).toBe(200);
    expect((await asPerson(studio, "rob", "/studio/api/review/approve", {version: 3})).status).toBe(200);
    await studio.review.idle();
    const v3 = (await overview()).versions[2];
    expect(v3.state).toBe("failed");
    expect(v3.failure).toMatch(/^De privacycontrole weigert deze versie te publiceren:\n- src\/notitie-over-schulden\.md, regel \d+: deze pagina leest een privébestand/);
    expect(current()).toBe("1");
    expect((await site("/site/")).text).toContain("versie 1 · gecontroleerd door Rob Smit");
    expect(existsSync(join(ws.root, "published/3"))).toBe(false);
    expect((await site("/site/versies")).text).toContain("publicatie mislukt");
    // Fixed and offered again: a version, not a retry of the refused one.
    anna.text.delete(anna.text.toString().indexOf("\n```js\nconst ruw"), anna.text.toString().length - anna.text.toString().indexOf("\n```js\nconst ruw"));
    await settled(anna);
  });

  it("publishes a second version and rolls back to the first, logging both", async () => {
    expect((await asPerson(studio, "bram", "/studio/api/review/offer", {description: "Zonder ruwe gegevens"})).body).toEqual({version: 4});
    expect((await asPerson(studio, "rob", "/studio/api/review/rollback", {version: 2})).status).toBe(404); // never published
    expect((await asPerson(studio, "rob", "/studio/api/review/approve", {version: 4})).status).toBe(200);
    await studio.review.idle();
    expect(current()).toBe("4");
    expect((await site("/site/")).text).toContain("versie 4 · gecontroleerd door Rob Smit");
    expect(git("tag", "--points-at", "HEAD")).toBe("publicatie-4");

    expect(await asPerson(studio, "rob", "/studio/api/review/rollback", {version: 1})).toEqual({status: 200, body: {}});
    expect(current()).toBe("1");
    expect((await site("/site/")).text).toContain("versie 1 · gecontroleerd door Rob Smit");
    const state = await overview();
    expect(state.current).toBe(1);
    expect(state.log.at(-1)).toMatchObject({action: "rolled-back", version: 1, person: {id: "rob"}, detail: {from: 4}});
    expect((await asPerson(studio, "rob", "/studio/api/review/rollback", {version: 1})).body.error).toBe("Versie 1 is al de gepubliceerde versie.");
    expect((await site("/site/versies")).text).toContain("terug naar versie 1 (was versie 4)");
    expect((await asPerson(studio, "anna", "/studio/api/review/offer", {description: "Niets nieuws"})).body.error).toBe("Er is niets veranderd sinds de publicatie van versie 4.");
  });

  it("keeps a checkpoint, compares it and restores it as the restorer's edit", async () => {
    const saved = await asPerson(studio, "bram", "/studio/api/history/checkpoint", {page: "index.md", name: "Vóór het schrappen"});
    expect(saved.status).toBe(200);
    const bram = connect("bram", "index.md");
    await settled(bram);
    const before = bram.text.toString();
    bram.text.delete(0, bram.text.length);
    bram.text.insert(0, "# Buurtboek\n\nKort.\n");
    await settled(bram);
    const entries = (await asPerson(studio, "anna", "/studio/api/history?page=index.md")).body.entries as {kind: string; id: number; label: string}[];
    const checkpoint = entries.find((e) => e.kind === "checkpoint")!;
    expect(checkpoint.label).toBe("Bewaard: Vóór het schrappen");
    expect(entries.filter((e) => e.kind === "versie").map((e) => e.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^Versie 1 \(gepubliceerd, live\)/)]));
    const diff = (await asPerson(studio, "anna", `/studio/api/history/diff?page=index.md&kind=checkpoint&id=${checkpoint.id}`)).body as {same: boolean; parts: {op: string; text: string}[]};
    expect(diff.same).toBe(false);
    expect(diff.parts.filter((p) => p.op === "+").map((p) => p.text).join("")).toBe("Kort.\n");
    expect(await asPerson(studio, "vera", "/studio/api/history/restore", {page: "index.md", kind: "checkpoint", id: checkpoint.id})).toMatchObject({status: 403});
    expect(await asPerson(studio, "anna", "/studio/api/history/restore", {page: "index.md", kind: "checkpoint", id: checkpoint.id})).toEqual({status: 200, body: {}});
    await until(() => bram.text.toString() === before, "restored text reaches Bram");
    expect((await asPerson(studio, "anna", "/studio/api/history/restore", {page: "index.md", kind: "checkpoint", id: 999})).status).toBe(404);
    // Back to the published text: nothing to offer. Restoring is Anna's edit: she cannot approve a version that holds it.
    expect((await asPerson(studio, "bram", "/studio/api/review/offer", {description: "Hersteld"})).status).toBe(409);
    bram.text.insert(bram.text.length, "\nEen nieuwe slotzin.\n");
    await settled(bram);
    expect((await asPerson(studio, "bram", "/studio/api/review/offer", {description: "Hersteld, met een slotzin"})).status).toBe(200);
    const v5 = (await overview()).versions[4];
    expect(v5.authors.find((a) => a.path === "index.md")!.people.map((p) => p.id).sort()).toEqual(["anna", "bram"]);
    expect((await asPerson(studio, "anna", "/studio/api/review/approve", {version: 5})).status).toBe(403);
    expect((await asPerson(studio, "rob", "/studio/api/review/return", {version: 5, comment: "Later."})).status).toBe(200);
  });

  it("renames a page with its comments and history, and deletes one keeping its text and comments in the archive", async () => {
    const anna = connect("anna", "gemeente/[code]/woningwaarde-per-wijk.md");
    await settled(anna);
    createThread(anna.doc, {from: 4, to: 10}, {id: "anna", name: "Anna de Vries"}, "Klopt deze titel?");
    await settled(anna);
    const renamed = await asPerson(studio, "bram", "/studio/api/pages/rename", {page: "gemeente/[code]/woningwaarde-per-wijk.md", name: "woz-per-wijk"});
    expect(renamed).toEqual({status: 200, body: {page: "gemeente/[code]/woz-per-wijk.md"}});
    expect(existsSync(join(ws.root, "src/gemeente/[code]/woningwaarde-per-wijk.md"))).toBe(false);
    const moved = connect("cees", "gemeente/[code]/woz-per-wijk.md");
    await settled(moved);
    expect(listThreads(moved.doc).map((t) => t.replies[0].text)).toEqual(["Klopt deze titel?"]);
    expect(moved.text.toString()).toBe(readFileSync(join(ws.root, "src/gemeente/[code]/woz-per-wijk.md"), "utf8"));
    const history = (await asPerson(studio, "anna", "/studio/api/history?page=gemeente/[code]/woz-per-wijk.md")).body.entries as {kind: string; page: string}[];
    expect(history.some((e) => e.kind === "archief" && e.page === "gemeente/[code]/woningwaarde-per-wijk.md")).toBe(true);
    expect(history.some((e) => e.kind === "versie" && e.page === "gemeente/[code]/woningwaarde-per-wijk.md")).toBe(true);
    expect((await asPerson(studio, "bram", "/studio/api/pages/rename", {page: "gemeente/[code]/woz-per-wijk.md", name: "armoede"})).body.error).toMatch(/^Er is al een pagina gemeente\/\[code\]\/armoede\.md/);

    expect((await asPerson(studio, "bram", "/studio/api/pages/delete", {page: "gemeente/[code]/woz-per-wijk.md", confirm: "ja"})).body.error).toMatch(/^Bevestig het verwijderen/);
    expect(await asPerson(studio, "bram", "/studio/api/pages/delete", {page: "gemeente/[code]/woz-per-wijk.md", confirm: "gemeente/[code]/woz-per-wijk.md"})).toEqual({status: 200, body: {}});
    expect(existsSync(join(ws.root, "src/gemeente/[code]/woz-per-wijk.md"))).toBe(false);
    const archived = await studio.journal.archived();
    expect(archived.at(-1)).toMatchObject({page: "gemeente/[code]/woz-per-wijk.md", action: "deleted", person: {id: "bram"}});
    expect((archived.at(-1)!.comments as {replies: {text: string}[]}[])[0].replies[0].text).toBe("Klopt deze titel?");
    expect((await asPerson(studio, "anna", "/studio/api/pages")).body.pages).not.toContainEqual(expect.objectContaining({path: "gemeente/[code]/woz-per-wijk.md"}));
    expect((await asPerson(studio, "bram", "/studio/api/pages/delete", {page: "../package.json", confirm: "../package.json"})).status).toBe(404);

    // Deleted pages can come back, comments and all.
    const deleted = (await asPerson(studio, "anna", "/studio/api/pages")).body.deleted as {id: number; page: string; comments: number}[];
    expect(deleted).toEqual([expect.objectContaining({page: "gemeente/[code]/woz-per-wijk.md", comments: 1})]);
    expect((await asPerson(studio, "vera", "/studio/api/pages/undelete", {id: deleted[0].id})).status).toBe(403);
    expect(await asPerson(studio, "anna", "/studio/api/pages/undelete", {id: deleted[0].id})).toEqual({status: 200, body: {page: "gemeente/[code]/woz-per-wijk.md"}});
    const back = connect("cees", "gemeente/[code]/woz-per-wijk.md");
    await settled(back);
    expect(listThreads(back.doc).map((t) => t.replies[0].text)).toEqual(["Klopt deze titel?"]);
    expect((await asPerson(studio, "anna", "/studio/api/pages")).body.deleted).toEqual([]);
    expect((await asPerson(studio, "anna", "/studio/api/pages/undelete", {id: deleted[0].id})).status).toBe(409);
  });

  it("keeps the publication log append-only in the database itself", async () => {
    const db = new Database(join(ws.root, ".buurtboek/studio.sqlite"));
    try {
      expect(() => db.prepare("UPDATE studio_log SET person_name = 'Iemand anders'").run()).toThrow(/append-only/);
      expect(() => db.prepare("DELETE FROM studio_log").run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE studio_versions SET description = 'anders'").run()).toThrow(/append-only/);
      expect(() => db.prepare("DELETE FROM studio_edits").run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await overview()).log.length).toBeGreaterThanOrEqual(10);
  });
});
