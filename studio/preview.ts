/** Starts Framework's live preview for the workspace, offline (vendored npm cache, no telemetry). */
import {spawn, spawnSync, type ChildProcess} from "node:child_process";
import {existsSync} from "node:fs";
import {createServer} from "node:net";
import {join} from "node:path";

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address() as {port: number};
      server.close(() => ok(port));
    });
  });
}

/** Vendors browser libraries, then runs `observable preview` on `port`. Its own output goes to `log`. */
export function startPreview(root: string, port: number, log: (line: string) => void): ChildProcess {
  const env = {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"};
  if (existsSync(join(root, "scripts/vendor.ts"))) {
    // Without the vendored cache Framework would fetch npm: imports from a CDN.
    const vendored = spawnSync("npx", ["tsx", "scripts/vendor.ts"], {cwd: root, env, encoding: "utf8"});
    if (vendored.status !== 0) log(`vendor failed: ${vendored.stderr}`);
  }
  const child = spawn("npx", ["observable", "preview", "--no-open", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"]
  });
  child.stdout?.on("data", (d) => log(String(d).trimEnd()));
  child.stderr?.on("data", (d) => log(String(d).trimEnd()));
  return child;
}
