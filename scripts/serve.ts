/** Serves a built site (dist/) on an ephemeral 127.0.0.1 port for browser tests and `npm start`. */
import {createServer, type Server, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import sirv from "sirv";

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Called once per response with the request path and the bytes sent (used by the page-weight bench). */
export type ServeLog = (path: string, bytes: number) => void;

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

export async function serveStatic(dir: string, port = 0, log?: ServeLog): Promise<StaticServer> {
  const handler = sirv(dir, {dev: true, extensions: ["html"]});
  const server: Server = createServer((req, res) => {
    if (log) countBytes(res, (bytes) => log(req.url ?? "/", bytes));
    handler(req, res, () => {
      res.statusCode = 404;
      res.end("niet gevonden");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const {port: actual} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}

if (process.argv[1] && (await import("node:path")).resolve(process.argv[1]) === (await import("node:url")).fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? "dist";
  const port = Number(process.env.PORT ?? 3000);
  const server = await serveStatic(dir, port);
  console.log(`Buurtboek draait op ${server.url}/  (stop met Ctrl+C)`);
}
