/** Serves a built site (dist/) on an ephemeral 127.0.0.1 port for browser tests and `npm start`. */
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import sirv from "sirv";

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(dir: string, port = 0): Promise<StaticServer> {
  const handler = sirv(dir, {dev: true, extensions: ["html"]});
  const server: Server = createServer((req, res) => handler(req, res, () => {
    res.statusCode = 404;
    res.end("niet gevonden");
  }));
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
