import {readFileSync} from "node:fs";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {INITIAL, settled, until, USERS, useStudio, client} from "./helpers.js";

describe("co-editing", () => {
  const t = useStudio();
  const {rejected, connect} = t;

  it("loads the page from its file", async () => {
    const a = connect(USERS.anna.token);
    await settled(a);
    expect(a.text.toString()).toBe(INITIAL);
  });

  it("converges when two clients edit concurrently, and writes through to the file", async () => {
    const a = connect(USERS.anna.token);
    const b = connect(USERS.bram.token);
    await Promise.all([settled(a), settled(b)]);
    a.text.insert(0, "A1 ");
    b.text.insert(b.text.length, "B1\n");
    a.text.insert(a.text.length, "A2\n");
    b.text.delete(0, 1);
    await until(() => a.text.toString() === b.text.toString() && a.text.toString().includes("A2") && b.text.toString().includes("A2"), "convergence");
    await Promise.all([settled(a), settled(b)]);
    const merged = a.text.toString();
    expect(merged).toContain("B1\n");
    expect(merged).toContain("A2\n");
    await until(() => readFileSync(join(t.ws.root, "src", "index.md"), "utf8") === merged, "write-through");
  });

  it("merges an offline client's edits when it reconnects", async () => {
    const a = connect(USERS.anna.token);
    const b = connect(USERS.bram.token);
    await Promise.all([settled(a), settled(b)]);
    b.socket.disconnect();
    b.text.insert(b.text.length, "offline van Bram\n");
    a.text.insert(0, "online van Anna\n");
    await settled(a);
    expect(a.text.toString()).not.toContain("offline");
    b.socket.connect();
    await until(() => a.text.toString().includes("offline van Bram") && b.text.toString().includes("online van Anna"), "offline merge");
    expect(a.text.toString()).toBe(b.text.toString());
  });

  it("rejects an unknown token and a missing page", async () => {
    const x = connect("not-a-real-token-at-all");
    let denied = false;
    x.provider.on("authenticationFailed", () => (denied = true));
    await until(() => denied, "permission denied");
    const y = connect(USERS.anna.token, "../package.md");
    let denied2 = false;
    y.provider.on("authenticationFailed", () => (denied2 = true));
    await until(() => denied2, "no such page");
    expect(x.text.toString()).toBe("");
  });
});
