/**
 * Browser sessions. The editor's credential is a session cookie (`<nonce>.<token>`), HttpOnly and
 * SameSite=Strict on the Studio origin: page code (the preview runs editors' JavaScript) can neither read it
 * nor use it from another origin. Cookies ignore ports, so page code on the preview origin CAN add cookies of
 * the same name that the browser sends to Studio too; a session therefore counts only when the request also
 * carries its CSRF token, which only the editor knows (csrf.ts). The preview origin gets its own, weaker
 * credential: a signed ticket naming the person, good for the preview and nothing else.
 */
import {createHmac, randomBytes, timingSafeEqual} from "node:crypto";
import type {IncomingMessage} from "node:http";

/**
 * The editor's session cookie on plain HTTP (loopback): path /studio. Behind TLS it is `__Host-buurtboek_studio`
 * (Secure, path /, no Domain), which no other host, subdomain or plain-HTTP page can set.
 */
export const SESSION_COOKIE = "buurtboek_studio";
export const SESSION_COOKIE_TLS = "__Host-buurtboek_studio";
/** The preview origin's cookie. */
export const PREVIEW_COOKIE = "buurtboek_preview";

/** How long a preview ticket (and the preview cookie made from it) is valid. */
const TICKET_MS = 12 * 60 * 60 * 1000;

/** At most this many cookies of one name are considered (page code can add many). */
const MAX_SAME_NAME = 16;

/** Every value of cookie `name` in a request, in header order (several when page code added shadows). */
export function readCookies(req: IncomingMessage, name: string): string[] {
  const values: string[] = [];
  for (const part of (req.headers.cookie ?? "").split(/;\s*/)) {
    if (!part.startsWith(`${name}=`)) continue;
    try {
      values.push(decodeURIComponent(part.slice(name.length + 1)));
    } catch {
      // Not ours: we only ever write URI-encoded values.
    }
    if (values.length === MAX_SAME_NAME) break;
  }
  return values;
}

/** The first value of cookie `name` in a request, or null. */
export function readCookie(req: IncomingMessage, name: string): string | null {
  return readCookies(req, name)[0] ?? null;
}

/** The session cookie's name for this request: `__Host-` behind TLS. */
export function sessionCookieName(req: IncomingMessage): string {
  return isHttps(req) ? SESSION_COOKIE_TLS : SESSION_COOKIE;
}

/**
 * Set-Cookie for the editor's session (`value` null clears it). `Priority=High` (Chromium): when page code on
 * the same host floods the cookie jar, ordinary cookies are evicted before this one.
 */
export function sessionCookie(value: string | null, req: IncomingMessage): string {
  const header = isHttps(req) ? cookieHeader(SESSION_COOKIE_TLS, value, "/", req) : cookieHeader(SESSION_COOKIE, value, "/studio", req);
  return `${header}; Priority=High`;
}

/**
 * Set-Cookie for the preview origin's ticket. On plain HTTP the preview is same-site with the editor (another
 * port): `SameSite=Strict`. Behind TLS the preview may be on another site (recommended, see THREAT_MODEL.md), where
 * a Strict cookie would not be sent in the editor's iframe: there it is `SameSite=None; Secure; Partitioned`, so
 * the browser keeps it only for frames inside the site that embedded the preview (the editor's).
 */
export function previewCookie(value: string, req: IncomingMessage): string {
  if (!isHttps(req)) return cookieHeader(PREVIEW_COOKIE, value, "/", req);
  return `${PREVIEW_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=None; Secure; Partitioned`;
}

/**
 * A new session cookie value for a token: `<nonce>.<token>`. The nonce makes every sign-in a session of its
 * own, so its CSRF token (csrf.ts) differs from every other session's, the same person's included.
 */
export function newSession(token: string): string {
  return `${randomBytes(18).toString("base64url")}.${token}`;
}

/** The token inside a session cookie value, or null when the value is not a session. */
export function sessionToken(value: string): string | null {
  const dot = value.indexOf(".");
  return dot === 24 && /^[A-Za-z0-9_-]{24}$/.test(value.slice(0, 24)) ? value.slice(25) : null;
}

/** True when the request came in over TLS at the proxy in front of Studio (then cookies get `Secure`). */
export function isHttps(req: IncomingMessage): boolean {
  return req.headers["x-forwarded-proto"] === "https" || (req.socket as {encrypted?: boolean}).encrypted === true;
}

/** A Set-Cookie header value; `value` null clears the cookie. */
export function cookieHeader(name: string, value: string | null, path: string, req: IncomingMessage): string {
  const parts = [`${name}=${value === null ? "" : encodeURIComponent(value)}`, `Path=${path}`, "HttpOnly", "SameSite=Strict"];
  if (value === null) parts.push("Max-Age=0");
  if (isHttps(req)) parts.push("Secure");
  return parts.join("; ");
}

/** The host the browser addressed (the proxy's, when it forwards one). */
export function requestHost(req: IncomingMessage): string {
  const forwarded = req.headers["x-forwarded-host"];
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? req.headers.host ?? "";
}

/**
 * True when the request's Origin is the Studio origin itself. Browsers always send Origin on WebSocket
 * handshakes and on POSTs, so a page served from the preview origin (another port or host) fails this.
 * Requests without Origin (not a browser) pass; they cannot carry the browser's cookie anyway.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === requestHost(req);
  } catch {
    return false;
  }
}

/** Signs and checks preview tickets: `<person id>.<expiry>.<mac>`, base64url parts. */
export class Tickets {
  private readonly key: Buffer;

  /** `secret` must be the same on every instance that serves a preview; a random one is fine for one process. */
  constructor(secret: string | undefined) {
    this.key = secret ? Buffer.from(secret) : randomBytes(32);
  }

  issue(personId: string, now = Date.now()): string {
    const body = `${Buffer.from(personId).toString("base64url")}.${(now + TICKET_MS).toString(36)}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The person id in a valid, unexpired ticket, or null. */
  check(ticket: string | null, now = Date.now()): string | null {
    if (!ticket || ticket.length > 600) return null;
    const parts = ticket.split(".");
    if (parts.length !== 3) return null;
    const body = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (parseInt(parts[1], 36) < now) return null;
    return Buffer.from(parts[0], "base64url").toString();
  }

  private mac(body: string): string {
    return createHmac("sha256", this.key).update(`preview:${body}`).digest("base64url");
  }
}
