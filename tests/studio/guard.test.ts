import * as encoding from "lib0/encoding";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import {accessStats} from "../../studio/server/access.js";
import {CloseCode, guardStats} from "../../studio/server/guard.js";
import type {Limits} from "../../studio/server/limits.js";
import type {Studio} from "../../studio/server/server.js";
import {createThread} from "../../studio/shared/comments.js";
import {COMMENTS} from "../../studio/shared/schema.js";
import {awarenessFrame as presenceFrame, frame, rawSocket as openRawSocket, updateFrame as pageUpdateFrame} from "../support/studio-socket.js";
import {client, PAGE, settled, studio, until, USERS, workspace, wsUrlOf, type Client} from "./helpers.js";

/**
 * Bounded work per frame, counted rather than timed: how often the guard re-checks held-back updates and how
 * many scratch copies of the document the checks make, while sockets send frames that cannot change the
 * document; and what happens to held-back updates (re-checked once their dependency arrives, capped per socket
 * and page, a viewer's never kept).
 */

type Person = (typeof USERS)[keyof typeof USERS];

/** A raw Studio socket on the test page that authenticates like the provider and counts "not applied" answers. */
async function rawSocket(url: string, person: Person) {
  const raw = await openRawSocket(url, PAGE, person.token);
  return {...raw, send: (f: Uint8Array) => raw.sock.send(f)};
}

const updateFrame = (update: Uint8Array) => pageUpdateFrame(PAGE, update);
const step2Frame = (update: Uint8Array) => frame(PAGE, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, update)));

/** A presence frame for one client id, as the person. */
const awarenessFrame = (clientID: number, clock: number, person: Person) => presenceFrame(PAGE, clientID, clock, person, {clock});

/**
 * `count` comment threads by `person`, each its own update, in order, from one client id: every update after
 * the first depends on the one before it. Built on a copy of the live document, as a client would.
 */
function threadUpdates(live: Y.Doc, person: Person, count: number, padding = 0): Uint8Array[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(live));
  const updates: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc);
    createThread(doc, {from: 0, to: 3}, {id: person.id!, name: person.name}, `opmerking ${i} ${"x".repeat(padding)}`);
    updates.push(Y.encodeStateAsUpdate(doc, before));
  }
  return updates;
}

