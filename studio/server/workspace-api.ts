/**
 * Studio's JSON API for the workspace (pages, preview routes, datasets, history) and for review and publication.
 * Reading needs a signed-in person (`caller`); every request that changes something passes `allowStateChange`
 * (csrf.ts: the Studio Origin and the session's CSRF token, or a Bearer token), must be a JSON object, and then
 * meets the role and four-eyes rules of page-ops.ts and review/review.ts. Refusals answer
 * `{"error": "<Dutch reason>"}`.
 */
import type {IncomingMessage, ServerResponse} from "node:http";
import type {Person} from "./auth.js";
import {listDatasets} from "./datasets.js";
import {historyOf, historyText, lineDiff} from "./history.js";
import {availableTemplates, PageError} from "./notebooks.js";
import {describePages} from "./page-list.js";
import type {PageOps} from "./page-ops.js";
import {isPageName} from "./pages.js";
import type {Journal} from "./review/journal.js";
import type {Publisher} from "./review/publisher.js";
import {ReviewError, type Review} from "./review/review.js";
import type {Routes} from "./routes.js";
import {canReview, canWrite} from "../shared/schema.js";

export interface WorkspaceApiOptions {
  srcDir: string;
  dataDir: string;
  journal: Journal;
  review: Review;
  publisher: Publisher;
  routes: Routes;
  pages: PageOps;
  /** The page's current text: the live document's when loaded, else the file's. */
  textOf(page: string): string;
  /** Who is calling (session cookie with its CSRF token, or a Bearer token), or null. */
  caller(req: IncomingMessage): Person | null;
  /** The caller when the request may change something; otherwise null, after answering it (401/403/405). */
  allowStateChange(req: IncomingMessage, res: ServerResponse): Person | null;
}

type Json = (status: number, body: unknown) => void;

/** Handles `/studio/api/…` paths of the workspace and review API; false for other paths. */
export function workspaceApi(opts: WorkspaceApiOptions) {
  const get: Record<string, (person: Person, q: URLSearchParams) => Promise<unknown>> = {
    "/studio/api/pages": async (person) => ({
      pages: describePages(opts.srcDir),
      deleted: await opts.pages.deleted(),
      templates: canWrite(person.role) ? availableTemplates(opts.dataDir).map(({id, label, description, folder}) => ({id, label, description, folder})) : []
    }),
    "/studio/api/routes": async (_p, q) => ({values: await opts.routes.valuesOf(page(q.get("page")))}),
    "/studio/api/datasets": async (_p, q) => {
      const p = page(q.get("page"));
      return {datasets: listDatasets(opts.dataDir, p, opts.textOf(p))};
    },
    "/studio/api/history": async (_p, q) => ({entries: await historyOf(opts.journal, page(q.get("page")), opts.publisher.current())}),
    "/studio/api/history/diff": async (_p, q) => {
      const p = page(q.get("page"));
      const before = await historyText(opts.journal, p, q.get("kind"), q.get("id"));
      if (before === null) throw new PageError(404, "Die versie van deze pagina bestaat niet.");
      const now = opts.textOf(p);
      return {text: before, same: before === now, parts: lineDiff(before, now)};
    },
    "/studio/api/review": async () => opts.review.overview(),
    "/studio/api/review/diff": async (_p, q) => versionDiff(Number(q.get("version")))
  };

  const post: Record<string, (person: Person, body: Record<string, unknown>) => Promise<unknown>> = {
    "/studio/api/pages": async (person, b) => ({page: await opts.pages.create(person, b.title, b.template, b.name)}),
    "/studio/api/pages/rename": async (person, b) => ({page: await opts.pages.rename(person, b.page, b.name)}),
    "/studio/api/pages/delete": async (person, b) => (await opts.pages.delete(person, b.page, b.confirm), {}),
    "/studio/api/pages/undelete": async (person, b) => ({page: await opts.pages.undelete(person, b.id)}),
    "/studio/api/history/checkpoint": async (person, b) => ({id: await opts.pages.checkpoint(person, b.page, b.name)}),
    "/studio/api/history/restore": async (person, b) => (await opts.pages.restore(person, b.page, b.kind, b.id), {}),
    "/studio/api/review/offer": async (person, b) => ({version: (await opts.review.offer(person, b.description)).number}),
    "/studio/api/review/approve": async (person, b) => (await opts.review.approve(person, b.version, b.comment), {}),
    "/studio/api/review/return": async (person, b) => (await opts.review.sendBack(person, b.version, b.comment), {}),
    "/studio/api/review/publish": async (person, b) => (await opts.review.publishAgain(person, b.version), {}),
    "/studio/api/review/rollback": async (person, b) => (await opts.review.rollback(person, b.version), {})
  };

  /** A page name from the query; a Dutch 400 when it is none. */
  function page(name: string | null): string {
    if (!isPageName(name)) throw new PageError(400, "Geef een geldige pagina op (page=…).");
    return name;
  }

  /** What changed in version `n` against the version published before it: per page, a line diff. */
  async function versionDiff(n: number) {
    const version = Number.isInteger(n) ? await opts.journal.version(n) : null;
    if (!version) throw new ReviewError(404, `Er is geen versie ${n}.`);
    const {versions} = await opts.review.overview();
    const before = [...versions].reverse().find((v) => v.number < n && v.publishedAt !== null);
    const previous = before ? await opts.journal.version(before.number) : null;
    const old = new Map((previous?.pages ?? []).map((p) => [p.path, p.text]));
    const changes = version.pages
      .filter((p) => old.get(p.path) !== p.text)
      .map((p) => ({path: p.path, status: old.has(p.path) ? "gewijzigd" : "nieuw", parts: lineDiff(old.get(p.path) ?? "", p.text)}));
    const removed = [...old.keys()].filter((path) => !version.pages.some((p) => p.path === path)).map((path) => ({path, status: "verwijderd", parts: lineDiff(old.get(path)!, "")}));
    return {against: previous?.number ?? null, changes: [...changes, ...removed]};
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, pathname: string, json: Json): Promise<boolean> {
    const isGet = req.method === "GET" || req.method === "HEAD";
    const handler = isGet ? get[pathname] : post[pathname];
    if (!handler) {
      if (!get[pathname] && !post[pathname]) return false;
      json(405, {error: "Deze methode kan hier niet."});
      return true;
    }
    const person = isGet ? opts.caller(req) : opts.allowStateChange(req, res);
    if (!person) {
      if (isGet) json(401, {error: "onbekende toegangscode"});
      return true;
    }
    try {
      if (isGet) {
        json(200, await (handler as (typeof get)[string])(person, new URL(req.url ?? "/", "http://x").searchParams));
      } else {
        const body = await readJsonBody(req);
        if (!body) return json(400, {error: "Het verzoek is geen geldig JSON-object."}), true;
        json(200, await (handler as (typeof post)[string])(person, body));
      }
    } catch (error) {
      if (error instanceof PageError || error instanceof ReviewError) json(error.status, {error: error.message});
      else json(500, {error: `Er ging iets mis: ${(error as Error).message}`});
    }
    return true;
  };
}

/** For the client: what a role may do, so it can show only the buttons that will work (the server decides). */
export const permissions = (person: Person) => ({write: canWrite(person.role), review: canReview(person.role)});

/** Reads a JSON object body of at most `limit` bytes; null when it is anything else. */
async function readJsonBody(req: IncomingMessage, limit = 64 * 1024): Promise<Record<string, unknown> | null> {
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
