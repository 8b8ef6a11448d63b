/**
 * The hostile side of the Studio bench (bench/studio.bench.ts): one socket that sends updates with a missing
 * dependency (which a server may hold back) and then keeps sending cheap awareness frames, and a probe that
 * times another person's API calls meanwhile. Before issue 17 such a viewer made every awareness frame re-check
 * all its held updates, each with a copy of the whole document.
 */
import {Agent, request} from "node:http";
import WebSocket from "ws";
import * as Y from "yjs";
import {awarenessFrame, rawSocket, updateFrame} from "../tests/support/studio-socket.js";

const PAGE = "index.md";

export interface Hostile {
  /** How many of its updates the server answered "not applied" (a viewer's: all, at once). */
  notApplied(): number;
  /** The close code, when the server closed the socket. */
  closedWith(): number | null;
  awarenessSent(): number;
  stop(): void;
}

/**
 * Connects as `person`, sends `held` updates of about `bytes` each that all depend on one it never sends, then
 * `awarenessPerSecond` presence frames a second until stopped.
 */
export async function startHostile(wsUrl: string, person: {id: string; name: string; role: string; token: string}, opts: {held: number; bytes: number; awarenessPerSecond: number}): Promise<Hostile> {
  const {sock, closed: closing, notApplied} = await rawSocket(wsUrl, PAGE, person.token);
  sock.on("error", () => {});
  let closed: number | null = null;
  void closing.then((code) => (closed = code));
  // The first change is never sent: every later one depends on it.
  const doc = new Y.Doc();
  doc.clientID = 424_242;
  doc.getText("text").insert(0, "x");
  for (let i = 0; i < opts.held; i++) {
    const before = Y.encodeStateVector(doc);
    doc.getText("text").insert(0, "h".repeat(opts.bytes));
    const update = Y.encodeStateAsUpdate(doc, before);
    sock.send(updateFrame(PAGE, update));
  }
  let clock = 0;
  const timer = setInterval(() => {
    if (sock.readyState !== WebSocket.OPEN) return;
    sock.send(awarenessFrame(PAGE, doc.clientID, ++clock, person, clock));
  }, 1000 / opts.awarenessPerSecond);
  return {
    notApplied,
    closedWith: () => closed,
    awarenessSent: () => clock,
    stop() {
      clearInterval(timer);
      sock.terminate();
    }
  };
}

/** Calls `GET /studio/api/me` as `token` every `everyMs` and records each answer's latency in ms. */
export function probeApi(httpUrl: string, token: string, everyMs = 50): {latencies: number[]; stop(): void} {
  const agent = new Agent({keepAlive: true, maxSockets: 1});
  const latencies: number[] = [];
  let stopped = false;
  const once = () =>
    new Promise<void>((done) => {
      const start = performance.now();
      const req = request(new URL("/studio/api/me", httpUrl), {agent, headers: {authorization: `Bearer ${token}`}}, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - start);
          done();
        });
      });
      req.on("error", () => done());
      req.end();
    });
  void (async () => {
    while (!stopped) {
      await once();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    latencies,
    stop() {
      stopped = true;
      agent.destroy();
    }
  };
}
