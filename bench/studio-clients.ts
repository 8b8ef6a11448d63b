/**
 * One client process of the Studio load bench (bench/studio.bench.ts forks several): runs `count` real
 * Hocuspocus providers against the given collab URLs and reports, in batches over IPC, when each of its
 * edits was made and when each struct from another client arrived. Times are epoch milliseconds with
 * sub-millisecond resolution (`performance.timeOrigin + performance.now()`), comparable across processes.
 *
 * Messages in: {type: "start", seconds, rate}, {type: "finish"}; out: {type: "ready"}, {type: "sent" | "received", rows},
 * {type: "typed"}, {type: "done", texts} (each replica's text as "<length>:<sha256>": a long page's full texts made
 * a message big enough to be lost when the process exited right after sending it).
 */
import {HocuspocusProvider, HocuspocusProviderWebsocket} from "@hocuspocus/provider";
import {createHash} from "node:crypto";
import seedrandom from "seedrandom";
import WebSocket from "ws";
import * as Y from "yjs";

interface Options {
  urls: string[];
  count: number;
  token: string;
  seed: string;
}

const opts = JSON.parse(process.argv[2]) as Options;
const now = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.send!(message);

/** [client, clock, time, instance] of each insert made here (instance: index of the URL the client uses). */
let sent: Array<[number, number, number, number]> = [];
/** [client, clock, length, time, instance] of each struct received from another client. */
let received: Array<[number, number, number, number, number]> = [];

/** ws emits an error when a socket is closed while still connecting (a busy machine makes clients reconnect). */
class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on("error", () => {});
  }
}

const clients = Array.from({length: opts.count}, (_, i) => {
  const doc = new Y.Doc();
  const instance = i % opts.urls.length;
  const socket = new HocuspocusProviderWebsocket({url: opts.urls[instance], WebSocketPolyfill: QuietWebSocket});
  const provider = new HocuspocusProvider({websocketProvider: socket, name: "index.md", token: opts.token, document: doc});
  provider.attach();
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== provider) return; // only updates that came over the wire
    const t = now();
    for (const struct of Y.decodeUpdate(update).structs) received.push([struct.id.client, struct.id.clock, struct.length, t, instance]);
  });
  return {doc, provider, socket, instance};
});

const flush = setInterval(() => {
  if (sent.length) send({type: "sent", rows: sent});
  if (received.length) send({type: "received", rows: received});
  sent = [];
  received = [];
}, 200);

const waitFor = async (check: () => boolean, what: string, timeoutMs = 60_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`bench client: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

await waitFor(() => clients.every((c) => c.provider.isSynced), "initial sync");
send({type: "ready"});

process.on("message", async (message: {type: string; seconds: number; rate: number}) => {
  if (message.type === "start") {
    const rng = seedrandom(opts.seed);
    const end = now() + message.seconds * 1000;
    // Each client types on its own rhythm (a random phase and jitter), as people do; not all in the same millisecond.
    await Promise.all(
      clients.map(async (c) => {
        await new Promise((r) => setTimeout(r, rng() * (1000 / message.rate)));
        while (now() < end) {
          const text = c.doc.getText("text");
          if (rng() < 0.2 && text.length > 20) text.delete(Math.floor(rng() * (text.length - 3)), 2);
          else {
            const clock = Y.getState(c.doc.store, c.doc.clientID);
            sent.push([c.doc.clientID, clock, now(), c.instance]);
            text.insert(Math.floor(rng() * (text.length + 1)), "wijk "[Math.floor(rng() * 5)] + "abc".slice(0, Math.floor(rng() * 3)));
          }
          await new Promise((r) => setTimeout(r, (1000 / message.rate) * (0.5 + rng())));
        }
      })
    );
    await waitFor(() => clients.every((c) => !c.provider.hasUnsyncedChanges), "acknowledgements");
    send({type: "typed"});
  } else if (message.type === "finish") {
    // Wait until every replica here holds the same text, and it stays put (the others have finished too).
    const texts = () => clients.map((c) => c.doc.getText("text").toString());
    let last = "";
    let stableSince = Date.now();
    await waitFor(() => {
      const all = texts();
      const agreed = all.every((t) => t === all[0]) ? all[0] : null;
      if (agreed !== last) (last = agreed ?? ""), (stableSince = Date.now());
      return agreed !== null && Date.now() - stableSince > 1000;
    }, "convergence").catch(() => {});
    clearInterval(flush);
    if (sent.length) send({type: "sent", rows: sent});
    if (received.length) send({type: "received", rows: received});
    const digests = texts().map((t) => `${t.length}:${createHash("sha256").update(t).digest("hex")}`);
    await new Promise<void>((ok) => process.send!({type: "done", texts: digests}, () => ok()));
    clients.forEach((c) => {
      c.provider.destroy();
      c.socket.destroy();
    });
    setTimeout(() => process.exit(0), 100);
  }
});
