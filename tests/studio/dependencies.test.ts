import seedrandom from "seedrandom";
import {describe, expect, it} from "vitest";
import * as Y from "yjs";
import {changesNothing, needsOf, satisfied} from "../../studio/server/dependencies.js";

/**
 * The guard decides from an update alone whether its dependencies are there (and whether it changes anything),
 * without copying the document. Seeded fuzzing checks both against what Yjs itself does when the update is
 * applied to a copy: `satisfied` must be true exactly when nothing stays pending.
 */

/** Three replicas editing text and a map, with updates exchanged partially, in an order fixed by the seed. */
function history(seed: string) {
  const rng = seedrandom(seed);
  const replicas = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  const updates: Uint8Array[] = [];
  replicas.forEach((doc) => doc.on("update", (u: Uint8Array, origin: unknown) => origin !== "sync" && updates.push(u)));
  for (let step = 0; step < 60; step++) {
    const doc = replicas[Math.floor(rng() * replicas.length)];
    const text = doc.getText("text");
    const r = rng();
    if (r < 0.5) text.insert(Math.floor(rng() * (text.length + 1)), "abc".slice(Math.floor(rng() * 3)) || "x");
    else if (r < 0.75 && text.length > 0) {
      const at = Math.floor(rng() * text.length);
      text.delete(at, Math.min(text.length - at, 1 + Math.floor(rng() * 3)));
    } else if (r < 0.85) doc.getMap("m").set(`k${Math.floor(rng() * 4)}`, step);
    else {
      const other = replicas[Math.floor(rng() * replicas.length)];
      if (other !== doc) Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), "sync");
    }
  }
  return {rng, updates};
}

/** True when applying `update` to a copy of `doc` leaves nothing pending (Yjs's own verdict). */
function appliesCompletely(doc: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(copy, update);
  return copy.store.pendingStructs === null && copy.store.pendingDs === null;
}

describe("update dependencies", () => {
  for (const seed of ["dep-1", "dep-2", "dep-3", "dep-4", "dep-5"]) {
    it(`agrees with Yjs on which updates apply completely (seed ${seed})`, () => {
      const {rng, updates} = history(seed);
      let complete = 0;
      let incomplete = 0;
      for (let trial = 0; trial < 200; trial++) {
        // A server that has the updates up to some point (they were made in this order), then one more.
        const server = new Y.Doc();
        updates.slice(0, Math.floor(rng() * updates.length)).forEach((u) => Y.applyUpdate(server, u));
        const update = rng() < 0.5 ? updates[Math.floor(rng() * updates.length)] : Y.mergeUpdates(updates.filter(() => rng() < 0.3));
        const expected = appliesCompletely(server, update);
        expect(satisfied(needsOf(Y.decodeUpdate(update)), (client) => Y.getState(server.store, client))).toBe(expected);
        if (expected) complete++;
        else incomplete++;
      }
      expect(complete).toBeGreaterThan(10);
      expect(incomplete).toBeGreaterThan(10);
    });
  }

  it("knows an update that changes nothing from one that does", () => {
    const {updates} = history("dep-noop");
    const server = new Y.Doc();
    updates.forEach((u) => Y.applyUpdate(server, u));
    // What a provider sends as sync step 2 after a reconnect: nothing new, but the whole delete set again.
    const repeat = Y.encodeStateAsUpdate(server, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(repeat).ds.clients.size).toBeGreaterThan(0);
    expect(changesNothing(server, Y.decodeUpdate(repeat))).toBe(true);
    expect(changesNothing(server, Y.decodeUpdate(updates[0]))).toBe(true);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(client);
    client.getText("text").delete(0, 1);
    const deletion = Y.encodeStateAsUpdate(client, before);
    expect(changesNothing(server, Y.decodeUpdate(deletion))).toBe(false);
    const later = Y.encodeStateVector(client);
    client.getText("text").insert(0, "nieuw");
    expect(changesNothing(server, Y.decodeUpdate(Y.encodeStateAsUpdate(client, later)))).toBe(false);
  });
});
