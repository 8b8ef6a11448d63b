/**
 * The one gate every state-changing request of the workspace and review API passes (new notebooks, rename, delete,
 * checkpoints, restores, offers, decisions, publication, rollback). Until Studio's per-session CSRF token exists it
 * checks what a browser cannot fake for another site or for page code on another origin: the request is a POST,
 * its `Origin` (browsers always send one on POST) is the Studio origin, and its body is JSON (a cross-site form
 * cannot send `application/json` without a CORS preflight, which Studio never answers). Requests without an Origin
 * come from scripts with a Bearer token, which cannot carry a browser's cookie.
 */
import type {IncomingMessage} from "node:http";
import {sameOrigin} from "./session.js";

/** Why the request may not change anything (Dutch, for the person), or null when it may. */
export function refuseIntent(req: IncomingMessage): string | null {
  if (req.method !== "POST") return "Alleen POST-verzoeken kunnen iets veranderen.";
  if (!sameOrigin(req)) return "Alleen vanuit Studio zelf.";
  const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") return "Het verzoek moet JSON zijn (content-type application/json).";
  return null;
}

/** Reads a JSON object body of at most `limit` bytes; null when it is anything else. */
export async function readJsonBody(req: IncomingMessage, limit = 64 * 1024): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
