/**
 * Framework's live preview, prepared the way the build prepares it and served as readers will see it:
 * `prepareWorkspace` vendors the browser libraries (a failure stops the preview: Framework would otherwise
 * fetch them from a CDN) and refreshes the loader cache stamp (loaders/snapshot/cache.ts), so switching
 * BUURTBOEK_DATA_DIR never serves another workspace's numbers; the proxy in front of it (server/proxy.ts)
 * sets `lang="nl"` and a zoomable viewport on every page, as scripts/postbuild.ts does for the build.
 *
 * Used by Studio (behind its preview origin) and by `npm run dev`:
 *
 *   tsx studio/preview.ts [--port 3000] [--host 127.0.0.1]
 */
import {spawn, type ChildProcess} from "node:child_process";
import {existsSync} from "node:fs";
import {createServer as createHttpServer} from "node:http";
import {createServer, type AddressInfo} from "node:net";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {parseArgs} from "node:util";
import {syncLoaderCache} from "../loaders/snapshot/cache.js";
import {workspace} from "../loaders/snapshot/paths.js";
import {vendor} from "../scripts/vendor.js";
import {proxyRequest, proxyUpgrade} from "./server/proxy.js";

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address() as AddressInfo;
      server.close(() => ok(port));
    });
  });
}

/**
 * Vendors the browser libraries into `<root>/src` (when `root` is a Framework project) and refreshes
 * Framework's loader cache for the current BUURTBOEK_DATA_DIR. Throws with the reason when vendoring fails.
 */
export async function prepareWorkspace(root: string): Promise<{cacheCleared: boolean}> {
  if (existsSync(join(root, "observablehq.config.ts"))) {
    try {
      await vendor(join(root, "src"));
    } catch (error) {
      throw new Error(`vendoring the browser libraries failed, so the preview would load them from a CDN; not starting it: ${(error as Error).message}`);
    }
  }
  return {cacheCleared: await syncLoaderCache(workspace(), root)};
}

/** Runs `observable preview` for `root` on loopback `port` (offline: no telemetry). Its output goes to `log`. */
export function startPreview(root: string, port: number, log: (line: string) => void): ChildProcess {
  const child = spawn("npx", ["observable", "preview", "--no-open", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"},
    stdio: ["ignore", "pipe", "pipe"]
  });
  child.stdout?.on("data", (d) => log(String(d).trimEnd()));
  child.stderr?.on("data", (d) => log(String(d).trimEnd()));
  return child;
}

/** `npm run dev`: prepare, start Framework's preview on a private port, serve it rewritten on the public one. */
async function dev(): Promise<void> {
  const {values} = parseArgs({options: {port: {type: "string", default: "3000"}, host: {type: "string", default: "127.0.0.1"}}});
  const root = resolve(fileURLToPath(import.meta.url), "../..");
  const {cacheCleared} = await prepareWorkspace(root);
  if (cacheCleared) console.log("data or loader code changed: cleared Framework's cached src/data outputs");
  const internal = await freePort();
  const target = new URL(`http://127.0.0.1:${internal}`);
  const server = createHttpServer((req, res) => proxyRequest(target, req, res));
  server.on("upgrade", (req, socket, head) => proxyUpgrade(target, req, socket, head));
  await new Promise<void>((ok) => server.listen(Number(values.port), values.host, ok));
  const url = `http://${values.host}:${(server.address() as AddressInfo).port}/`;
  // Framework prints its own (private) address; readers need ours.
  const child = startPreview(root, internal, (line) => console.log(line.replaceAll(target.href, url)));
  console.log(`Buurtboek preview: ${url}`);
  const stop = () => {
    child.kill("SIGTERM");
    server.close();
    process.exit(0);
  };
  child.once("exit", (code) => {
    console.error(`observable preview exited (${code})`);
    process.exit(code ?? 1);
  });
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  dev().catch((error) => {
    console.error(`preview: ${(error as Error).message}`);
    process.exit(1);
  });
}
