/**
 * The Studio server's JSON API and signing in. Every call to the API goes through `api()`, which adds the
 * session's CSRF token (server side: studio/server/csrf.ts): the server counts a request as signed in only
 * through the session cookie that token names, and refuses state-changing requests without it. A new call is
 * protected by using `api()`, nothing else.
 *
 * The token from a `#token=` link is taken out of the address bar at once and exchanged for an HttpOnly cookie;
 * the page never stores it. What it stores, in this origin's localStorage (which the preview origin cannot
 * reach), is the session's CSRF token and the signed-in person's name, so that a reload stays bound to the same
 * session and a later `#token=` link can ask before switching.
 */
import type {Role} from "../shared/schema.js";

export interface Me {
  id: string;
  name: string;
  role: Role;
  color: string;
  /** The preview origin's entry link for this person (append `&next=/path`), or null without a preview. */
  preview: string | null;
  /** What the role may do (the server checks it again on every request). */
  can: {write: boolean; review: boolean};
}

/** Whose a token is, as `/studio/api/login` with `check` says before anyone switches. */
export interface Holder {
  id: string;
  name: string;
  role: Role;
}

/** Earlier versions kept the token here; remove it wherever it is still found. */
const OLD_KEY = "buurtboek-studio-token";
/** `{"csrf", "id", "name"}` of this browser's session. */
const SESSION_KEY = "buurtboek-studio-session";
/** Must match CSRF_HEADER and NO_SESSION in studio/server/csrf.ts. */
const CSRF_HEADER = "x-studio-csrf";
const NO_SESSION = "-";

interface Binding {
  csrf: string;
  id: string;
  name: string;
}

function stored(): Binding | null {
  try {
    const value = JSON.parse(localStorage.getItem(SESSION_KEY) ?? "null") as Binding | null;
    return value && typeof value.csrf === "string" && typeof value.id === "string" && typeof value.name === "string" ? value : null;
  } catch {
    return null; // storage disabled: the session then lasts as long as the page
  }
}

/**
 * This page's session, read once: a page stays with the session it started with. When another tab signs in as
 * someone else, this page's requests are refused rather than silently made as that person.
 */
let current: Binding | null = stored();

function bind(next: Binding | null): void {
  current = next;
  try {
    if (next) localStorage.setItem(SESSION_KEY, JSON.stringify(next));
    else localStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage may be disabled; `current` holds it for this page.
  }
}

/** The CSRF token of this page's session (also the collaboration socket's token). */
export function csrfToken(): string {
  return current?.csrf ?? NO_SESSION;
}

/** Who this browser was last signed in as (even if that session has ended since), or null. */
export function lastSignedInAs(): {id: string; name: string} | null {
  return current ? {id: current.id, name: current.name} : null;
}

/** Calls `listener` when another tab of this browser signs in or out. */
export function onSessionChangedElsewhere(listener: () => void): void {
  window.addEventListener("storage", (event) => {
    if (event.key === SESSION_KEY && event.newValue !== JSON.stringify(current)) listener();
  });
}

/** Calls the Studio API with the session's CSRF token; `body` is sent as JSON. */
export function api(path: string, init: {method?: string; body?: unknown} = {}): Promise<Response> {
  const headers: Record<string, string> = {[CSRF_HEADER]: csrfToken()};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
    cache: "no-store"
  });
}

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

/** Exchanges a token for a new session; returns who it belongs to, or null for an unknown token. */
export async function signIn(token: string): Promise<Me | null> {
  const response = await api("/studio/api/login", {body: {token}});
  if (!response.ok) return null;
  const {csrf, ...me} = (await response.json()) as Me & {csrf: string};
  bind({csrf, id: me.id, name: me.name});
  return me;
}

/** Whose a token is, without signing in; null for an unknown token. */
export async function holderOf(token: string): Promise<Holder | null> {
  const response = await api("/studio/api/login", {body: {token, check: true}});
  return response.ok ? ((await response.json()) as Holder) : null;
}

/** Ends the session (the server clears the cookie) and forgets it here. */
export async function signOut(): Promise<void> {
  await api("/studio/api/logout", {method: "POST"});
  bind(null);
}

async function get<T>(path: string): Promise<T | null> {
  const response = await api(path);
  return response.ok ? ((await response.json()) as T) : null;
}

/** Who this browser's session belongs to, or null when there is no (valid) session. */
export const fetchMe = () => get<Me>("/studio/api/me");

/** One page in the list (studio/server/page-list.ts). */
export interface PageEntry {
  path: string;
  title: string;
  group: string;
  params: string[];
}

/** A template for a new notebook (studio/server/notebooks.ts). */
export interface TemplateInfo {
  id: string;
  label: string;
  description: string;
  folder: string;
}

/** A deleted page that can be put back, with its comments. */
export interface DeletedPage {
  id: number;
  page: string;
  at: string;
  by: string;
  comments: number;
}

/** The workspace's pages, the deleted ones that can come back, and the templates this person may use. */
export const fetchPages = () => get<{pages: PageEntry[]; deleted: DeletedPage[]; templates: TemplateInfo[]}>("/studio/api/pages");

/** The outcome of a call: the answer, or the server's reason (Dutch) for refusing. */
export type Outcome<T> = {ok: true; data: T} | {ok: false; error: string; status: number};

/** GET or POST (with `body`) to the Studio API through `api()`; refusals come back as `{ok: false, error}`. */
export async function call<T>(path: string, body?: unknown): Promise<Outcome<T>> {
  let response: Response;
  try {
    response = await api(path, body === undefined ? {} : {body});
  } catch {
    return {ok: false, error: "Studio is niet bereikbaar.", status: 0};
  }
  const data = (await response.json().catch(() => ({}))) as T & {error?: string};
  return response.ok ? {ok: true, data} : {ok: false, error: data.error ?? `Fout ${response.status}`, status: response.status};
}

/** `path?key=value&…` with the values encoded. */
export function withQuery(path: string, query: Record<string, string | number>): string {
  return `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;
}
