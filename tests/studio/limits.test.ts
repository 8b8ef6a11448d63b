import * as encoding from "lib0/encoding";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import WebSocket from "ws";
import type {Studio} from "../../studio/server/server.js";
import {CloseCode} from "../../studio/server/guard.js";
import {TokenBucket} from "../../studio/server/limits.js";
import {client, PAGE, settled, studio, until, USERS, workspace, wsUrlOf, type Client} from "./helpers.js";

/** Opens a raw socket and authenticates it for the page as Anna, the way the provider does. */
async function rawSocket(url: string): Promise<{sock: WebSocket; closed: Promise<number>}> {
  const sock = new WebSocket(url);
  const closed = new Promise<number>((ok) => sock.once("close", (code) => ok(code)));
  await new Promise((ok) => sock.once("open", ok));
  const e = encoding.createEncoder();
  encoding.writeVarString(e, PAGE);
  encoding.writeVarUint(e, 2); // Auth
  encoding.writeVarUint(e, 0); // Token
  encoding.writeVarString(e, USERS.anna.token);
  sock.send(encoding.toUint8Array(e));
  return {sock, closed};
}

describe("message limits", () => {
  let ws: ReturnType<typeof workspace>;
  let server: Studio;
  const clients: Client[] = [];

  beforeEach(async () => {
    ws = workspace();
    server = await studio(ws.root, {limits: {maxMessageBytes: 64 * 1024, messagesPerSecond: 50, burstMessages: 100}});
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await server.close();
    ws.cleanup();
  });

  /** Checks that a regular client keeps editing and receiving after another socket was closed. */
  async function othersUnharmed(anna: Client, bram: Client, marker: string) {
    anna.text.insert(anna.text.length, marker);
    await until(() => bram.text.toString().includes(marker), "edit after the bad socket closed");
  }

  async function twoClients() {
    const anna = client(wsUrlOf(server.url), USERS.anna.token);
    const bram = client(wsUrlOf(server.url), USERS.bram.token);
    clients.push(anna, bram);
    await Promise.all([settled(anna), settled(bram)]);
    return [anna, bram] as const;
  }

  it("closes only the socket that sends garbage", async () => {
    const [anna, bram] = await twoClients();
    for (const garbage of [Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), Buffer.from("hallo"), garbageUpdate()]) {
      const {sock, closed} = await rawSocket(wsUrlOf(server.url));
      sock.send(garbage);
      expect(await closed).toBe(CloseCode.Malformed);
    }
    await othersUnharmed(anna, bram, "na rommel");
  });

  it("closes only the socket that sends an oversized message", async () => {
    const [anna, bram] = await twoClients();
    const {sock, closed} = await rawSocket(wsUrlOf(server.url));
    sock.send(Buffer.alloc(200 * 1024, 1));
    expect(await closed).toBe(1009); // ws: message too big
    await othersUnharmed(anna, bram, "na te groot");
  });

  it("closes only the socket that floods", async () => {
    const [anna, bram] = await twoClients();
    const {sock, closed} = await rawSocket(wsUrlOf(server.url));
    const e = encoding.createEncoder();
    encoding.writeVarString(e, PAGE);
    encoding.writeVarUint(e, 3); // QueryAwareness: valid and cheap, so only the rate is at fault
    const frame = encoding.toUint8Array(e);
    for (let i = 0; i < 1000; i++) sock.send(frame);
    expect(await closed).toBe(CloseCode.RateLimited);
    await othersUnharmed(anna, bram, "na vloed");
  });

  it("token bucket allows bursts and then the sustained rate", () => {
    const bucket = new TokenBucket(10, 5, 0);
    expect([1, 2, 3, 4, 5, 6].map(() => bucket.take(1, 0))).toEqual([true, true, true, true, true, false]);
    expect(bucket.take(1, 100)).toBe(true);
    expect(bucket.take(1, 100)).toBe(false);
  });
});

/** A sync update frame whose Yjs payload is nonsense. */
function garbageUpdate(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, PAGE);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 9, 9, 9, 9]));
  return encoding.toUint8Array(e);
}
