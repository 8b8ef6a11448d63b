import {afterEach, beforeEach, describe, expect, it} from "vitest";
import * as Y from "yjs";
import {checkUpdate} from "../../studio/server/access.js";
import {createThread, listThreads, reply, setResolved} from "../../studio/shared/comments.js";
import {PAGE, settled, until, USERS, updateFrom, useStudio, client, type Client} from "./helpers.js";

const anna = {id: "anna", name: "Anna de Vries"};
const bram = {id: "bram", name: "Bram Janssen"};
const cees = {id: "cees", name: "Cees Bakker"};

describe("comment authorship through the server", () => {
  const t = useStudio();
  const {rejected, connect} = t;
  /** A later text edit by Anna that reaches `other` proves earlier frames on the wire were handled. */
  const barrier = async (a: Client, other: Client, mark: string) => {
    a.text.insert(a.text.length, mark);
    await until(() => other.text.toString().includes(mark), `${mark} reaches the other client`);
    await settled(a);
  };


  it("accepts an honest thread and reply, and shows them to others", async () => {
    const a = connect(USERS.anna.token);
    const c = connect(USERS.cees.token);
    await Promise.all([settled(a), settled(c)]);
    const id = createThread(c.doc, {from: 2, to: 9}, cees, "Welk jaar?");
    await until(() => listThreads(a.doc).length === 1, "thread reaches Anna");
    reply(a.doc, id, anna, "2023");
    await until(() => listThreads(c.doc)[0]?.replies.length === 2, "reply reaches Cees");
    await Promise.all([settled(a), settled(c)]);
    expect(listThreads(t.server.document(PAGE)!)[0].replies.map((r) => [r.author.id, r.text])).toEqual([["cees", "Welk jaar?"], ["anna", "2023"]]);
    expect(rejected).toEqual([]);
  });

  it("rejects a thread or reply under someone else's name, from a commenter and from an editor", async () => {
    const a = connect(USERS.anna.token);
    const b = connect(USERS.bram.token);
    const c = connect(USERS.cees.token);
    await Promise.all([settled(a), settled(b), settled(c)]);
    createThread(c.doc, {from: 2, to: 9}, anna, "vervalst door Cees");
    createThread(b.doc, {from: 2, to: 9}, anna, "vervalst door Bram");
    await barrier(a, c, "X");
    await until(() => b.text.toString().includes("X"), "barrier reaches Bram");
    expect(listThreads(a.doc)).toHaveLength(0);
    expect(listThreads(t.server.document(PAGE)!)).toHaveLength(0);
    expect(c.provider.hasUnsyncedChanges).toBe(true); // told "not applied"
    expect(b.provider.hasUnsyncedChanges).toBe(true);
    expect(rejected.filter((l) => l.includes("under one's own name"))).toHaveLength(2);
  });

  it("rejects a forged reply and a name that does not match the id", async () => {
    const a = connect(USERS.anna.token);
    const c = connect(USERS.cees.token);
    await Promise.all([settled(a), settled(c)]);
    const id = createThread(a.doc, {from: 2, to: 9}, anna, "vraag");
    await until(() => listThreads(c.doc).length === 1, "thread reaches Cees");
    reply(c.doc, id, {id: "cees", name: "Anna de Vries"}, "half vervalst");
    await barrier(a, c, "Y");
    expect(listThreads(a.doc)[0].replies).toHaveLength(1);
    expect(rejected.some((l) => l.includes("Cees Bakker") && l.includes("own name"))).toBe(true);
  });

  it("rejects editing or deleting another's reply, and deleting a thread, even by an editor", async () => {
    const a = connect(USERS.anna.token);
    const b = connect(USERS.bram.token);
    const c = connect(USERS.cees.token);
    await Promise.all([settled(a), settled(b), settled(c)]);
    const id = createThread(c.doc, {from: 2, to: 9}, cees, "origineel");
    await until(() => listThreads(a.doc).length === 1 && listThreads(b.doc).length === 1, "thread reaches editors");
    const replies = (b.doc.getMap("comments").get(id) as Y.Map<unknown>).get("replies") as Y.Array<unknown>;
    // Edit: delete and re-insert with other text, under the original author.
    b.doc.transact(() => {
      const [first] = replies.toArray() as Array<{id: string; author: unknown; at: number}>;
      replies.delete(0, 1);
      replies.insert(0, [{...first, text: "aangepast"}]);
    });
    await barrier(a, b, "Z1");
    expect(listThreads(a.doc)[0].replies.map((r) => r.text)).toEqual(["origineel"]);
    expect(rejected.some((l) => l.includes("Bram Janssen"))).toBe(true);

    // A fresh editor connection (Bram's is now behind a rejected change) deletes the thread.
    const b2 = connect(USERS.bram.token);
    await settled(b2);
    b2.doc.getMap("comments").delete(id);
    await barrier(a, b2, "Z2");
    expect(listThreads(a.doc)).toHaveLength(1);
    expect(listThreads(c.doc)).toHaveLength(1);
    expect(rejected.some((l) => l.includes("cannot be deleted"))).toBe(true);
    // The author cannot delete their own reply either.
    const own = (c.doc.getMap("comments").get(id) as Y.Map<unknown>).get("replies") as Y.Array<unknown>;
    own.delete(0, 1);
    await barrier(a, c, "Z3");
    expect(listThreads(a.doc)[0].replies).toHaveLength(1);
  });

  it("lets another commenter or editor resolve and re-open a thread, and records who resolved it", async () => {
    const a = connect(USERS.anna.token);
    const c = connect(USERS.cees.token);
    await Promise.all([settled(a), settled(c)]);
    const id = createThread(a.doc, {from: 2, to: 9}, anna, "klopt dit?");
    await until(() => listThreads(c.doc).length === 1, "thread reaches Cees");
    setResolved(c.doc, id, true, cees);
    await until(() => listThreads(a.doc)[0].resolved, "resolution reaches Anna");
    expect(listThreads(a.doc)[0].resolvedBy).toEqual(cees);
    setResolved(a.doc, id, false, anna);
    await until(() => !listThreads(c.doc)[0].resolved, "re-opening reaches Cees");
    setResolved(c.doc, id, true, cees);
    await until(() => listThreads(a.doc)[0].resolved, "second resolution reaches Anna");
    await Promise.all([settled(a), settled(c)]);
    expect(listThreads(t.server.document(PAGE)!)[0].resolvedBy).toEqual(cees);
    expect(rejected).toEqual([]);
  });

  it("rejects resolving under another name", async () => {
    const a = connect(USERS.anna.token);
    const c = connect(USERS.cees.token);
    await Promise.all([settled(a), settled(c)]);
    const id = createThread(a.doc, {from: 2, to: 9}, anna, "klopt dit?");
    await until(() => listThreads(c.doc).length === 1, "thread reaches Cees");
    setResolved(c.doc, id, true, bram);
    await barrier(a, c, "R");
    expect(listThreads(a.doc)[0].resolved).toBe(false);
  });
});

