import {describe, expect, it} from "vitest";
import * as Y from "yjs";
import {checkUpdate} from "../../studio/server/access.js";
import {createThread, listThreads, reply, setResolved} from "../../studio/shared/comments.js";
import {updateFrom} from "./helpers.js";

const anna = {id: "anna", name: "Anna"};
const bram = {id: "bram", name: "Bram"};

function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (u: Uint8Array) => Y.applyUpdate(b, u));
  b.on("update", (u: Uint8Array) => Y.applyUpdate(a, u));
  return [a, b];
}

describe("comment threads", () => {
  it("anchor to text that moves when others edit before it", () => {
    const [a, b] = pair();
    a.getText("text").insert(0, "De armoede in Noord daalt.");
    const id = createThread(a, {from: 3, to: 10}, anna, "Welke maat?");
    b.getText("text").insert(0, "Samenvatting: ");
    const [thread] = listThreads(b);
    expect(thread.id).toBe(id);
    expect(b.getText("text").toString().slice(thread.from, thread.to)).toBe("armoede");
  });

  it("reply, resolve and re-open, and concurrent replies both survive", () => {
    const a = new Y.Doc();
    a.getText("text").insert(0, "tekst");
    const id = createThread(a, {from: 0, to: 5}, anna, "vraag");
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    reply(a, id, anna, "antwoord A");
    reply(b, id, bram, "antwoord B");
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listThreads(a)[0].replies.map((r) => r.text).sort()).toEqual(["antwoord A", "antwoord B", "vraag"]);
    expect(listThreads(a)).toEqual(listThreads(b));
    setResolved(a, id, true, bram);
    expect(listThreads(a)[0].resolved).toBe(true);
    expect(listThreads(a)[0].resolvedBy).toEqual(bram);
    setResolved(a, id, false, anna);
    expect(listThreads(a)[0].resolved).toBe(false);
    expect(listThreads(a)[0].resolvedBy).toBeNull();
  });

  it("detaches when the anchored text is deleted", () => {
    const a = new Y.Doc();
    a.getText("text").insert(0, "een twee drie");
    createThread(a, {from: 4, to: 8}, anna, "x");
    a.getText("text").delete(3, 5);
    expect(listThreads(a)[0].attached).toBe(false);
  });
});

describe("update check", () => {
  const live = () => {
    const doc = new Y.Doc();
    doc.getText("text").insert(0, "tekst");
    return doc;
  };

  it("allows comments and rejects text changes for commenters", () => {
    const doc = live();
    expect(checkUpdate(doc, updateFrom(doc, (d) => createThread(d, {from: 0, to: 2}, anna, "x")), {...anna, role: "commenter"}).ok).toBe(true);
    expect(checkUpdate(doc, updateFrom(doc, (d) => d.getText("text").insert(0, "!")), {...anna, role: "commenter"}).ok).toBe(false);
    expect(checkUpdate(doc, updateFrom(doc, (d) => d.getText("text").delete(0, 1)), {...anna, role: "commenter"}).ok).toBe(false);
    expect(checkUpdate(doc, updateFrom(doc, (d) => d.getMap("other").set("k", 1)), {...anna, role: "commenter"}).ok).toBe(false);
  });

  it("rejects any change, comments included, for viewers, but accepts an empty sync", () => {
    const doc = live();
    expect(checkUpdate(doc, updateFrom(doc, (d) => createThread(d, {from: 0, to: 2}, anna, "x")), {...anna, role: "viewer"}).ok).toBe(false);
    expect(checkUpdate(doc, updateFrom(doc, () => {}), {...anna, role: "viewer"}).ok).toBe(true);
  });

  it("rejects an update with missing dependencies", () => {
    const doc = live();
    const other = new Y.Doc();
    other.getText("text").insert(0, "a");
    const before = Y.encodeStateVector(other);
    other.getMap("comments").set("t", "x");
    // Only the second change, whose author's earlier change the server never saw.
    expect(checkUpdate(doc, Y.encodeStateAsUpdate(other, before), {...anna, role: "commenter"}).ok).toBe(false);
  });
});
