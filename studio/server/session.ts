/**
 * Browser sessions. The editor's credential is the user's token, kept only in an HttpOnly, SameSite=Strict
 * cookie on the Studio origin: page code (the preview runs editors' JavaScript) can neither read it nor send
 * it from another origin, because the collaboration socket also checks the Origin header. The preview origin
 * gets its own, weaker credential: a signed ticket naming the person, good for the preview and nothing else.
 */
import {createHmac, randomBytes, timingSafeEqual} from "node:crypto";
import type {IncomingMessage} from "node:http";

/** The editor's session cookie (on the Studio origin, path /studio). */
export const SESSION_COOKIE = "buurtboek_studio";
/** The preview origin's cookie. */
export const PREVIEW_COOKIE = "buurtboek_preview";

/** How long a preview ticket (and the preview cookie made from it) is valid. */
const TICKET_MS = 12 * 60 * 60 * 1000;

/** The value of cookie `name` in a request, or null. */
export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(/;\s*/)) {
    if (part.startsWith(`${name}=`)) {
      try {
        return decodeURIComponent(part.slice(name.length + 1));
      } catch {
        return null;
      }
    }
  }
  return null;
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