describe("bounded work per frame", () => {
  let ws: ReturnType<typeof workspace>;
  let server: Studio;
  let anna: Client;
  const rejected: string[] = [];
  const sockets: WebSocket[] = [];

  const start = async (limits: Partial<Limits> = {}) => {
    server = await studio(ws.root, {limits, log: (line) => rejected.push(line)});
    anna = client(wsUrlOf(server.url), USERS.anna.token);
    await settled(anna);
  };
  const open = async (person: Person) => {
    const raw = await rawSocket(wsUrlOf(server.url), person);
    sockets.push(raw.sock);
    return raw;
  };
  const threads = () => (server.document(PAGE)!.getMap(COMMENTS) as Y.Map<unknown>).size;

  beforeEach(() => {
    ws = workspace();
    rejected.length = 0;
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.terminate());
    anna?.destroy();
    await server?.close();
    ws.cleanup();
  });

  it("re-checks a held update only when its dependency arrives, not on frames that cannot change the document", async () => {
    await start();
    // A long document: work per frame must not grow with it.
    anna.text.insert(anna.text.length, "Lange tekst. ".repeat(40_000));
    await settled(anna);
    const cees = await open(USERS.cees);
    const [first, ...rest] = threadUpdates(server.document(PAGE)!, USERS.cees, 21);
    const copies = accessStats.scratchCopies;
    for (const update of rest) cees.send(updateFrame(update));
    // Frames on one socket are handled in order: once this presence reaches Anna, the 20 updates are held.
    cees.send(awarenessFrame(777_001, 1, USERS.cees));
    await until(() => anna.provider.awareness!.getStates().get(777_001)?.cursor?.clock === 1, "held");
    // Holding needed no copy of the document either: a missing dependency shows in the update itself.
    expect(accessStats.scratchCopies - copies).toBe(0);
    expect(rejected).toEqual([]);
    // Awareness frames and a sync step 2 that repeats what the server has change nothing.
    const rechecks = guardStats.rechecks;
    const annaSeen = anna.provider.awareness!.getStates().size;
    for (let i = 2; i <= 30; i++) cees.send(awarenessFrame(777_001, i, USERS.cees));
    cees.send(step2Frame(Y.encodeStateAsUpdate(server.document(PAGE)!, Y.encodeStateVector(server.document(PAGE)!))));
    await until(() => anna.provider.awareness!.getStates().get(777_001)?.cursor?.clock === 30, "Cees's presence reaches Anna");
    expect(anna.provider.awareness!.getStates().size).toBe(annaSeen);
    expect(guardStats.rechecks - rechecks).toBe(0);
    expect(accessStats.scratchCopies - copies).toBe(0);
    expect(threads()).toBe(0);
    // Anna typing elsewhere is no dependency of Cees's updates: still no re-check.
    anna.text.insert(0, "Anna typt. ");
    await settled(anna);
    await new Promise((r) => setImmediate(r));
    expect(guardStats.rechecks - rechecks).toBe(0);
    // The dependency arrives: each held update is checked once more and all land, in order.
    cees.send(updateFrame(first));
    await until(() => threads() === 21, "all 21 threads applied");
    expect(guardStats.rechecks - rechecks).toBe(20);
    expect(cees.notApplied()).toBe(0);
    await until(() => (anna.doc.getMap(COMMENTS) as Y.Map<unknown>).size === 21, "Anna sees the threads");
  });

  it("drops a viewer's updates at once, without holding them or copying the document", async () => {
    await start();
    const vera = await open(USERS.vera);
    const updates = threadUpdates(server.document(PAGE)!, USERS.vera, 101);
    const copies = accessStats.scratchCopies;
    for (const update of updates.slice(1)) vera.send(updateFrame(update)); // 100 with a missing dependency
    for (let i = 1; i <= 10; i++) vera.send(awarenessFrame(777_002, i, USERS.vera));
    vera.send(updateFrame(updates[0]));
    await until(() => vera.notApplied() === 101, "every update answered 'not applied'");
    expect(rejected.filter((r) => r.includes("viewer may not change this document"))).toHaveLength(101);
    expect(accessStats.scratchCopies - copies).toBe(0);
    expect(threads()).toBe(0);
    expect(vera.sock.readyState).toBe(WebSocket.OPEN);
  });

  it("closes a socket whose held updates pass the byte cap (4429), and only that socket", async () => {
    await start({maxHeldBytes: 64 * 1024});
    const cees = await open(USERS.cees);
    const updates = threadUpdates(server.document(PAGE)!, USERS.cees, 25, 3900).slice(1);
    const bytes = updates.map((u) => updateFrame(u).byteLength);
    // The cap is crossed by the update that takes the sum over 64 KiB.
    let sum = 0;
    const fit = bytes.findIndex((b) => (sum += b) > 64 * 1024);
    expect(fit).toBeGreaterThan(0);
    for (const update of updates) cees.send(updateFrame(update));
    expect(await cees.closed).toBe(CloseCode.RateLimited);
    expect(rejected).toContain("rejected (Cees Bakker): too many held-back updates");
    anna.text.insert(0, "Nog steeds hier. ");
    await settled(anna);
    expect(server.document(PAGE)!.getText("text").toString()).toMatch(/^Nog steeds hier\. /);
  });

  it("closes a socket that holds more than the maximum number of updates (4429)", async () => {
    await start({maxHeld: 10});
    const cees = await open(USERS.cees);
    const updates = threadUpdates(server.document(PAGE)!, USERS.cees, 13).slice(1);
    for (const update of updates.slice(0, 10)) cees.send(updateFrame(update));
    cees.send(awarenessFrame(777_003, 1, USERS.cees));
    await until(() => anna.provider.awareness!.getStates().has(777_003), "ten held, socket open");
    expect(cees.sock.readyState).toBe(WebSocket.OPEN);
    cees.send(updateFrame(updates[10]));
    expect(await cees.closed).toBe(CloseCode.RateLimited);
  });
});
