import type {AddressInfo} from "node:net";
import {afterEach, describe, expect, it} from "vitest";
import {WebSocket, WebSocketServer} from "ws";
import {coalesceWrites} from "../../studio/server/sockets.js";

/** Counts the writes that reach the operating system (net.Socket hands buffered data to `_write`/`_writev`). */
function countWrites(ws: WebSocket): () => number {
  const socket = (ws as unknown as {_socket: Record<string, (...args: unknown[]) => unknown>})._socket;
  let writes = 0;
  for (const method of ["_write", "_writev"]) {
    const original = socket[method].bind(socket);
    socket[method] = (...args: unknown[]) => (writes++, original(...args));
  }
  return () => writes;
}

describe("coalesced socket writes", () => {
  let server: WebSocketServer | null = null;
  afterEach(() => new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())));

  it("sends the frames of one window in one write, in order, and the next window's in another", async () => {
    server = new WebSocketServer({host: "127.0.0.1", port: 0});
    await new Promise((ok) => server!.once("listening", ok));
    const connected = new Promise<WebSocket>((ok) => server!.once("connection", ok));
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const received: string[] = [];
    client.on("message", (data) => received.push(String(data)));
    const ws = await connected;
    coalesceWrites(ws, 20);
    const writes = countWrites(ws);
    const until = async (check: () => boolean) => {
      const start = Date.now();
      while (!check()) {
        if (Date.now() - start > 5000) throw new Error(`timed out; received ${received.length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    for (let i = 0; i < 10; i++) ws.send(`frame ${i}`);
    expect(writes()).toBe(0); // held until the window ends
    await until(() => received.length === 10);
    expect(writes()).toBe(1);
    expect(received).toEqual(Array.from({length: 10}, (_, i) => `frame ${i}`));

    ws.send("later");
    await until(() => received.length === 11);
    expect(writes()).toBe(2);
    expect(received[10]).toBe("later");
    client.close();
  });
});