describe("comment integrity check (unit)", () => {
  const live = () => {
    const doc = new Y.Doc();
    doc.getText("text").insert(0, "tekst hier");
    return doc;
  };
  const editor = {...anna, role: "editor" as const};

  it("lets an editor's text edits through and checks edits that touch comments", () => {
    const doc = live();
    const id = createThread(doc, {from: 0, to: 5}, anna, "x");
    expect(checkUpdate(doc, updateFrom(doc, (d) => d.getText("text").insert(3, "!")), editor).ok).toBe(true);
    expect(checkUpdate(doc, updateFrom(doc, (d) => d.getText("text").delete(0, 8)), editor).ok).toBe(true);
    expect(checkUpdate(doc, updateFrom(doc, (d) => reply(d, id, anna, "ok")), editor).ok).toBe(true);
    expect(checkUpdate(doc, updateFrom(doc, (d) => reply(d, id, bram, "nee")), editor).ok).toBe(false);
    expect(checkUpdate(doc, updateFrom(doc, (d) => d.getMap("comments").set("nieuw", "x")), editor).ok).toBe(false);
    expect(checkUpdate(doc, updateFrom(doc, (d) => (d.getMap("comments").get(id) as Y.Map<unknown>).set("quote", "anders")), editor).ok).toBe(false);
    expect(checkUpdate(doc, updateFrom(doc, (d) => (d.getMap("comments").get(id) as Y.Map<unknown>).set("resolved", true)), editor).ok).toBe(false);
  });

  it("rejects a delete of items the server does not know yet (a trap for someone's next reply)", () => {
    const doc = live();
    const victim = new Y.Doc();
    Y.applyUpdate(victim, Y.encodeStateAsUpdate(doc));
    const sv = Y.encodeStateVector(victim);
    victim.getText("text").insert(0, "future");
    victim.getText("text").delete(0, 6);
    const full = Y.encodeStateAsUpdate(victim, sv);
    // Only the delete set: it names items (the victim's next clocks) the server has never seen.
    const deletesOnly = Y.diffUpdate(full, Y.encodeStateVectorFromUpdate(full));
    const verdict = checkUpdate(doc, deletesOnly, editor);
    expect(verdict.ok).toBe(false);
  });
});
