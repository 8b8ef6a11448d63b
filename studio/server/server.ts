/**
 * Studio's server. The Studio origin serves the editor (with a strict Content-Security-Policy), its small JSON
 * API and the collaboration WebSocket (Hocuspocus); the preview has an origin of its own (preview-origin.ts).
 *
 * One instance: documents in SQLite, the instance writes pages through to `src/`. Several instances: they
 * share documents through Redis (Hocuspocus's Redis extension) and PostgreSQL, and the instance holding the
 * Redis lease (lease.ts) writes through and merges outside edits; it keeps every page loaded to do so.
 */
import {Database} from "@hocuspocus/extension-database";
import {Hocuspocus, type Extension} from "@hocuspocus/server";
import {randomUUID} from "node:crypto";
import {readFileSync} from "node:fs";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import {join, resolve} from "node:path";
import {WebSocketServer, type WebSocket} from "ws";
import type * as Y from "yjs";
import {TEXT} from "../shared/schema.js";
import type {Person, Users} from "./auth.js";
import {buildClient, type ClientAssets} from "./bundle.js";
import {FileLink, type FileLinkOptions} from "./files.js";
import {guardSocket, type GuardedSocket} from "./guard.js";
import {Lease} from "./lease.js";
import {defaultLimits, type Limits} from "./limits.js";
import {PageOps, type LiveDocuments} from "./page-ops.js";
import {listPages, pagePath} from "./pages.js";
import {Store} from "./persistence.js";
import {PostgresStore} from "./postgres.js";
import {redisConfig, SharedDocuments} from "./redis.js";
import {startPreviewOrigin, type PreviewOrigin} from "./preview-origin.js";
import {EditRecorder} from "./review/authors.js";
import type {Journal} from "./review/journal.js";
import {PostgresJournal} from "./review/journal-postgres.js";
import {SqliteJournal} from "./review/journal-sqlite.js";
import {Publisher} from "./review/publisher.js";
import {Review, type PageSource} from "./review/review.js";
import {PublishedSite} from "./review/site.js";
import {Routes} from "./routes.js";
import {allowSignIn, allowStateChange, caller, csrfToken, socketCredential} from "./csrf.js";
import {isHttps, newSession, requestHost, sameOrigin, sessionCookie, Tickets} from "./session.js";
import {coalesceWrites, holdAcks} from "./sockets.js";
import {seedFrom, type DocumentStore} from "./store.js";
import {permissions, workspaceApi} from "./workspace-api.js";

type DirectConnection = Awaited<ReturnType<Hocuspocus["openDirectConnection"]>>;

export interface StudioOptions {
  /** Workspace root; pages are `<root>/src/**\/*.md`. */
  root: string;
  users: Users;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Framework preview server to forward the preview origin to, e.g. http://127.0.0.1:4322. */
  previewUrl?: string | null;
  /** Port of the preview origin (0, the default, picks a free one). */
  previewPort?: number;
  /** The preview origin as browsers reach it, when a proxy serves it (e.g. https://voorbeeld.example.nl). */
  previewPublicUrl?: string;
  /** SQLite file; defaults to `<root>/.buurtboek/studio.sqlite` (git-ignored). */
  database?: string;
  /** PostgreSQL connection string: the shared store for several instances. */
  databaseUrl?: string;
  /** Redis URL (redis://host:port[/db]): instances share documents and presence, and hold the write lease. */
  redisUrl?: string;
  /** This instance's name in Redis; random by default. */
  instanceId?: string;
  /** Lifetime of the write-through lease; another instance takes over within about this long. */
  leaseMs?: number;
  /** Signs preview tickets; must be the same on every instance. Random by default. */
  secret?: string;
  limits?: Partial<Limits>;
  files?: Partial<FileLinkOptions>;
  /** The workspace's data folder (the build's BUURTBOEK_DATA_DIR); BUURTBOEK_DATA_DIR or `<root>/data` by default. */
  dataDir?: string;
  /** Where publications go; `<root>/published` by default. */
  publishedDir?: string;
  /** A publication build whose heartbeat is older than this is taken for dead (default 30 s). */
  staleBuildMs?: number;
  /** Commit and tag publications when the workspace is a git repository (default true). */
  git?: boolean;
  /** Logs rejected frames, closed sockets and lease changes. */
  log?: (line: string) => void;
}

export interface Studio {
  url: string;
  port: number;
  /** The preview origin's port, when a preview is configured. */
  previewPort: number | null;
  /** The live document, when loaded (for tests). */
  document(name: string): Y.Doc | undefined;
  /** True while this instance writes pages through to src/. */
  isWriter(): boolean;
  /** Review and publication (tests wait for builds with `review.idle()`). */
  review: Review;
  journal: Journal;
  publisher: Publisher;
  close(): Promise<void>;
}

