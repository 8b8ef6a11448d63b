import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import type {Browser, Frame, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Studio} from "../../studio/server/server.js";
import {listThreads} from "../../studio/shared/comments.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {PAGE, studio, USERS, workspace} from "./helpers.js";

/**
 * Page code is written by editors and runs in the preview. This suite puts an attacker's script in the
 * previewed page (served by a stand-in for Framework's preview server, as Framework would serve a page) and
 * checks, in Chromium, that it cannot read the signed-in reader's credential and cannot open a Studio socket
 * as them; that it cannot set, shadow or replace her session (cookie writes with every path, domain and name
 * variant, carrying another editor's real session), sign her out, or sign her in as someone else (form posts
 * and no-cors fetches to the Studio API, `#token=` links in popups and in the top frame); and after each attack
 * asks `/studio/api/me` (through the editor itself, reloaded) who she is. The same probe run in the editor's own
 * frame does get a socket (the positive control): the probe would notice a leak.
 */

interface Probe {
  cookie: string;
  storage: string;
  parent: string;
  api: string;
  socket: string;
  lang: string;
  viewport: string;
}

/** The attacker's code: collects what it can reach and tries to open a collaboration socket as the reader. */
function probeScript(studioOrigin: string, page: string): string {
  return `
(async () => {
  const out = {};
  out.cookie = document.cookie;
  out.storage = JSON.stringify(Object.assign({}, localStorage));
  try { out.parent = JSON.stringify(Object.assign({}, window.parent.localStorage)) + " " + window.parent.location.href; } catch (e) { out.parent = "blocked: " + e.name; }
  // What this origin's script knows of the session's CSRF token: the editor's own frame has it, the preview not.
  let csrf = "-";
  try { csrf = JSON.parse(localStorage.getItem("buurtboek-studio-session") ?? "null")?.csrf ?? "-"; } catch {}
  try { const r = await fetch(${JSON.stringify(studioOrigin)} + "/studio/api/me", {credentials: "include", headers: {"x-studio-csrf": csrf}}); out.api = r.status + " " + await r.text(); } catch (e) { out.api = "blocked: " + e.name; }
  out.socket = await new Promise((done) => {
    const ws = new WebSocket(${JSON.stringify(studioOrigin.replace(/^http/, "ws"))} + "/studio/collab");
    ws.binaryType = "arraybuffer";
    const name = new TextEncoder().encode(${JSON.stringify(page)});
    const token = new TextEncoder().encode(csrf);
    ws.onopen = () => ws.send(new Uint8Array([name.length, ...name, 2, 0, token.length, ...token])); // auth frame: the CSRF token names the cookie
    ws.onmessage = (e) => {
      const bytes = new Uint8Array(e.data);
      const type = bytes[1 + bytes[0]];
      const authType = bytes[2 + bytes[0]];
      done(type === 2 && authType === 2 ? "authenticated" : type === 2 ? "denied" : "message " + type);
    };
    ws.onclose = (e) => done("closed " + e.code);
    setTimeout(() => done("no answer"), 5000);
  });
  out.lang = document.documentElement.lang;
  out.viewport = document.querySelector('meta[name="viewport"]')?.content ?? "";
  window.probe = out;
})();`;
}

/** Names, paths and Domain attributes page code might use to shadow the session cookie on 127.0.0.1. */
const COOKIE_NAMES = ["buurtboek_studio", "__Host-buurtboek_studio", "__Secure-buurtboek_studio", " buurtboek_studio"];
const COOKIE_PATHS = ["/", "/studio", "/studio/", "/studio/api", "/studio/api/", "/studio/api/me", "/studio/api/login", "/studio/api/pages", "/studio/collab", "/studio/app.js"];
const COOKIE_DOMAINS = ["", "; domain=127.0.0.1", "; domain=.127.0.0.1", "; domain=0.0.1", "; domain=localhost"];

