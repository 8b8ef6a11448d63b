import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {CSRF_HEADER, csrfToken} from "../../studio/server/csrf.js";
import type {Studio} from "../../studio/server/server.js";
import {studio, USERS, workspace} from "./helpers.js";

/**
 * The Studio API's session and CSRF rules over real HTTP: a session counts only through the cookie its CSRF
 * token names, and state-changing requests need the Studio Origin and that token. (The browser side, with page
 * code in the preview trying the same, is isolation.test.ts.)
 */
describe("Studio API sessions and CSRF", () => {
  let ws: ReturnType<typeof workspace>;
  let server: Studio;
  let origin = "";

  beforeAll(async () => {
    ws = workspace();
    server = await studio(ws.root);
    origin = new URL(server.url).origin;
  });
  afterAll(async () => {
    await server?.close();
    ws?.cleanup();
  });

  const call = (path: string, init: {method?: string; headers?: Record<string, string>; body?: unknown} = {}) =>
    fetch(`${origin}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {"content-type": "application/json", ...init.headers},
      body: init.body === undefined ? undefined : JSON.stringify(init.body)
    });

  /** Signs in as a browser on the Studio origin would; returns the session cookie value and its CSRF token. */
  const signIn = async (token: string) => {
    const response = await call("/studio/api/login", {body: {token}, headers: {origin, [CSRF_HEADER]: "-", "sec-fetch-site": "same-origin"}});
    expect(response.status).toBe(200);
    const cookie = /^buurtboek_studio=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")![1];
    const {csrf} = (await response.json()) as {csrf: string};
    return {session: decodeURIComponent(cookie), csrf};
  };
  const me = async (headers: Record<string, string>) => {
    const response = await call("/studio/api/me", {headers});
    return response.ok ? ((await response.json()) as {id: string}).id : response.status;
  };

  it("gives every sign-in its own session and CSRF token", async () => {
    const a = await signIn(USERS.anna.token);
    const b = await signIn(USERS.anna.token);
    expect(a.session).not.toBe(b.session);
    expect(a.csrf).toBe(csrfToken(a.session));
    expect(a.csrf).not.toBe(b.csrf);
    expect(a.session).not.toBe(USERS.anna.token);
  });

  it("counts a session only through the cookie its CSRF token names, whatever other cookies come along", async () => {
    const anna = await signIn(USERS.anna.token);
    const bram = await signIn(USERS.bram.token);
    const cookie = (...values: string[]) => values.map((v) => `buurtboek_studio=${encodeURIComponent(v)}`).join("; ");
    expect(await me({cookie: cookie(anna.session), [CSRF_HEADER]: anna.csrf})).toBe("anna");
    // Bram's session (or his bare token) in front of Anna's, as a longer cookie path puts it: still Anna.
    expect(await me({cookie: cookie(bram.session, anna.session), [CSRF_HEADER]: anna.csrf})).toBe("anna");
    expect(await me({cookie: cookie(USERS.bram.token, `x.${USERS.bram.token}`, anna.session), [CSRF_HEADER]: anna.csrf})).toBe("anna");
    // Only Bram's cookie left: Anna's CSRF token names none of them, so nobody is signed in (not Bram).
    expect(await me({cookie: cookie(bram.session), [CSRF_HEADER]: anna.csrf})).toBe(401);
    // A cookie without the CSRF token proves nothing.
    expect(await me({cookie: cookie(anna.session)})).toBe(401);
    expect(await me({cookie: cookie(anna.session), [CSRF_HEADER]: "-"})).toBe(401);
    // A bare token as the cookie (how sessions looked before) is not a session.
    expect(await me({cookie: cookie(USERS.anna.token), [CSRF_HEADER]: csrfToken(USERS.anna.token)})).toBe(401);
    // Scripts: a Bearer token.
    expect(await me({authorization: `Bearer ${USERS.vera.token}`})).toBe("vera");
  });

  it("refuses sign-in and sign-out without the Studio Origin and the CSRF header", async () => {
    const anna = await signIn(USERS.anna.token);
    const preview = "http://127.0.0.1:1";
    const cases: Array<[string, Record<string, string>]> = [
      ["no Origin", {[CSRF_HEADER]: "-"}],
      ["the preview's Origin", {origin: preview, [CSRF_HEADER]: "-"}],
      ["same-site, not same-origin", {origin, [CSRF_HEADER]: "-", "sec-fetch-site": "same-site"}],
      ["no CSRF header (a form post)", {origin}]
    ];
    for (const [what, headers] of cases) {
      const response = await call("/studio/api/login", {body: {token: USERS.bram.token}, headers});
      expect(response.status, what).toBe(403);
      expect(response.headers.get("set-cookie"), what).toBeNull();
    }
    const cookie = `buurtboek_studio=${encodeURIComponent(anna.session)}`;
    const logout = (headers: Record<string, string>, method = "POST") => call("/studio/api/logout", {method, headers: {cookie, ...headers}});
    expect((await logout({origin: preview, [CSRF_HEADER]: anna.csrf})).status).toBe(403);
    expect((await logout({[CSRF_HEADER]: anna.csrf})).status).toBe(403);
    expect((await logout({origin})).status).toBe(401);
    expect((await logout({origin, [CSRF_HEADER]: anna.csrf}, "GET")).status).toBe(405);
    const ok = await logout({origin, [CSRF_HEADER]: anna.csrf});
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(/^buurtboek_studio=; Path=\/studio; .*Max-Age=0/);
  });

  it("says whose a token is without signing in, for the editor's question before switching", async () => {
    const response = await call("/studio/api/login", {body: {token: USERS.bram.token, check: true}, headers: {origin, [CSRF_HEADER]: "-"}});
    expect(await response.json()).toEqual({id: "bram", name: "Bram Janssen", role: "editor"});
    expect(response.headers.get("set-cookie")).toBeNull();
    const unknown = await call("/studio/api/login", {body: {token: "nobody-0123456789abc", check: true}, headers: {origin, [CSRF_HEADER]: "-"}});
    expect(unknown.status).toBe(401);
  });

  it("names the session cookie __Host- behind TLS (Secure, path /)", async () => {
    const response = await call("/studio/api/login", {body: {token: USERS.anna.token}, headers: {origin, [CSRF_HEADER]: "-", "x-forwarded-proto": "https"}});
    const header = response.headers.get("set-cookie") ?? "";
    expect(header).toMatch(/^__Host-buurtboek_studio=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure; Priority=High$/);
    const {csrf} = (await response.json()) as {csrf: string};
    const value = /^__Host-buurtboek_studio=([^;]+)/.exec(header)![1];
    expect(await me({cookie: `__Host-buurtboek_studio=${value}`, [CSRF_HEADER]: csrf, "x-forwarded-proto": "https"})).toBe("anna");
    // The plain-HTTP name is not read behind TLS.
    expect(await me({cookie: `buurtboek_studio=${value}`, [CSRF_HEADER]: csrf, "x-forwarded-proto": "https"})).toBe(401);
  });
});
