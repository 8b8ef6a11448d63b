/** The Studio server's JSON API and the token the reader logged in with. */
import type {Role} from "../shared/schema.js";

export interface Me {
  id: string;
  name: string;
  role: Role;
  color: string;
  preview: boolean;
}

const KEY = "buurtboek-studio-token";

/** Takes a token from `#token=` (then removes it from the address bar) or from local storage. */
export function takeToken(): string | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const fromHash = params.get("token");
  if (fromHash) {
    localStorage.setItem(KEY, fromHash);
    params.delete("token");
    history.replaceState(null, "", `${location.pathname}${params.size ? `#${params}` : ""}`);
    return fromHash;
  }
  return localStorage.getItem(KEY);
}

export function storeToken(token: string | null): void {
  if (token) localStorage.setItem(KEY, token);
  else localStorage.removeItem(KEY);
}

async function get<T>(path: string, token: string): Promise<T | null> {
  const response = await fetch(path, {headers: {authorization: `Bearer ${token}`}});
  return response.ok ? ((await response.json()) as T) : null;
}

/** Who the token belongs to (also sets the cookie the preview needs), or null for an unknown token. */
export const fetchMe = (token: string) => get<Me>("/studio/api/me", token);

/** The workspace's pages. */
export const fetchPages = (token: string) => get<string[]>("/studio/api/pages", token);
