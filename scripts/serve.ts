/**
 * Serves a built site (dist/) for `npm start` and the browser tests: the precompressed `.br`/`.gz` files that the
 * build wrote (sirv picks one by Accept-Encoding), long-lived immutable caching for content-hashed and versioned
 * assets, revalidation for pages. Listens on 127.0.0.1; port 0 picks a free one.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import sirv from "sirv";

/** A running static server. */
export interface StaticServer {
  url: string;
  /** Resolves once no request has been open, started or finished for `quietMs` (tests wait for it before counting bytes). */
  idle(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Called once per response with the request path and the bytes sent (used by the page-weight bench and budget test). */
export type ServeLog = (path: string, bytes: number, req: IncomingMessage, res: ServerResponse) => void;

/** Options of `serveStatic`. */
export interface ServeOptions {
  /** Serve `.br`/`.gz` files when the client accepts them (default true; the bench turns it off for "before"). */
  precompressed?: boolean;
  /** Called per response with the bytes sent. */
  log?: ServeLog;
}

/** Cache-Control for a request path: a year and immutable for hashed or versioned assets, revalidate otherwise. */
export function cacheControl(pathname: string): string {
  // Framework names assets by content hash (`client.d00d6697.js`, `_npm/vega@6.4.0/04cee859.js`) or by the
  // package version in the folder (`_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm`): they never change.
  const hashed = /\.[0-9a-f]{8}\.[a-z0-9]+$/i.test(pathname) || /^\/_npm\/(?:@[^/]+\/)?[^/]+@\d[^/]*\//.test(pathname);
  return hashed ? "public, max-age=31536000, immutable" : "no-cache";
}

// sirv streams files and sets headers through writeHead, so count the body as it is written.
function countBytes(res: ServerResponse, done: (bytes: number) => void): void {
  let bytes = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  res.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    return write(chunk, ...rest);
  }) as typeof res.write;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === "string" || chunk instanceof Uint8Array) bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    return end(chunk, ...rest);
  }) as typeof res.end;
  res.on("finish", () => done(bytes));
}

/** Serves `dir` on 127.0.0.1 (`port` 0: a free port); the third argument may be a log function alone. */
export async function serveStatic(dir: string, port = 0, options: ServeOptions | ServeLog = {}): Promise<StaticServer> {
  const {precompressed = true, log} = typeof options === "function" ? {log: options} : options;
  const handler = sirv(dir, {
    dev: false,
    etag: true,
    extensions: ["html"],
    brotli: precompressed,
    gzip: precompressed,
    setHeaders: (res, pathname) => res.setHeader("Cache-Control", cacheControl(pathname))
  });
  let pending = 0;
  let lastActivity = Date.now();
  const server: Server = createServer((req, res) => {
    pending++;
    lastActivity = Date.now();
    res.on("close", () => {
      pending--;
      lastActivity = Date.now();
    });
    if (log) countBytes(res, (bytes) => log(req.url ?? "/", bytes, req, res));
    // A byte range is a range of the file itself (DuckDB reads files so); never answer it from a compressed copy.
    if (req.headers.range) delete req.headers["accept-encoding"];
    handler(req, res, () => {
      res.statusCode = 404;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end("niet gevonden");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const {port: actual} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    idle: async (quietMs = 1500) => {
      while (pending > 0 || Date.now() - lastActivity < quietMs) await new Promise((r) => setTimeout(r, 100));
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}

if (process.argv[1] && (await import("node:path")).resolve(process.argv[1]) === (await import("node:url")).fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? "dist";
  const port = Number(process.env.PORT ?? 3000);
  const server = await serveStatic(dir, port);
  console.log(`Buurtboek draait op ${server.url}/  (stop met Ctrl+C)`);
}
