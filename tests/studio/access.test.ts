import {afterEach, beforeEach, describe, expect, it} from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import {createThread, listThreads, reply} from "../../studio/shared/comments.js";
import {INITIAL, PAGE, settled, sleep, until, USERS, useStudio, wsUrlOf} from "./helpers.js";

describe("access control", () => {
  const t = useStudio();
  const {rejected, connect} = t;

  it("drops a viewer's text edit: neither the server nor other clients see it", async () => {
    const anna = connect(USERS.anna.token);
    const vera = connect(USERS.vera.token);
    await Promise.all([settled(anna), settled(vera)]);
    vera.text.insert(0, "GEHACKT ");
    // A later edit by Anna proves the channel works and that Vera's edit was not merely slow.
    anna.text.insert(anna.text.length, "Anna was hier.\n");
    await until(() => vera.text.toString().includes("Anna was hier."), "Anna's edit reaches Vera");
    await settled(anna);
    expect(anna.text.toString()).not.toContain("GEHACKT");
    expect(t.server.document(PAGE)!.getText("text").toString()).not.toContain("GEHACKT");
    expect(vera.provider.hasUnsyncedChanges).toBe(true); // the server said "not applied"
  });

  it("lets a commenter comment but not change the text", async () => {
    const anna = connect(USERS.anna.token);
    const cees = connect(USERS.cees.token);
    await Promise.all([settled(anna), settled(cees)]);
    createThread(cees.doc, {from: 2, to: 9}, {id: "cees", name: "Cees Bakker"}, "Welk jaar?");
    await until(() => listThreads(anna.doc).length === 1, "comment reaches Anna");
    const [thread] = listThreads(anna.doc);
    expect(thread.quote).toBe("Armoede");
    expect(thread.replies[0].text).toBe("Welk jaar?");
    reply(anna.doc, thread.id, {id: "anna", name: "Anna de Vries"}, "2023");
    await until(() => listThreads(cees.doc)[0]?.replies.length === 2, "reply reaches Cees");

    cees.text.insert(0, "GEHACKT ");
    anna.text.insert(anna.text.length, "Verder.\n");
    await until(() => cees.text.toString().includes("Verder."), "Anna's edit reaches Cees");
    await settled(anna);
    expect(anna.text.toString()).toBe(INITIAL + "Verder.\n");
    expect(rejected.some((line) => line.includes("commenter may not change the text"))).toBe(true);
  });

  it("rejects a commenter's update that deletes text, even when mixed with a comment", async () => {
    const anna = connect(USERS.anna.token);
    const cees = connect(USERS.cees.token);
    await Promise.all([settled(anna), settled(cees)]);
    cees.doc.transact(() => {
      cees.text.delete(0, 2);
      createThread(cees.doc, {from: 0, to: 3}, {id: "cees", name: "Cees Bakker"}, "gemengd");
    });
    anna.text.insert(anna.text.length, "x");
    await until(() => cees.text.toString().endsWith("x"), "Anna's edit reaches Cees");
    await settled(anna);
    expect(anna.text.toString().startsWith("# Armoede")).toBe(true);
    expect(listThreads(anna.doc)).toHaveLength(0);
  });

  it("does not forward presence that claims to be someone else", async () => {
    const vera = connect(USERS.vera.token);
    const bram = connect(USERS.bram.token);
    await Promise.all([settled(vera), settled(bram)]);
    const seenAs = new Set<string>();
    const veraId = vera.doc.clientID;
    bram.provider.awareness!.on("change", () => {
      const user = (bram.provider.awareness!.getStates().get(veraId) as {user?: {id: string}} | undefined)?.user;
      if (user) seenAs.add(user.id);
    });
    vera.provider.setAwarenessField("user", {id: "anna", name: "Anna de Vries", color: "#000", colorLight: "#000", role: "editor"});
    // Frames on one socket are handled in order: once this honest state arrives, the spoof was handled.
    vera.provider.setAwarenessField("user", {id: "vera", name: "Vera Visser", color: "#000", colorLight: "#000", role: "viewer"});
    await until(() => seenAs.has("vera"), "Vera's own presence reaches Bram");
    expect([...seenAs]).toEqual(["vera"]);
  });

  it("never lets a socket without a valid token reach the document", async () => {
    const sock = new WebSocket(wsUrlOf(t.server.url));
    await new Promise((ok) => sock.once("open", ok));
    const received: Buffer[] = [];
    sock.on("message", (d) => received.push(d as Buffer));
    // A sync step 1 for the page without authenticating first: the guard drops it, so no document state comes back.
    const doc = new Y.Doc();
    const {encodeStateVector} = Y;
    const enc = await import("lib0/encoding");
    const e = enc.createEncoder();
    enc.writeVarString(e, PAGE);
    enc.writeVarUint(e, 0);
    enc.writeVarUint(e, 0);
    enc.writeVarUint8Array(e, encodeStateVector(doc));
    sock.send(enc.toUint8Array(e));
    await sleep(300);
    expect(received).toHaveLength(0);
    sock.close();
  });
});
