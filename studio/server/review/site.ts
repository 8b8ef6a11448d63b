/**
 * The published site at `/site/` on the Studio origin: read-only, no token. Files come from the folder
 * `published/current` points at, looked up on every request, so a publication or rollback is live at once.
 *
 * Published pages run code their editors wrote (reviewed, but code), on the Studio origin. Every response carries
 * `Content-Security-Policy: sandbox` without `allow-same-origin`: the browser runs the page in an opaque origin,
 * so its code cannot send a signed-in person's Studio cookie (SameSite=Strict: an opaque origin is another site),
 * read Studio's answers, or open the collaboration socket (its Origin is "null"). The site's own files are public
 * and answered with `Access-Control-Allow-Origin: *`, so the sandboxed page can still load its modules and data.
 *
 * `/site/versies` lists every version and the publication log.
 */
import type {IncomingMessage, ServerResponse} from "node:http";
import sirv, {type RequestHandler} from "sirv";
import {cacheControl} from "../../../scripts/serve.js";
import type {Journal, LogEntry} from "./journal.js";
import {ACTION_LABEL, STATE_LABEL} from "./labels.js";
import type {Publisher} from "./publisher.js";
import {versionViews} from "./states.js";

/** The sandbox published pages run in: scripts, forms, downloads and pop-ups, but an opaque origin. */
export const SITE_POLICY = "sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads allow-modals";

const SITE_HEADERS = {
  "content-security-policy": SITE_POLICY,
  "access-control-allow-origin": "*",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer"
};

export class PublishedSite {
  private handlers = new Map<string, RequestHandler>();

  constructor(
    private readonly publisher: Publisher,
    private readonly journal: Journal
  ) {}

  /** Answers a request under `/site`; false when the path is not the site's. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (pathname !== "/site" && !pathname.startsWith("/site/")) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, {...SITE_HEADERS, "content-type": "text/plain; charset=utf-8", allow: "GET, HEAD"});
      res.end("Alleen lezen.");
      return true;
    }
    if (pathname === "/site") {
      res.writeHead(302, {location: "/site/"});
      res.end();
      return true;
    }
    if (pathname === "/site/versies" || pathname === "/site/versies/") {
      const body = await this.versionsPage();
      res.writeHead(200, {...SITE_HEADERS, "content-type": "text/html; charset=utf-8", "cache-control": "no-cache"});
      res.end(body);
      return true;
    }
    const dir = this.publisher.currentDir();
    if (!dir) {
      res.writeHead(404, {...SITE_HEADERS, "content-type": "text/html; charset=utf-8", "cache-control": "no-cache"});
      res.end(page("Nog niet gepubliceerd", `<p>Er is nog geen versie gepubliceerd. Zie <a href="/site/versies">versies en publicaties</a>.</p>`));
      return true;
    }
    let handler = this.handlers.get(dir);
    if (!handler) {
      handler = sirv(dir, {
        dev: false,
        etag: true,
        extensions: ["html"],
        brotli: true,
        gzip: true,
        dotfiles: false,
        setHeaders: (r, path) => {
          for (const [k, v] of Object.entries(SITE_HEADERS)) r.setHeader(k, v);
          r.setHeader("cache-control", cacheControl(path));
        }
      });
      // One handler per published folder; a handful at most in a Studio's life.
      this.handlers.set(dir, handler);
    }
    const url = new URL(req.url ?? "/", "http://x");
    req.url = url.pathname.slice("/site".length) + url.search;
    if (req.headers.range) delete req.headers["accept-encoding"];
    handler(req, res, () => {
      res.writeHead(404, {...SITE_HEADERS, "content-type": "text/plain; charset=utf-8"});
      res.end("Niet gevonden");
    });
    return true;
  }

  /** `/site/versies`: every version with its state, and the whole publication log. */
  private async versionsPage(): Promise<string> {
    const [log, versions] = await Promise.all([this.journal.log(), this.journal.versions()]);
    const views = versionViews(versions, log, this.publisher.current());
    const time = (iso: string | null) => (iso ? DATE.format(new Date(iso)) : "–");
    const rows = [...views].reverse().map(
      (v) => `<tr data-version="${v.number}"${v.live ? ' class="live"' : ""}>
<th scope="row">${v.number}${v.live ? " <strong>(live)</strong>" : ""}</th><td>${esc(v.description)}</td>
<td>${esc(v.offeredBy.name)}, ${time(v.offeredAt)}</td><td>${esc(v.writers.map((p) => p.name).join(", ") || "–")}</td>
<td>${STATE_LABEL[v.state]}</td><td>${v.approvedBy ? esc(v.approvedBy.name) : "–"}</td><td>${time(v.publishedAt)}</td></tr>`
    );
    const entries = [...log].reverse().map((e) => `<tr><td>${time(e.at)}</td><td>${ACTION_LABEL[e.action]}</td><td>${e.version ?? "–"}</td><td>${esc(e.person?.name ?? "Studio")}</td><td>${esc(note(e))}</td></tr>`);
    return page(
      "Versies en publicaties",
      `<p>Elke versie is door iemand anders gecontroleerd dan wie haar schreef, en met de privacycontrole gebouwd. ${
        views.some((v) => v.live) ? `<a href="/site/">Naar de gepubliceerde site</a>.` : "Er is nog niets gepubliceerd."
      }</p>
<table id="versies"><caption>Versies</caption><thead><tr><th scope="col">Versie</th><th scope="col">Omschrijving</th><th scope="col">Aangeboden</th><th scope="col">Geschreven door</th><th scope="col">Stand</th><th scope="col">Gecontroleerd door</th><th scope="col">Gepubliceerd</th></tr></thead>
<tbody>${rows.join("\n") || '<tr><td colspan="7">Nog geen versies.</td></tr>'}</tbody></table>
<table id="logboek"><caption>Publicatielogboek</caption><thead><tr><th scope="col">Wanneer</th><th scope="col">Wat</th><th scope="col">Versie</th><th scope="col">Wie</th><th scope="col">Toelichting</th></tr></thead>
<tbody>${entries.join("\n") || '<tr><td colspan="5">Nog niets gebeurd.</td></tr>'}</tbody></table>`
    );
  }
}

const DATE = new Intl.DateTimeFormat("nl-NL", {dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam"});

/** The readable note of a log entry: a comment, a reason, or what a rollback replaced. */
export function note(e: LogEntry): string {
  const d = e.detail as Record<string, unknown>;
  if (e.action === "rolled-back") return `terug naar versie ${e.version}${d.from != null ? ` (was versie ${d.from})` : ""}`;
  if (typeof d.reason === "string") return d.reason;
  if (typeof d.comment === "string") return d.comment;
  if (typeof d.description === "string") return d.description;
  if (typeof d.commit === "string") return `git: ${d.commit.slice(0, 12)}${d.tag ? `, tag ${d.tag}` : ""}`;
  return "";
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} — Buurtboek</title><link rel="icon" href="data:,">
<style>body{font:16px/1.5 system-ui,sans-serif;color:#1b1e23;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:1.5rem 0;width:100%}
caption{text-align:left;font-weight:600;font-size:1.1rem;margin-bottom:.5rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ccc;vertical-align:top}
tr.live{background:#eef6ee}a{color:#0b57d0}</style></head>
<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}
