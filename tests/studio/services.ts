/**
 * Real Redis and PostgreSQL servers for the multi-instance tests and the bench: Debian's `redis-server` and
 * `postgres` on loopback, random ports, temp folders, stopped afterwards. PostgreSQL refuses to run as root,
 * so under root it runs as the `postgres` OS user, with a data folder owned by that user.
 */
import {execFileSync, spawn, type ChildProcess} from "node:child_process";
import {chownSync, existsSync, mkdtempSync, readdirSync, rmSync} from "node:fs";
import {createConnection} from "node:net";
import {tmpdir} from "node:os";
import {join} from "node:path";
import pg from "pg";
import {freePort} from "../../studio/preview.js";

export interface Service {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Debian's PostgreSQL binaries folder (newest version), or null. */
export function postgresBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin/postgres"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], "bin") : null;
}

/** Why the services cannot run here, or null when they can. */
export function servicesMissing(): string | null {
  const missing: string[] = [];
  if (!existsSync("/usr/bin/redis-server")) missing.push("redis-server (apt-get install redis-server)");
  if (!postgresBin()) missing.push("PostgreSQL (apt-get install postgresql)");
  return missing.length ? `not installed: ${missing.join(", ")}` : null;
}

/** Starts redis-server on a random loopback port, without persistence. */
export async function startRedis(): Promise<Service> {
  const port = await freePort();
  const child = spawn("/usr/bin/redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {stdio: ["ignore", "pipe", "pipe"]});
  await waitForOutput(child, /Ready to accept connections/, "redis-server");
  return {url: `redis://127.0.0.1:${port}`, child, stop: () => stopChild(child, "SIGTERM")};
}

/**
 * Starts PostgreSQL in a fresh temp cluster on a random loopback port (trust auth, superuser `studio`).
 * `fast` turns fsync off, for tests that never kill PostgreSQL itself.
 */
export async function startPostgres(opts: {fast?: boolean} = {}): Promise<Service> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql)");
  const dir = mkdtempSync(join(tmpdir(), "studio-pg-"));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? {uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString())} : {};
  if (asRoot) chownSync(dir, owner.uid!, owner.gid!);
  const data = join(dir, "data");
  execFileSync(join(bin, "initdb"), ["-D", data, "-U", "studio", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], {...owner, stdio: "pipe", cwd: dir});
  const port = await freePort();
  const settings = ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${dir}`, ...(opts.fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off"] : [])];
  const child = spawn(join(bin, "postgres"), ["-D", data, "-p", String(port), ...settings], {...owner, cwd: dir, stdio: ["ignore", "pipe", "pipe"]});
  await waitForOutput(child, /database system is ready to accept connections/, "postgres");
  return {
    url: `postgres://studio@127.0.0.1:${port}/postgres`,
    child,
    async stop() {
      await stopChild(child, "SIGINT"); // fast shutdown
      rmSync(dir, {recursive: true, force: true});
    }
  };
}

/** A new, empty database on the server at `url`; returns its URL. */
export async function freshDatabase(url: string, name: string): Promise<string> {
  const client = new pg.Client({connectionString: url});
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}

/** `GET key` against Redis over a raw socket (RESP), for tests that check the lease. */
export function redisGet(url: string, key: string): Promise<string | null> {
  const {hostname, port} = new URL(url);
  return new Promise((ok, fail) => {
    const socket = createConnection(Number(port), hostname, () => socket.write(`*2\r\n$3\r\nGET\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`));
    let reply = "";
    socket.on("data", (d) => {
      reply += d;
      const bulk = /^\$(-?\d+)\r\n/.exec(reply);
      if (!bulk) return;
      const length = Number(bulk[1]);
      if (length < 0) return socket.end(), ok(null);
      if (reply.length >= bulk[0].length + length) socket.end(), ok(reply.slice(bulk[0].length, bulk[0].length + length));
    });
    socket.on("error", fail);
  });
}

function waitForOutput(child: ChildProcess, ready: RegExp, name: string): Promise<void> {
  return new Promise((ok, fail) => {
    let out = "";
    const check = (d: Buffer) => {
      out += d;
      if (ready.test(out)) ok();
    };
    child.stdout?.on("data", check);
    child.stderr?.on("data", check);
    child.once("exit", (code) => fail(new Error(`${name} exited (${code}): ${out.slice(-2000)}`)));
    child.once("error", (error) => fail(new Error(`${name} did not start: ${error.message}`)));
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      ok();
    });
    child.kill(signal);
  });
}

/**
 * A TCP load balancer with failover, standing in for the proxy in front of several instances: each new
 * connection goes to the first backend in `backends` that accepts it. WebSocket upgrades pass untouched.
 */
export async function startFailoverProxy(backends: number[]): Promise<{port: number; backends: number[]; close(): Promise<void>}> {
  const {createServer, connect} = await import("node:net");
  const sockets = new Set<import("node:net").Socket>();
  const state = {backends: [...backends]};
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.pause();
    const tryBackend = (i: number) => {
      if (i >= state.backends.length) return client.destroy();
      const upstream = connect(state.backends[i], "127.0.0.1");
      upstream.once("error", () => tryBackend(i + 1));
      upstream.once("connect", () => {
        sockets.add(upstream);
        upstream.removeAllListeners("error");
        const end = () => {
          client.destroy();
          upstream.destroy();
        };
        upstream.on("error", end);
        client.on("error", end);
        upstream.on("close", end);
        client.on("close", end);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    port: (server.address() as import("node:net").AddressInfo).port,
    get backends() {
      return state.backends;
    },
    set backends(list: number[]) {
      state.backends = list;
    },
    close: () =>
      new Promise<void>((ok) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => ok());
      })
  };
}