/** Page code that writes `value` under every cookie variant (nameless cookies too), then reports what it sees. */
function tossScript(value: string): string {
  return `
const value = ${JSON.stringify(value)};
for (const path of ${JSON.stringify(COOKIE_PATHS)}) {
  for (const domain of ${JSON.stringify(COOKIE_DOMAINS)}) {
    for (const name of ${JSON.stringify(COOKIE_NAMES)}) document.cookie = name + "=" + encodeURIComponent(value) + "; path=" + path + domain + "; SameSite=Strict";
    // A nameless cookie whose value looks like name=value: sent as "buurtboek_studio=...".
    document.cookie = "=buurtboek_studio=" + encodeURIComponent(value) + "; path=" + path + domain;
  }
}
// Deleting or expiring the real one (HttpOnly, path /studio) is a write too.
document.cookie = "buurtboek_studio=; path=/studio; max-age=0";
document.cookie = "buurtboek_studio=; path=/studio; expires=Thu, 01 Jan 1970 00:00:00 GMT";
window.done = document.cookie;`;
}

/** Page code that posts to the Studio API the ways a page can: forms (three encodings) and no-cors fetches. */
function formScript(studioOrigin: string, token: string): string {
  return `
(async () => {
  const api = ${JSON.stringify(studioOrigin)} + "/studio/api/";
  const token = ${JSON.stringify(token)};
  const submit = (action, enctype, fields) => new Promise((done) => {
    const sink = document.createElement("iframe");
    sink.name = "sink" + Math.random().toString(36).slice(2);
    document.body.append(sink);
    const form = document.createElement("form");
    Object.assign(form, {method: "post", action: api + action, enctype, target: sink.name});
    for (const [name, value] of fields) form.append(Object.assign(document.createElement("input"), {type: "hidden", name, value}));
    document.body.append(form);
    sink.onload = () => done();
    form.submit();
    setTimeout(done, 3000);
  });
  // text/plain forms can send a body that parses as JSON: name + "=" + value.
  await submit("login", "text/plain", [['{"token":"' + token + '","x":"', '"}']]);
  await submit("login", "application/x-www-form-urlencoded", [["token", token]]);
  await submit("login", "multipart/form-data", [["token", token]]);
  await submit("logout", "application/x-www-form-urlencoded", [["x", "1"]]);
  const results = [];
  for (const [action, body] of [["login", JSON.stringify({token})], ["logout", "{}"]]) {
    try { const r = await fetch(api + action, {method: "POST", mode: "no-cors", credentials: "include", headers: {"content-type": "text/plain"}, body}); results.push(action + " " + r.type); } catch (e) { results.push(action + " " + e.name); }
    try { await fetch(api + action, {method: "POST", credentials: "include", headers: {"content-type": "application/json", "x-studio-csrf": "-"}, body}); results.push(action + " read"); } catch (e) { results.push(action + " preflight " + e.name); }
  }
  window.done = results;
})();`;
}

/** Page code that tries to open a `#token=` link in the top frame and in popups (with and without a click). */
function linkScript(link: string): string {
  return `
const out = {};
try { top.location.href = ${JSON.stringify(link)}; out.assign = "no error"; } catch (e) { out.assign = e.name; }
try { const w = window.open(${JSON.stringify(link)}, "_top"); out.openTop = w ? "opened" : "null"; } catch (e) { out.openTop = e.name; }
for (const target of ["_top", "_blank"]) {
  const a = Object.assign(document.createElement("a"), {href: ${JSON.stringify(link)}, target, id: "link" + target, textContent: "Bron (" + target + ")"});
  document.body.append(a, document.createElement("br"));
}
out.popup = window.open(${JSON.stringify(link)}) ? "opened" : "blocked";
window.done = out;`;
}

