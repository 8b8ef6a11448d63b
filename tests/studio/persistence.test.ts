import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import * as Y from "yjs";
import {Store} from "../../studio/server/persistence.js";
import {createThread, listThreads} from "../../studio/shared/comments.js";
import {client, INITIAL, settled, spawnStudio, studio, until, USERS, workspace, wsUrlOf, type Client} from "./helpers.js";

describe("persistence", () => {
  let ws: ReturnType<typeof workspace>;
  const clients: Client[] = [];
  const file = () => readFileSync(join(ws.root, "src/index.md"), "utf8");

  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => c.destroy());
    ws.cleanup();
  });

  it("keeps every acknowledged update through kill -9, on disk and in the document", async () => {
    // A one-minute write delay: whatever survives the kill survives through SQLite, not the .md file.
    const first = await spawnStudio(ws.root, 60_000);
    const anna = client(first.wsUrl, USERS.anna.token);
    clients.push(anna);
    await settled(anna);
    anna.text.insert(anna.text.length, "Eerste alinea.\n");
    createThread(anna.doc, {from: 2, to: 9}, {id: "anna", name: "Anna de Vries"}, "bron?");
    // The file write is debounced, so this last edit is only in SQLite when the server dies.
    anna.text.insert(anna.text.length, "Laatste zin voor de crash.\n");
    await settled(anna); // the server acknowledged everything
    const exited = new Promise((ok) => first.child.once("exit", ok));
    first.child.kill("SIGKILL");
    await exited;
    expect(file()).toBe(INITIAL);
    anna.destroy();
    clients.length = 0;

    const expected = INITIAL + "Eerste alinea.\nLaatste zin voor de crash.\n";
    const second = await spawnStudio(ws.root);
    try {
      const bram = client(second.wsUrl, USERS.bram.token);
      clients.push(bram);
      await settled(bram);
      expect(bram.text.toString()).toBe(expected);
      expect(listThreads(bram.doc).map((t) => t.replies[0].text)).toEqual(["bron?"]);
      // On restart the server notices the file is behind and writes it through.
      await until(() => file() === expected, "file caught up after restart");
    } finally {
      second.child.kill("SIGKILL");
    }
  });

  it("survives a graceful restart without duplicating text", async () => {
    let server = await studio(ws.root);
    const anna = client(wsUrlOf(server.url), USERS.anna.token);
    clients.push(anna);
    await settled(anna);
    anna.text.insert(anna.text.length, "Na herstart.\n");
    await settled(anna);
    anna.destroy();
    clients.length = 0;
    await server.close();
    server = await studio(ws.root);
    try {
      const bram = client(wsUrlOf(server.url), USERS.bram.token);
      clients.push(bram);
      await settled(bram);
      expect(bram.text.toString()).toBe(INITIAL + "Na herstart.\n");
      expect(file()).toBe(INITIAL + "Na herstart.\n");
    } finally {
      await server.close();
    }
  });

  it("merges an outside edit to the file with concurrent edits in the document", async () => {
    // A long write delay keeps Anna's edit out of the file while the file is edited from outside.
    const server = await studio(ws.root, {files: {writeDelayMs: 60_000, maxWriteDelayMs: 60_000}});
    try {
      const anna = client(wsUrlOf(server.url), USERS.anna.token);
      clients.push(anna);
      await settled(anna);
      anna.text.insert(0, "<!-- concept -->\n");
      await settled(anna);
      expect(file()).toBe(INITIAL); // not written yet
      // Like a git pull: the file gains a paragraph at the end and a changed heading.
      writeFileSync(join(ws.root, "src/index.md"), INITIAL.replace("Armoede per wijk", "Armoede per buurt") + "\nNieuwe alinea uit git.\n");
      const expected = "<!-- concept -->\n# Armoede per buurt\n\nInleiding.\n\nNieuwe alinea uit git.\n";
      await until(() => anna.text.toString() === expected, "outside edit merged into the live document");
    } finally {
      await server.close();
    }
    // Closing flushes the merged text to the file.
    expect(file()).toBe("<!-- concept -->\n# Armoede per buurt\n\nInleiding.\n\nNieuwe alinea uit git.\n");
  });

  it("merges a file edit made while the server was down", async () => {
    let server = await studio(ws.root);
    const anna = client(wsUrlOf(server.url), USERS.anna.token);
    clients.push(anna);
    await settled(anna);
    anna.text.insert(anna.text.length, "Door Anna.\n");
    await settled(anna);
    anna.destroy();
    clients.length = 0;
    await server.close();
    writeFileSync(join(ws.root, "src/index.md"), "Bovenaan.\n" + file());
    server = await studio(ws.root);
    try {
      const bram = client(wsUrlOf(server.url), USERS.bram.token);
      clients.push(bram);
      await settled(bram);
      expect(bram.text.toString()).toBe("Bovenaan.\n" + INITIAL + "Door Anna.\n");
    } finally {
      await server.close();
    }
  });

  it("compacts stored updates into one row without changing the document", async () => {
    const store = new Store(join(ws.root, ".buurtboek/compact.sqlite"));
    const doc = new Y.Doc();
    doc.on("update", (u: Uint8Array) => store.append("p.md", u));
    for (let i = 0; i < 300; i++) doc.getText("text").insert(i, String(i % 10));
    // The state handed to compaction lacks the last edit: the rows still hold it, and compaction keeps it.
    const state = Y.encodeStateAsUpdate(doc);
    doc.getText("text").insert(0, "laatste");
    await store.flushed();
    expect(store.rows("p.md")).toBe(301);
    await store.compact("p.md", state);
    expect(store.rows("p.md")).toBe(1);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, store.load("p.md")!);
    expect(loaded.getText("text").toString()).toBe(doc.getText("text").toString());
    await store.close();
  });
});
