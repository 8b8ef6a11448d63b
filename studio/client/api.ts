/**
 * The Studio server's JSON API and signing in. The token from a `#token=` link is taken out of the address
 * bar at once and exchanged for an HttpOnly cookie; the page never stores it (page code in the preview runs
 * on another origin, but nothing here should be worth stealing either way).
 */
import type {Role} from "../shared/schema.js";

export interface Me {
  id: string;
  name: string;
  role: Role;
  color: string;
  /** The preview origin's entry link for this person (append `&next=/path`), or null without a preview. */
  preview: string | null;
}

/** Earlier versions kept the token here; remove it wherever it is still found. */
const OLD_KEY = "buurtboek-studio-token";

/** Takes a token from `#token=` and removes it from the address bar (and history) right away. */
export function takeTokenFromLink(): string | null {
  try {
    localStorage.removeItem(OLD_KEY);
  } catch {
    // Storage may be disabled; there is nothing to clean then.
  }
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get("token");
  if (token === null) return null;
  params.delete("token");
  history.replaceState(null, "", `${location.pathname}${params.size ? `#${params}` : ""}`);
  return token;
}

/** Exchanges a token for the session cookie; returns who it belongs to, or null for an unknown token. */
export async function signIn(token: string): Promise<Me | null> {
  const response = await fetch("/studio/api/login", {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify({token})});
  return response.ok ? ((await response.json()) as Me) : null;
}

async function get<T>(path: string): Promise<T | null> {
  const response = await fetch(path);
  return response.ok ? ((await response.json()) as T) : null;
}

/** Who the session cookie belongs to, or null when there is no (valid) session. */
export const fetchMe = () => get<Me>("/studio/api/me");

/** The workspace's pages. */
export const fetchPages = () => get<string[]>("/studio/api/pages");