describe("preview isolation in Chromium", () => {
  let ws: ReturnType<typeof workspace>;
  let framework: Server;
  let server: Studio;
  let browser: Browser;
  let anna: WatchedPage;
  let studioOrigin = "";
  let bramSession = "";

  beforeAll(async () => {
    ws = workspace();
    // Stands in for Framework's preview server: every page is the attacker's, in Framework's own HTML frame.
    framework = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const link = `${studioOrigin}/studio/#token=${USERS.bram.token}&page=${PAGE}`;
      const script =
        url.pathname === "/aanval/koekjes" ? tossScript(url.searchParams.get("waarde") === "token" ? USERS.bram.token : bramSession)
        : url.pathname === "/aanval/formulieren" ? formScript(studioOrigin, USERS.bram.token)
        : url.pathname === "/aanval/links" ? linkScript(link)
        : url.pathname === "/aanval/vloed" ? `for (let i = 0; i < 400; i++) document.cookie = "vloed" + i + "=1; path=/"; window.done = true;`
        : probeScript(studioOrigin, PAGE);
      res.writeHead(200, {"content-type": "text/html; charset=utf-8"});
      res.end(`<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">\n</head><body><h1>Voorbeeld</h1><script>${script}</script></body></html>`);
    });
    await new Promise<void>((ok) => framework.listen(0, "127.0.0.1", ok));
    server = await studio(ws.root, {previewUrl: `http://127.0.0.1:${(framework.address() as AddressInfo).port}`});
    studioOrigin = new URL(server.url).origin;
    browser = await launchBrowser();
    // Bram, another editor, signs in in his own browser: his real session is what his page code tosses to Anna.
    const bram = await watchedPage(browser);
    await bram.page.goto(`${server.url}#token=${USERS.bram.token}&page=${PAGE}`);
    await bram.page.locator(".cm-content").getByText("Armoede per wijk").waitFor();
    bramSession = (await bram.context.cookies(server.url)).find((c) => c.name === "buurtboek_studio")!.value;
    await bram.context.close();
    anna = await watchedPage(browser);
    await anna.page.goto(`${server.url}#token=${USERS.anna.token}&page=${PAGE}`);
    await anna.page.locator(".cm-content").getByText("Armoede per wijk").waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((ok) => framework?.close(ok));
    ws?.cleanup();
  });

  const previewFrame = async (): Promise<Frame> => {
    const previewOrigin = `http://127.0.0.1:${server.previewPort}`;
    let frame: Frame | undefined;
    // Entered: past /__studio/enter, which sets the preview's ticket cookie.
    await expect.poll(() => (frame = anna.page.frames().find((f) => f.url().startsWith(previewOrigin) && !f.url().includes("/__studio/enter")))).toBeTruthy();
    await frame!.waitForLoadState();
    return frame!;
  };

  it("takes the token out of the address bar and keeps it only in an HttpOnly cookie", async () => {
    expect(anna.page.url()).not.toContain(USERS.anna.token);
    expect(anna.page.url()).toContain(`page=${PAGE}`);
    const {cookie, storage} = await anna.page.evaluate(() => ({cookie: document.cookie, storage: JSON.stringify({...localStorage, ...sessionStorage})}));
    expect(cookie).not.toContain(USERS.anna.token);
    expect(storage).not.toContain(USERS.anna.token);
    const cookies = await anna.context.cookies(server.url);
    const session = cookies.find((c) => c.name === "buurtboek_studio");
    expect(session).toMatchObject({value: expect.stringMatching(new RegExp(`^[\\w-]{24}\\.${USERS.anna.token}$`)), httpOnly: true, sameSite: "Strict", path: "/studio"});
  });

  it("serves the editor under a Content-Security-Policy it does not violate", async () => {
    const response = await anna.page.request.get(server.url);
    const policy = response.headers()["content-security-policy"];
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain(`frame-src http://127.0.0.1:${server.previewPort}`);
    expect(policy).toContain("frame-ancestors 'none'");
    // (The preview frame's probe logs its own refused requests; none of the errors may be the editor's CSP.)
    expect(anna.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  it("runs the preview on another origin, where page code cannot read the credential or open a Studio socket", async () => {
    const frame = await previewFrame();
    expect(new URL(frame.url()).origin).not.toBe(studioOrigin);
    await frame.waitForFunction(() => "probe" in window, undefined, {timeout: 15_000});
    const probe = (await frame.evaluate(() => (window as unknown as {probe: Probe}).probe)) as Probe;
    expect(probe.cookie).not.toContain(USERS.anna.token);
    expect(probe.storage).not.toContain(USERS.anna.token);
    expect(probe.parent).toMatch(/^blocked: SecurityError/);
    expect(probe.api).toMatch(/^blocked: TypeError/); // no CORS: the answer is unreadable
    expect(probe.socket).toBe("closed 1006"); // refused at the handshake: wrong Origin
    // The preview shows the page as the build would: Dutch, zoomable.
    expect(probe.lang).toBe("nl");
    expect(probe.viewport).toBe("width=device-width, initial-scale=1");
  });

  /** Loads `path` of the preview origin in the preview frame, as a link in the page would, and waits for its script. */
  const attack = async (path: string): Promise<unknown> => {
    const frame = await previewFrame();
    await frame.goto(`http://127.0.0.1:${server.previewPort}${path}`);
    await frame.waitForFunction(() => "done" in window, undefined, {timeout: 15_000});
    return frame.evaluate(() => (window as unknown as {done: unknown}).done);
  };

  /** Who the editor says Anna is after a reload (through its own API wrapper), and who `/studio/api/me` says. */
  const whoIsAnna = async (): Promise<{shown: string; me: string}> => {
    // A reload, not a same-document navigation: the editor starts afresh and opens a new socket.
    await anna.page.goto(`${server.url}#page=${PAGE}`);
    await anna.page.reload();
    await anna.page.locator(".cm-content").getByText("Armoede per wijk").waitFor();
    const shown = (await anna.page.locator("#whoami").textContent()) ?? "";
    const me = await anna.page.evaluate(async () => {
      const csrf = JSON.parse(localStorage.getItem("buurtboek-studio-session") ?? "null")?.csrf ?? "-";
      const r = await fetch("/studio/api/me", {headers: {"x-studio-csrf": csrf}});
      return r.ok ? ((await r.json()) as {id: string}).id : String(r.status);
    });
    return {shown, me};
  };

  const annaSession = async () => (await anna.context.cookies(server.url)).find((c) => c.name === "buurtboek_studio" && c.httpOnly)?.value;

  it("page code cannot shadow or replace the session with cookies of any path, domain or name", async () => {
    const before = await annaSession();
    expect(before).toMatch(new RegExp(`\\.${USERS.anna.token}$`));
    for (const waarde of ["sessie", "token"]) await attack(`/aanval/koekjes?waarde=${waarde}`);
    // The writes took: the browser now sends Studio several cookies that claim to be the session, Bram's among them.
    const sent = (await anna.context.cookies(`${studioOrigin}/studio/api/me`)).filter((c) => `${c.name}=${c.value}`.includes("buurtboek_studio"));
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.some((c) => c.value.includes(USERS.bram.token))).toBe(true);
    expect(await annaSession()).toBe(before);
    // Still Anna: for the editor, for the API, and for the collaboration socket (a comment is accepted under her name).
    expect(await whoIsAnna()).toEqual({shown: "Anna de Vries", me: "anna"});
    await anna.page.locator(".cm-content").click();
    await anna.page.keyboard.press("Control+Home");
    await anna.page.keyboard.press("Shift+End");
    await anna.page.locator("#new-comment").fill("Na het koekjesgooien");
    await anna.page.locator("#add-comment").click();
    await expect.poll(() => listThreads(server.document(PAGE)!).find((t) => t.replies[0]?.text === "Na het koekjesgooien")?.replies[0].author.id).toBe("anna");
    await expect.poll(() => anna.page.locator("#presence li").allTextContents()).toEqual(["Anna de Vries"]);
    // Flooding the cookie jar (Chromium keeps 180 per host) evicts ordinary cookies before the session (Priority=High).
    await attack("/aanval/vloed");
    expect((await anna.context.cookies(server.url)).filter((c) => c.name.startsWith("vloed")).length).toBeLessThan(400);
    expect(await annaSession()).toBe(before);
    expect(await whoIsAnna()).toEqual({shown: "Anna de Vries", me: "anna"});
    // The flood evicted the preview's own ticket (same host, ordinary priority); the next attacks need it back.
    await anna.context.clearCookies({name: /^vloed/});
    await whoIsAnna();

  });

  it("page code cannot sign anyone in or out with form posts or fetches to the Studio API", async () => {
    const before = await annaSession();
    const results = await attack("/aanval/formulieren");
    // The no-cors requests went out (and were refused); the ones with the CSRF header never left the browser.
    expect(results).toEqual(["login opaque", "login preflight TypeError", "logout opaque", "logout preflight TypeError"]);
    expect(await annaSession()).toBe(before);
    expect(await whoIsAnna()).toEqual({shown: "Anna de Vries", me: "anna"});
  });

  it("page code cannot use a #token= link in the top frame, and in a popup the editor asks before switching", async () => {
    const popups: Page[] = [];
    anna.context.on("page", (p) => popups.push(p));
    const editorUrl = anna.page.url();
    await attack("/aanval/links");
    const frame = await previewFrame();
    await frame.locator("#link_top").click(); // even with a click: the sandbox has no top navigation
    await frame.locator("#link_blank").click();
    await expect.poll(() => popups.length).toBe(2);
    for (const popup of popups) {
      const dialog = popup.locator("#switch");
      await dialog.waitFor({state: "visible"});
      expect(await popup.locator("#switch-question").textContent()).toBe("Je bent aangemeld als Anna de Vries. Wisselen naar Bram Janssen?");
      await popup.getByRole("button", {name: "Blijven als Anna de Vries"}).click();
      await popup.locator(".cm-content").getByText("Armoede per wijk").waitFor();
      expect(await popup.locator("#whoami").textContent()).toBe("Anna de Vries");
      expect(popup.url()).not.toContain(USERS.bram.token);
      await popup.close();
    }
    expect(anna.page.url()).toBe(editorUrl);
    expect(await whoIsAnna()).toEqual({shown: "Anna de Vries", me: "anna"});
  });

  it("asks before a #token= link signs in someone else where a session ended, and switches or signs out only when asked", async () => {
    const other = await watchedPage(browser);
    await other.page.goto(`${server.url}#token=${USERS.anna.token}&page=${PAGE}`);
    await other.page.locator(".cm-content").getByText("Armoede per wijk").waitFor();
    // The session cookie is gone (as if evicted), but this browser was signed in as Anna.
    await other.context.clearCookies();
    await other.page.goto(`${server.url}#token=${USERS.bram.token}&page=${PAGE}`);
    await other.page.locator("#switch").waitFor({state: "visible"});
    expect(await other.page.locator("#switch-question").textContent()).toBe("Je was aangemeld als Anna de Vries. Aanmelden als Bram Janssen?");
    await other.page.getByRole("button", {name: "Niet aanmelden"}).click();
    await other.page.locator("#login").waitFor({state: "visible"});
    // Asked again, and this time the person does want to switch.
    await other.page.goto(`${server.url}#token=${USERS.bram.token}&page=${PAGE}`);
    await other.page.getByRole("button", {name: "Aanmelden als Bram Janssen"}).click();
    await other.page.locator(".cm-content").getByText("Armoede per wijk").waitFor();
    expect(await other.page.locator("#whoami").textContent()).toBe("Bram Janssen");
    // Signed in: a link for someone else asks "Wisselen naar …?", and switching is one click.
    await other.page.goto(`${server.url}#token=${USERS.cees.token}&page=${PAGE}`);
    await other.page.locator("#switch").waitFor({state: "visible"});
    expect(await other.page.locator("#switch-question").textContent()).toBe("Je bent aangemeld als Bram Janssen. Wisselen naar Cees Bakker?");
    await other.page.getByRole("button", {name: "Wisselen naar Cees Bakker"}).click();
    await other.page.locator(".cm-content").getByText("Armoede per wijk").waitFor();
    expect(await other.page.locator("#whoami").textContent()).toBe("Cees Bakker");
    // Signing out clears the session and this browser's memory of it.
    await other.page.getByRole("button", {name: "Afmelden"}).click();
    await other.page.locator("#login").waitFor({state: "visible"});
    expect(await other.page.evaluate(() => localStorage.getItem("buurtboek-studio-session"))).toBeNull();
    expect((await other.context.cookies(server.url)).filter((c) => c.name === "buurtboek_studio")).toEqual([]);
    await other.context.close();
  });

  it("positive control: the same probe in the editor's own frame does get a socket as the reader", async () => {
    await anna.page.evaluate(probeScript(studioOrigin, PAGE));
    await anna.page.waitForFunction(() => "probe" in window);
    const probe = (await anna.page.evaluate(() => (window as unknown as {probe: Probe}).probe)) as Probe;
    expect(probe.socket).toBe("authenticated");
    expect(probe.api).toContain('"id":"anna"');
  });

  it("refuses the preview to a browser without a ticket", async () => {
    const other = await watchedPage(browser);
    const response = await other.page.goto(`http://127.0.0.1:${server.previewPort}/`);
    expect(response?.status()).toBe(401);
    const forged = await other.page.goto(`http://127.0.0.1:${server.previewPort}/__studio/enter?ticket=YW5uYQ.zzzzzzzz.forged&next=/`);
    expect(forged?.status()).toBe(401);
    await other.context.close();
  });
});
