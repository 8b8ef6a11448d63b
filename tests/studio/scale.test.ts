import type {ChildProcess} from "node:child_process";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from "vitest";
import * as Y from "yjs";
import {PostgresStore} from "../../studio/server/postgres.js";
import {client, INITIAL, PAGE, settled, spawnStudio, until, USERS, workspace, wsUrlOf, type Client} from "./helpers.js";
import {freshDatabase, redisGet, servicesMissing, startFailoverProxy, startPostgres, startRedis, type Service} from "./services.js";

/**
 * Several Studio instances on real Redis and PostgreSQL (Debian's redis-server and postgres, started here on
 * random loopback ports). In CI a missing service fails the run; elsewhere the suite is skipped with the reason.
 */
const missing = servicesMissing();
const LEASE = "buurtboek-studio:writer";

describe.skipIf(missing !== null && process.env.CI !== "true")(`several instances on Redis and PostgreSQL${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let redis: Service;
  let postgres: Service;
  let ws: ReturnType<typeof workspace>;
  let databaseUrl: string;
  const children: ChildProcess[] = [];
  const clients: Client[] = [];
  let dbCount = 0;

  beforeAll(async () => {
    if (missing) throw new Error(`CI needs real Redis and PostgreSQL for the multi-instance tests: ${missing}`);
    [redis, postgres] = await Promise.all([startRedis(), startPostgres({fast: true})]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), postgres?.stop()]);
  });
  beforeEach(async () => {
    ws = workspace();
    databaseUrl = await freshDatabase(postgres.url, `studio_${process.pid}_${++dbCount}`);
    // Each test starts with no lease holder.
    await flushRedis();
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await Promise.all(children.splice(0).map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((ok) => (child.once("exit", ok), child.kill("SIGKILL"))) : null)));
    ws.cleanup();
  });

  const instance = async (id: string) => {
    const started = await spawnStudio(ws.root, 50, {STUDIO_DATABASE_URL: databaseUrl, STUDIO_REDIS_URL: redis.url, STUDIO_INSTANCE: id, STUDIO_LEASE_MS: "1500"});
    children.push(started.child);
    return {...started, port: Number(new URL(started.url).port)};
  };
  const connect = (wsUrl: string, token: string) => {
    const c = client(wsUrl, token);
    clients.push(c);
    return c;
  };
  const flushRedis = async () => {
    const {createConnection} = await import("node:net");
    const {hostname, port} = new URL(redis.url);
    await new Promise<void>((ok, fail) => {
      const socket = createConnection(Number(port), hostname, () => socket.write("*1\r\n$8\r\nFLUSHALL\r\n"));
      socket.once("data", () => (socket.end(), ok()));
      socket.once("error", fail);
    });
  };
  const file = () => readFileSync(join(ws.root, "src", PAGE), "utf8");

  it("two instances with clients on each converge, and presence crosses instances", async () => {
    const a = await instance("a");
    await until(async_(() => redisGet(redis.url, LEASE)), "instance a takes the lease");
    const b = await instance("b");
    const anna = connect(a.wsUrl, USERS.anna.token);
    const bram = connect(b.wsUrl, USERS.bram.token);
    await Promise.all([settled(anna), settled(bram)]);
    expect(anna.text.toString()).toBe(INITIAL);
    expect(bram.text.toString()).toBe(INITIAL); // seeded once, not twice

    anna.text.insert(anna.text.length, "Anna via a.\n");
    bram.text.insert(0, "Bram via b. ");
    const expected = "Bram via b. " + INITIAL + "Anna via a.\n";
    await until(() => anna.text.toString() === expected && bram.text.toString() === expected, "both replicas converge");

    // A burst (many edits within one publish window) crosses Redis as merged updates, and arrives whole.
    for (let i = 0; i < 200; i++) anna.text.insert(anna.text.length, String(i % 10));
    await until(() => bram.text.toString() === anna.text.toString(), "a burst of 200 edits reaches the other instance");
    expect(bram.text.toString()).toBe(expected + "0123456789".repeat(20));

    anna.provider.setAwarenessField("user", {id: "anna", name: "Anna de Vries", color: "#1f77b4", colorLight: "#1f77b433", role: "editor"});
    const annaSeenByBram = () => [...bram.provider.awareness!.getStates().values()].some((s) => (s as {user?: {id: string}}).user?.id === "anna");
    await until(annaSeenByBram, "Anna's presence reaches Bram on the other instance");

    // Only the lease holder (a) writes the file; it gets both edits.
    expect(await redisGet(redis.url, LEASE)).toBe("a");
    await until(() => file() === expected + "0123456789".repeat(20), "the writer writes both instances' edits through");
  });

  it("kill -9 one instance: its clients reconnect to the other, nothing acknowledged is lost, the lease moves", async () => {
    const a = await instance("a");
    await until(async_(() => redisGet(redis.url, LEASE)), "instance a takes the lease");
    const b = await instance("b");
    // Clients reach the instances through a failover proxy; for now it sends everyone to a.
    const proxy = await startFailoverProxy([a.port]);
    try {
      const proxied = `ws://127.0.0.1:${proxy.port}/studio/collab`;
      const anna = connect(proxied, USERS.anna.token);
      const bram = connect(proxied, USERS.bram.token);
      await Promise.all([settled(anna), settled(bram)]);
      for (let i = 0; i < 20; i++) (i % 2 ? anna : bram).text.insert(0, `regel ${i}\n`);
      await Promise.all([settled(anna), settled(bram)]);
      const acknowledged = anna.text.toString();
      expect(acknowledged).toContain("regel 19");

      const died = new Promise((ok) => a.child.once("exit", ok));
      a.child.kill("SIGKILL");
      await died;

      // Before any client reconnects: everything acknowledged is in PostgreSQL, not just in a's memory.
      const store = await PostgresStore.open(databaseUrl);
      const stored = new Y.Doc();
      Y.applyUpdate(stored, (await store.loadOrSeed(PAGE, () => null))!);
      await store.close();
      expect(stored.getText("text").toString()).toBe(acknowledged);

      // The proxy now knows only b: the clients reconnect there and carry on.
      proxy.backends = [b.port];
      anna.text.insert(anna.text.length, "Na de storing.\n");
      await until(() => anna.socket.status === "connected" && bram.socket.status === "connected", "clients reconnect to b");
      await Promise.all([settled(anna), settled(bram)]);
      await until(() => bram.text.toString() === acknowledged + "Na de storing.\n", "edits after the failover reach the other client");

      // The lease moves to b within seconds, and b writes through from then on.
      await until(async_(async () => (await redisGet(redis.url, LEASE)) === "b"), "the write-through lease moves to b");
      await until(() => file() === acknowledged + "Na de storing.\n", "b writes the page through");
      // A fresh client of b sees the same document.
      const cees = connect(wsUrlOf(b.url), USERS.cees.token);
      await settled(cees);
      expect(cees.text.toString()).toBe(acknowledged + "Na de storing.\n");
    } finally {
      await proxy.close();
    }
  });
});

/** Turns an async check into a polling one for `until` (which takes a sync predicate). */
function async_(check: () => Promise<unknown>): () => boolean {
  let result = false;
  let running = false;
  return () => {
    if (!running) {
      running = true;
      check().then((value) => ((result = Boolean(value)), (running = false)), () => (running = false));
    }
    return result;
  };
}
