/**
 * The preview's own origin: a second port that forwards to Framework's preview server. Pages run their
 * authors' JavaScript, so they must not share an origin with the editor (its cookie, its storage, its
 * collaboration socket). Access needs a preview ticket, which the editor gets from `/studio/api/me` and hands
 * over once through `/__studio/enter?ticket=…&next=/page`; the ticket then lives in an HttpOnly cookie of this
 * origin and grants nothing but the preview. Every request re-checks that the person still exists.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import type {Users} from "./auth.js";
import {proxyRequest, proxyUpgrade} from "./proxy.js";
import {PREVIEW_COOKIE, previewCookie, readCookie, type Tickets} from "./session.js";

export interface PreviewOrigin {
  port: number;
  close(): Promise<void>;
}

export interface PreviewOriginOptions {
  /** Framework's preview server, e.g. http://127.0.0.1:4322. */
  target: URL;
  users: Users;
  tickets: Tickets;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/** Starts the preview origin's server. */
export async function startPreviewOrigin(opts: PreviewOriginOptions): Promise<PreviewOrigin> {
  const allowed = (req: IncomingMessage) => {
    const id = opts.tickets.check(readCookie(req, PREVIEW_COOKIE));
    return id !== null && opts.users.byId(id) !== null;
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/__studio/enter") {
      const ticket = url.searchParams.get("ticket");
      const id = opts.tickets.check(ticket);
      const next = url.searchParams.get("next") ?? "/";
      if (id === null || opts.users.byId(id) === null) return deny(res, 401);
      // Only paths on this origin: `next` must not send the browser elsewhere.
      const location = next.startsWith("/") && !next.startsWith("//") ? next : "/";
      res.writeHead(302, {location, "set-cookie": previewCookie(ticket!, req), "cache-control": "no-store"});
      return res.end();
    }
    if (!allowed(req)) return deny(res, 401);
    proxyRequest(opts.target, req, res);
  };
  const server: Server = createServer(handle);
  server.on("upgrade", (req, socket, head) => {
    if (allowed(req)) proxyUpgrade(opts.target, req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((ok) => server.listen(opts.port, opts.host, ok));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    })
  };
}

function deny(res: ServerResponse, status: number): void {
  res.writeHead(status, {"content-type": "text/plain; charset=utf-8", "cache-control": "no-store"});
  res.end("Geen toegang: open het voorbeeld vanuit Buurtboek Studio.");
}
