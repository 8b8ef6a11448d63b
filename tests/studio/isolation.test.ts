import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import type {Browser, Frame} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Studio} from "../../studio/server/server.js";
import {launchBrowser, watchedPage, type WatchedPage} from "../support/browser.js";
import {PAGE, studio, USERS, workspace} from "./helpers.js";

/**
 * Page code is written by editors and runs in the preview. This suite puts an attacker's script in the
 * previewed page (served by a stand-in for Framework's preview server, as Framework would serve a page) and
 * checks, in Chromium, that it cannot read the signed-in reader's credential and cannot open a Studio socket
 * as them. The same probe run in the editor's own frame does get a socket (the positive control): the probe
 * would notice a leak.
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

describe("preview isolation in Chromium", () => {
  let ws: ReturnType<typeof workspace>;
  let framework: Server;
  let server: Studio;
  let browser: Browser;
  let anna: WatchedPage;
  let studioOrigin = "";

  beforeAll(async () => {
    ws = workspace();
    // Stands in for Framework's preview server: every page is the attacker's, in Framework's own HTML frame.
    framework = createServer((_req, res) => {
      res.writeHead(200, {"content-type": "text/html; charset=utf-8"});
      res.end(`<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">\n</head><body><h1>Voorbeeld</h1><script>${probeScript(studioOrigin, PAGE)}</script></body></html>`);
    });
    await new Promise<void>((ok) => framework.listen(0, "127.0.0.1", ok));
    server = await studio(ws.root, {previewUrl: `http://127.0.0.1:${(framework.address() as AddressInfo).port}`});
    studioOrigin = new URL(server.url).origin;
    browser = await launchBrowser();
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
    await expect.poll(() => (frame = anna.page.frames().find((f) => f.url().startsWith(previewOrigin)))).toBeTruthy();
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
