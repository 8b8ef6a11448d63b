/**
 * Studio's server: one HTTP port that serves the editor, its small JSON API and the collaboration
 * WebSocket (Hocuspocus), and forwards everything else to Framework's preview server.
 */
import {Hocuspocus} from "@hocuspocus/server";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import {join, resolve} from "node:path";
import {WebSocketServer} from "ws";
import type * as Y from "yjs";
import type {Person, Users} from "./auth.js";
import {buildClient, type ClientAssets} from "./bundle.js";
import {FileLink, type FileLinkOptions} from "./files.js";
import {guardSocket} from "./guard.js";
import {defaultLimits, type Limits} from "./limits.js";
import {listPages, pagePath} from "./pages.js";
import {Store} from "./persistence.js";
import {proxyRequest, proxyUpgrade} from "./proxy.js";

export interface StudioOptions {
  /** Workspace root; pages are `<root>/src/**\/*.md`. */
  root: string;
  users: Users;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Framework preview server to forward to, e.g. http://127.0.0.1:4322. */
  previewUrl?: string | null;
  /** SQLite file; defaults to `<root>/.buurtboek/studio.sqlite` (git-ignored). */
  database?: string;
  limits?: Partial<Limits>;
  files?: Partial<FileLinkOptions>;
  /** Logs rejected frames and closed sockets. */
  log?: (line: string) => void;
}

export interface Studio {
  url: string;
  port: number;
  /** The live document, when loaded (for tests). */
  document(name: string): Y.Doc | undefined;
  close(): Promise<void>;
}

const COOKIE = "buurtboek_studio";
const DB_ORIGIN = "studio:db";

export async function startStudio(opts: StudioOptions): Promise<Studio> {
  const root = resolve(opts.root);
  const srcDir = join(root, "src");
  const limits = {...defaultLimits, ...opts.limits};
  const fileOpts: FileLinkOptions = {writeDelayMs: 300, maxWriteDelayMs: 2000, ...opts.files};
  const store = new Store(opts.database ?? join(root, ".buurtboek", "studio.sqlite"));
  const links = new Map<string, FileLink>();
  const preview = opts.previewUrl ? new URL(opts.previewUrl) : null;
  const assets: ClientAssets = await buildClient();
  const log = opts.log ?? (() => {});

  const hocuspocus = new Hocuspocus({
    quiet: true,
    // Hocuspocus's own debounced store is not used: every update is persisted as it arrives.
    debounce: 0,
    async onAuthenticate({token, documentName, connectionConfig}) {
      const person = opts.users.lookup(token);
      if (!person) throw Object.assign(new Error("unknown token"), {reason: "permission-denied"});
      if (!pagePath(srcDir, documentName)) throw Object.assign(new Error("no such page"), {reason: "no-such-page"});
      // Hocuspocus then drops a viewer's updates itself, a second line behind the guard.
      connectionConfig.readOnly = person.role === "viewer";
      return {person};
    },
    async onLoadDocument({document, documentName}) {
      const path = pagePath(srcDir, documentName);
      if (!path) throw new Error("no such page");
      const stored = store.load(documentName, document, DB_ORIGIN);
      const link = new FileLink(documentName, path, document, store, fileOpts);
      // Synchronous, inside Yjs's update event: the row is committed before Hocuspocus acks the sender.
      document.on("update", (update: Uint8Array) => {
        store.append(documentName, update);
        link.schedule();
      });
      link.reconcile(stored);
      link.watch();
      links.set(documentName, link);
    },
    async beforeUnloadDocument({documentName, document}) {
      links.get(documentName)?.close();
      links.delete(documentName);
      if (store.rows(documentName) > 50) store.compact(documentName, document);
    }
  });

  const wss = new WebSocketServer({noServer: true, maxPayload: limits.maxMessageBytes});
  const http = createServer((req, res) => handle(req, res));

  http.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/studio/collab") {
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on("error", () => {}); // e.g. a frame over maxPayload: ws closes the socket with 1009
        guardSocket(ws, {
          users: opts.users,
          limits,
          document: (name) => hocuspocus.documents.get(name),
          onReject: (reason, person) => log(`rejected (${person?.name ?? "anonymous"}): ${reason}`)
        });
        hocuspocus.handleConnection(ws, req);
      });
    } else if (preview && sessionPerson(req)) {
      proxyUpgrade(preview, req, socket, head);
    } else {
      socket.destroy();
    }
  });

  function sessionPerson(req: IncomingMessage): Person | null {
    const auth = req.headers.authorization;
    if (auth?.startsWith("Bearer ")) return opts.users.lookup(auth.slice(7));
    const cookie = (req.headers.cookie ?? "").split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`));
    return cookie ? opts.users.lookup(decodeURIComponent(cookie.slice(COOKIE.length + 1))) : null;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://x");
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, {"content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers});
      res.end(body);
    };
    const json = (status: number, body: unknown, headers?: Record<string, string>) => send(status, "application/json; charset=utf-8", JSON.stringify(body), headers);
    switch (url.pathname) {
      case "/studio":
        return send(302, "text/plain", "", {location: "/studio/"});
      case "/studio/":
        return send(200, "text/html; charset=utf-8", assets["index.html"]);
      case "/studio/app.js":
        return send(200, "text/javascript; charset=utf-8", assets["app.js"]);
      case "/studio/app.css":
        return send(200, "text/css; charset=utf-8", assets["app.css"]);
      case "/studio/api/me": {
        const person = sessionPerson(req);
        if (!person) return json(401, {error: "onbekende toegangscode"});
        const token = req.headers.authorization?.slice(7) ?? "";
        // The cookie lets the preview iframe (same origin, no headers of ours) through the proxy.
        const cookie = token ? {"set-cookie": `${COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`} : undefined;
        return json(200, {...person, preview: preview !== null}, cookie);
      }
      case "/studio/api/pages":
        if (!sessionPerson(req)) return json(401, {error: "onbekende toegangscode"});
        return json(200, listPages(srcDir));
    }
    if (url.pathname.startsWith("/studio/")) return send(404, "text/plain; charset=utf-8", "Niet gevonden");
    if (!preview) return send(url.pathname === "/" ? 302 : 404, "text/plain; charset=utf-8", "Geen voorbeeldserver actief.", url.pathname === "/" ? {location: "/studio/"} : {});
    if (!sessionPerson(req)) return send(url.pathname === "/" ? 302 : 401, "text/plain; charset=utf-8", "Log eerst in via /studio/.", url.pathname === "/" ? {location: "/studio/"} : {});
    proxyRequest(preview, req, res);
  }

  await new Promise<void>((ok) => http.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", ok));
  const port = (http.address() as AddressInfo).port;

  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}/studio/`,
    port,
    document: (name) => hocuspocus.documents.get(name),
    async close() {
      for (const client of wss.clients) client.terminate();
      hocuspocus.closeConnections();
      for (const link of links.values()) link.close();
      links.clear();
      await new Promise((ok) => http.close(ok));
      store.close();
    }
  };
}
