import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {loadUsers, watchUsers, type UserEntry, type Users} from "../../studio/server/auth.js";
import type {Studio} from "../../studio/server/server.js";
import {client, INITIAL, settled, studio, until, USERS, workspace, wsUrlOf, type Client} from "./helpers.js";

/** Changes to studio/users.json apply to a running server, open sockets included. */
describe("live user changes", () => {
  let ws: ReturnType<typeof workspace>;
  let server: Studio;
  let users: Users;
  let stopWatching: () => void;
  let file: string;
  const log: string[] = [];
  const errors: string[] = [];
  const clients: Client[] = [];
  const write = (list: UserEntry[]) => writeFileSync(file, JSON.stringify({users: list}));
  const connect = (token: string) => {
    const c = client(wsUrlOf(server.url), token);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    ws = workspace();
    mkdirSync(join(ws.root, "studio"));
    file = join(ws.root, "studio/users.json");
    write([USERS.anna, USERS.bram, USERS.cees]);
    users = loadUsers(file)!;
    stopWatching = watchUsers(file, users, (message) => errors.push(message));
    log.length = 0;
    errors.length = 0;
    server = await studio(ws.root, {users, log: (line) => log.push(line)});
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    stopWatching();
    await server.close();
    ws.cleanup();
  });

  it("closes a removed user's socket and re-checks a downgraded one, without a restart", async () => {
    const anna = connect(USERS.anna.token);
    const bram = connect(USERS.bram.token);
    const cees = connect(USERS.cees.token);
    await Promise.all([settled(anna), settled(bram), settled(cees)]);
    let ceesRefused = false;
    cees.provider.on("authenticationFailed", () => (ceesRefused = true));

    // Cees is removed, Bram becomes a viewer, Dirk is new.
    const dirkEntry: UserEntry = {id: "dirk", name: "Dirk de Wit", role: "editor", token: "dirk-token-0123456789"};
    write([USERS.anna, {...USERS.bram, role: "viewer"}, dirkEntry]);

    await until(() => log.some((l) => l.includes("access revoked")), "Cees's socket is closed");
    await until(() => ceesRefused, "Cees's reconnect is refused");
    await until(() => log.some((l) => l.includes("Bram Janssen") && l.includes("role changed")), "Bram's socket is re-checked");
    await settled(bram); // reconnected, now as a viewer

    bram.text.insert(0, "NIET MEER ");
    // Anna's later edit reaching Bram shows Bram's edit was handled (and dropped), not merely slow.
    anna.text.insert(anna.text.length, "Anna blijft.\n");
    await until(() => bram.text.toString().includes("Anna blijft."), "Anna's edit reaches Bram");
    await settled(anna);
    expect(anna.text.toString()).toBe(INITIAL + "Anna blijft.\n");
    expect(log.some((l) => l.includes("viewer may not change"))).toBe(true);

    const dirk = connect(dirkEntry.token!);
    await settled(dirk);
    expect(dirk.text.toString()).toBe(INITIAL + "Anna blijft.\n");
  });

  it("keeps the previous users, and says why, when the file does not parse", async () => {
    const anna = connect(USERS.anna.token);
    await settled(anna);
    writeFileSync(file, '{"users": [ {"id": "anna"');
    await until(() => errors.length > 0, "the parse error is reported");
    expect(errors[0]).toMatch(/users not reloaded, keeping the previous list: .*users\.json: not valid JSON/);
    anna.text.insert(0, "Nog steeds redacteur. ");
    await settled(anna);
    expect(server.document("index.md")!.getText("text").toString()).toBe("Nog steeds redacteur. " + INITIAL);
  });
});