export async function startStudio(opts: StudioOptions): Promise<Studio> {
  const root = resolve(opts.root);
  const srcDir = join(root, "src");
  const limits = {...defaultLimits, ...opts.limits};
  const fileOpts: FileLinkOptions = {writeDelayMs: 300, maxWriteDelayMs: 2000, ...opts.files};
  const log = opts.log ?? (() => {});
  if (opts.redisUrl && !opts.databaseUrl) {
    throw new Error("STUDIO_REDIS_URL needs STUDIO_DATABASE_URL: instances must share one PostgreSQL store (SQLite is per machine)");
  }
  const databaseFile = opts.database ?? join(root, ".buurtboek", "studio.sqlite");
  const store: DocumentStore = opts.databaseUrl ? await PostgresStore.open(opts.databaseUrl, log) : new Store(databaseFile, {log});
  const journal: Journal = opts.databaseUrl ? await PostgresJournal.open(opts.databaseUrl, log) : new SqliteJournal(databaseFile);
  const dataDir = resolve(opts.dataDir ?? process.env.BUURTBOEK_DATA_DIR ?? join(root, "data"));
  const recorder = new EditRecorder(journal, log);
  // Several instances: learn of versions offered elsewhere, so authorship rounds stay in step.
  if (opts.databaseUrl) recorder.watch(1000, async () => {
    const versions = await journal.versions();
    return {count: versions.length, offeredAt: versions.at(-1)?.offeredAt ?? null};
  });
  const publisher = new Publisher({root, dataDir, publishedDir: opts.publishedDir, staleMs: opts.staleBuildMs, log});
  const site = new PublishedSite(publisher, journal);
  const routes = new Routes(root, dataDir);
  const instanceId = opts.instanceId ?? `studio-${randomUUID()}`;
  const redis = opts.redisUrl ? new SharedDocuments({...redisConfig(opts.redisUrl), prefix: "buurtboek-studio", identifier: instanceId, disconnectDelay: 200}) : null;
  const assets: ClientAssets = await buildClient();
  const tickets = new Tickets(opts.secret);
  const links = new Map<string, FileLink>();
  const direct = new Map<string, DirectConnection>();
  let writer = redis === null;

  const link = (name: string, document: Y.Doc) => {
    const path = pagePath(srcDir, name);
    if (!writer || links.has(name) || !path) return;
    const fileLink = new FileLink(name, path, document, store, fileOpts, log);
    links.set(name, fileLink);
    void fileLink.start();
  };

  const studioHooks: Extension = {
    async onAuthenticate({token, documentName, connectionConfig}) {
      const person = opts.users.lookup(token);
      if (!person) throw Object.assign(new Error("unknown token"), {reason: "permission-denied"});
      if (!pagePath(srcDir, documentName)) throw Object.assign(new Error("no such page"), {reason: "no-such-page"});
      // Hocuspocus then drops a viewer's updates itself, a second line behind the guard.
      connectionConfig.readOnly = person.role === "viewer";
      return {person};
    },
    async afterLoadDocument({document, documentName}) {
      // Every change, whoever made it (a client, the file, another instance through Redis), is appended; the
      // sender's ack waits for the commit (holdAcks), so an ack means stored.
      document.on("update", (update: Uint8Array) => {
        store.append(documentName, update);
        links.get(documentName)?.schedule();
      });
      // Who changed the text, for the four-eyes rule: a client's update is applied with its connection as the
      // transaction origin, and the connection's context holds the person it authenticated as.
      document.getText(TEXT).observe((_event, transaction) => {
        const person = (transaction.origin as {context?: {person?: Person}} | null)?.context?.person;
        if (person) recorder.note(documentName, person);
      });
      link(documentName, document);
    },
    async beforeUnloadDocument({documentName}) {
      // Stays in `links` until written, so closing the server waits for it too.
      const fileLink = links.get(documentName);
      await fileLink?.close();
      if (links.get(documentName) === fileLink) links.delete(documentName);
    }
  };

  const database = new Database({
    async fetch({documentName}) {
      const path = pagePath(srcDir, documentName);
      if (!path) throw new Error("no such page");
      return store.loadOrSeed(documentName, () => seedFrom(readFileSync(path, "utf8")));
    },
    // Hocuspocus calls this debounced (and, with Redis, on one instance at a time): it compacts the rows.
    async store({documentName, state}) {
      await store.compact(documentName, state);
    }
  });

  const hocuspocus = new Hocuspocus({
    quiet: true,
    debounce: 2000,
    maxDebounce: 10_000,
    extensions: [...(redis ? [redis] : []), database, studioHooks]
  });

  // The write-through lease (several instances only): the holder links every page, loaded for that purpose.
  let keepLoaded: NodeJS.Timeout | null = null;
  const loadAllPages = async () => {
    for (const page of listPages(srcDir)) {
      if (!writer || direct.has(page)) continue;
      const connection = await hocuspocus.openDirectConnection(page, {}).catch(() => null);
      if (connection && writer && !direct.has(page)) direct.set(page, connection);
      else await connection?.disconnect();
    }
  };
  const lease = redis
    ? new Lease({
        redis: redis.pub,
        key: "buurtboek-studio:writer",
        id: instanceId,
        ttlMs: opts.leaseMs ?? 5000,
        log,
        onChange(held) {
          writer = held;
          if (held) {
            for (const [name, document] of hocuspocus.documents) link(name, document);
            void loadAllPages();
            keepLoaded = setInterval(() => void loadAllPages(), 5000);
          } else {
            if (keepLoaded) clearInterval(keepLoaded);
            for (const fileLink of links.values()) fileLink.stop();
            links.clear();
            for (const connection of direct.values()) void connection.disconnect();
            direct.clear();
          }
        }
      })
    : null;
  lease?.start();

  const wss = new WebSocketServer({noServer: true, maxPayload: limits.maxMessageBytes});
  const guards = new Set<GuardedSocket>();
  // Live user changes: every open socket looks its people up again.
  const stopWatchingUsers = opts.users.onChange(() => guards.forEach((g) => g.recheck()));
  const http = createServer((req, res) => void handle(req, res));

  http.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    // Browsers always send Origin with a WebSocket handshake: code on the preview origin (or any other site)
    // cannot open a Studio socket, with or without the cookie.
    if (path !== "/studio/collab" || !sameOrigin(req)) {
      if (path === "/studio/collab") log(`refused a collaboration socket from origin ${req.headers.origin}`);
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", () => {}); // e.g. a frame over maxPayload: ws closes the socket with 1009
      coalesceWrites(ws);
      holdAcks(ws, store);
      const guard = guardSocket(ws, {
        users: opts.users,
        limits,
        credential: socketCredential(req),
        document: (name) => hocuspocus.documents.get(name),
        onReject: (reason, person) => log(`rejected (${person?.name ?? "anonymous"}): ${reason}`)
      });
      guards.add(guard);
      ws.once("close", () => guards.delete(guard));
      hocuspocus.handleConnection(ws, req);
    });
  });

  let previewOrigin: PreviewOrigin | null = null;
  if (opts.previewUrl) {
    previewOrigin = await startPreviewOrigin({target: new URL(opts.previewUrl), users: opts.users, tickets, host: opts.host ?? "127.0.0.1", port: opts.previewPort ?? 0});
  }
  /** The preview origin as the browser that sent `req` reaches it. */
  const previewBase = (req: IncomingMessage): string | null => {
    if (!previewOrigin) return null;
    if (opts.previewPublicUrl) return opts.previewPublicUrl.replace(/\/$/, "");
    const hostname = new URL(`http://${requestHost(req) || "127.0.0.1"}`).hostname;
    return `${isHttps(req) ? "https" : "http"}://${hostname.includes(":") ? `[${hostname}]` : hostname}:${previewOrigin.port}`;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, {"content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", ...headers});
      res.end(body);
    };
    const json = (status: number, body: unknown, headers?: Record<string, string>) => send(status, "application/json; charset=utf-8", JSON.stringify(body), headers);
    const denied = () => json(401, {error: "onbekende toegangscode"});
    switch (url.pathname) {
      case "/":
      case "/studio":
        return send(302, "text/plain", "", {location: "/studio/"});
      case "/studio/":
        return send(200, "text/html; charset=utf-8", assets["index.html"], {"content-security-policy": editorPolicy(previewBase(req))});
      case "/studio/app.js":
        return send(200, "text/javascript; charset=utf-8", assets["app.js"]);
      case "/studio/app.css":
        return send(200, "text/css; charset=utf-8", assets["app.css"]);
      case "/studio/api/login": {
        // The token from a #token= link or the login form, posted by the editor (which asks first when someone
        // is signed in already); from then on only the HttpOnly cookie holds it. `check` only says whose it is.
        if (!allowSignIn(req, res, opts.users)) return;
        const {token, check} = await readLogin(req);
        const person = opts.users.lookup(token);
        if (!person || token === null) return denied();
        if (check) return json(200, {id: person.id, name: person.name, role: person.role});
        const session = newSession(token);
        return json(200, {...me(person, req), csrf: csrfToken(session)}, {"set-cookie": sessionCookie(session, req)});
      }
      case "/studio/api/logout":
        if (!allowStateChange(req, res, opts.users)) return;
        return json(200, {}, {"set-cookie": sessionCookie(null, req)});
      case "/studio/api/me": {
        const who = caller(req, opts.users);
        return who ? json(200, me(who.person, req)) : denied();
      }
    }
    if (await site.handle(req, res, url.pathname)) return;
    if (url.pathname.startsWith("/studio/api/") && (await api(req, res, url.pathname, json))) return;
    return send(404, "text/plain; charset=utf-8", "Niet gevonden");
  }

  /** Who is signed in, what they may do, and the link that opens the preview origin for them (a preview-only ticket). */
  function me(person: Person, req: IncomingMessage) {
    const base = previewBase(req);
    return {...person, can: permissions(person), preview: base ? `${base}/__studio/enter?ticket=${encodeURIComponent(tickets.issue(person.id))}` : null};
  }

  // Pages as the review, the history and the data panel see them: live documents first, files otherwise.
  const textOf = (page: string): string => {
    const doc = hocuspocus.documents.get(page);
    if (doc) return doc.getText(TEXT).toString();
    const path = pagePath(srcDir, page);
    return path ? readFileSync(path, "utf8") : "";
  };
  const live: LiveDocuments = {
    async withDocument(page, work) {
      const connection = await hocuspocus.openDirectConnection(page, {});
      try {
        return work(connection.document!);
      } finally {
        await connection.disconnect();
      }
    },
    async retire(page) {
      const fileLink = links.get(page);
      fileLink?.stop();
      links.delete(page);
      await direct.get(page)?.disconnect().catch(() => {});
      direct.delete(page);
      hocuspocus.closeConnections(page);
      for (let waited = 0; hocuspocus.documents.has(page) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      await store.forget(page);
    },
    async seed(page, state, text) {
      await store.loadOrSeed(page, () => ({update: state, base: text}));
    }
  };
  /** Every page frozen for a version: documents loaded first (with their stored edits), then read in one tick. */
  const held: Array<Awaited<ReturnType<Hocuspocus["openDirectConnection"]>>> = [];
  const pageSource: PageSource = {
    async prepare() {
      for (const page of listPages(srcDir)) {
        if (!hocuspocus.documents.has(page)) held.push(await hocuspocus.openDirectConnection(page, {}));
      }
    },
    texts() {
      const pages = listPages(srcDir).map((path) => ({path, text: textOf(path)}));
      for (const connection of held.splice(0)) void connection.disconnect();
      return pages;
    }
  };
  const review = new Review({root, dataDir, journal, recorder, publisher, pages: pageSource, git: opts.git, log});
  review.start();
  const pageOps = new PageOps({srcDir, dataDir, journal, recorder, live});
  const api = workspaceApi({
    srcDir, dataDir, journal, review, publisher, routes, pages: pageOps, textOf,
    // Every route goes through csrf.ts: reads need a session (cookie + its CSRF token) or a Bearer token,
    // changes also the Studio Origin.
    caller: (req) => caller(req, opts.users)?.person ?? null,
    allowStateChange: (req, res) => allowStateChange(req, res, opts.users)?.person ?? null
  });

  await new Promise<void>((ok) => http.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", ok));
  const port = (http.address() as AddressInfo).port;

  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}/studio/`,
    port,
    previewPort: previewOrigin?.port ?? null,
    document: (name) => hocuspocus.documents.get(name),
    isWriter: () => writer,
    review,
    journal,
    publisher,
    async close() {
      stopWatchingUsers();
      review.stop();
      recorder.stop();
      publisher.stopAll();
      await review.idle();
      if (keepLoaded) clearInterval(keepLoaded);
      for (const client of wss.clients) client.terminate();
      hocuspocus.closeConnections();
      await Promise.all([...links.values()].map((l) => l.close()));
      links.clear();
      await Promise.all([...direct.values()].map((c) => c.disconnect().catch(() => {})));
      direct.clear();
      await lease?.stop();
      await new Promise((ok) => http.close(ok));
      await previewOrigin?.close();
      await store.flushed();
      if (redis) await redis.onDestroy();
      await recorder.flushed();
      await store.close();
      await journal.close();
    }
  };
}

/**
 * The editor's Content-Security-Policy: scripts and styles from Studio only (CodeMirror sets inline styles),
 * network only to Studio itself (its API and socket), frames only from the preview origin, and no one may
 * frame the editor.
 */
export function editorPolicy(previewOrigin: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${previewOrigin ?? "'none'"}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'"
  ].join("; ");
}

/** Reads `{"token": "…", "check"?: true}` (at most 4 KiB) from a request body; token null when it is anything else. */
async function readLogin(req: IncomingMessage): Promise<{token: string | null; check: boolean}> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) return {token: null, check: false};
  }
  try {
    const {token, check} = JSON.parse(body) as {token?: unknown; check?: unknown};
    return {token: typeof token === "string" ? token : null, check: check === true};
  } catch {
    return {token: null, check: false};
  }
}
