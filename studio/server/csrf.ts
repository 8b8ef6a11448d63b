/**
 * Who is calling the Studio API, and whether a state-changing request may go ahead (Origin + per-session CSRF
 * token). Every route of the Studio API goes through this module; nothing else reads the session cookie.
 *
 * Why: the preview runs editors' JavaScript on another port of the same host, and cookies ignore ports. Page
 * code there can add cookies named like Studio's session (other paths, Domain variants, nameless cookies) that
 * the browser then sends to Studio as well, and it can post forms to Studio. So a cookie alone proves nothing:
 *
 * - Every session has its own CSRF token, `sha256("buurtboek-csrf\0" + cookie value)`. The editor gets it once,
 *   in the sign-in answer, keeps it in the Studio origin's localStorage (which the preview origin cannot read or
 *   write; storage, unlike cookies, is per port) and sends it as the `x-studio-csrf` header on every API call
 *   (studio/client/api.ts does that) and as the token of its collaboration socket.
 * - A request counts as signed in only through the session cookie its CSRF token names. Any other cookie of the
 *   same name (shadows tossed in by page code, an old session) is ignored: it can neither replace the editor's
 *   session nor sign anyone in. A request with no matching cookie is not signed in.
 * - State-changing requests also need the Studio Origin (and `Sec-Fetch-Site: same-origin` when the browser
 *   sends it): a form post or fetch from the preview carries the preview's Origin and no custom header.
 * - Scripts use `Authorization: Bearer <token>` instead: no cookie, so nothing to forge (browsers cannot send that
 *   header cross-origin without a CORS preflight, which Studio never answers).
 *
 * How a new endpoint uses it (server.ts's `handle`):
 *
 *   case "/studio/api/something": {
 *     const who = allowStateChange(req, res, opts.users);   // POST/PUT/PATCH/DELETE only; answers 401/403/405 itself
 *     if (!who) return;
 *     ... who.person is the signed-in person (check their role yourself) ...
 *   }
 *
 * Read-only routes (GET) call `caller(req, opts.users)` and answer 401 when it is null. In the browser, call the
 * API only through `api()` in studio/client/api.ts, which adds the header.
 */
import {createHash, timingSafeEqual} from "node:crypto";
import type {IncomingMessage, ServerResponse} from "node:http";
import type {Person, Users} from "./auth.js";
import {readCookies, requestHost, sessionCookieName, sessionToken} from "./session.js";

/** The request header carrying the session's CSRF token. */
export const CSRF_HEADER = "x-studio-csrf";

/** What the client sends in CSRF_HEADER when it has no session (signing in). */
export const NO_SESSION = "-";

export interface Caller {
  person: Person;
  /** The session cookie value the request is bound to; null for a Bearer token. */
  session: string | null;
}

/** The CSRF token of a session cookie value. */
export function csrfToken(session: string): string {
  return createHash("sha256").update(`buurtboek-csrf\0${session}`).digest("base64url");
}

/**
 * The session cookie value that `token` (a CSRF token) belongs to, among the request's cookies, or null. Every
 * candidate is compared in constant time.
 */
export function sessionFor(req: IncomingMessage, token: string | null | undefined): string | null {
  if (!token || token.length > 128) return null;
  const given = Buffer.from(token);
  let found: string | null = null;
  for (const value of readCookies(req, sessionCookieName(req))) {
    const expected = Buffer.from(csrfToken(value));
    if (expected.length === given.length && timingSafeEqual(expected, given) && found === null) found = value;
  }
  return found;
}

/** Who is calling: a Bearer token (scripts), or the session cookie the CSRF header names; null otherwise. */
export function caller(req: IncomingMessage, users: Users): Caller | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) {
    const person = users.lookup(auth.slice(7));
    return person ? {person, session: null} : null;
  }
  const session = sessionFor(req, header(req, CSRF_HEADER));
  const token = session === null ? null : sessionToken(session);
  const person = token === null ? null : users.lookup(token);
  return person ? {person, session} : null;
}

/**
 * True when a request comes from a Studio page itself: its Origin is the Studio origin, and the browser's
 * Sec-Fetch-Site (when sent) says same-origin. The preview (another port: same site, other origin) fails both.
 */
export function fromStudio(req: IncomingMessage): boolean {
  const site = header(req, "sec-fetch-site");
  if (site !== null && site !== "same-origin") return false;
  const origin = header(req, "origin");
  if (origin === null) return false;
  try {
    return new URL(origin).host === requestHost(req);
  } catch {
    return false;
  }
}

/**
 * The one check for every state-changing route: an unsafe method; for cookie sessions the Studio Origin and the
 * session's CSRF token; or a Bearer token. Returns the caller, or null after answering the request itself
 * (405 wrong method, 403 not from Studio, 401 not signed in).
 */
export function allowStateChange(req: IncomingMessage, res: ServerResponse, users: Users): Caller | null {
  if (!isUnsafe(req)) return refuse(res, 405, "gebruik POST"), null;
  const bearer = req.headers.authorization?.startsWith("Bearer ");
  if (!bearer && !fromStudio(req)) return refuse(res, 403, "alleen vanuit Studio zelf"), null;
  const who = caller(req, users);
  if (!who) return refuse(res, 401, "niet aangemeld"), null;
  return who;
}

/**
 * The check for signing in (there may be no session yet): an unsafe method, the Studio Origin and the CSRF
 * header, which only Studio's own script can add (a form cannot, and a fetch from elsewhere would need a CORS
 * preflight). Returns the session this request is bound to (the editor is switching people), `{current: null}`
 * when there is none, or null after answering the request itself.
 */
export function allowSignIn(req: IncomingMessage, res: ServerResponse, users: Users): {current: Caller | null} | null {
  if (!isUnsafe(req)) return refuse(res, 405, "gebruik POST"), null;
  if (!fromStudio(req) || header(req, CSRF_HEADER) === null) return refuse(res, 403, "alleen vanuit Studio zelf"), null;
  return {current: caller(req, users)};
}

/**
 * For the collaboration socket (whose handshake the server has already checked for the Studio Origin): maps
 * the token of an auth frame to the credential. The editor sends its CSRF token; it stands for the user token in
 * the session cookie it names. Anything else (Node clients send their user token) is passed on as it is.
 */
export function socketCredential(req: IncomingMessage): (token: string) => string {
  return (token) => {
    const session = sessionFor(req, token);
    return (session === null ? null : sessionToken(session)) ?? token;
  };
}

function isUnsafe(req: IncomingMessage): boolean {
  return req.method === "POST" || req.method === "PUT" || req.method === "PATCH" || req.method === "DELETE";
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function refuse(res: ServerResponse, status: number, error: string): void {
  res.writeHead(status, {"content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff"});
  res.end(JSON.stringify({error}));
}
