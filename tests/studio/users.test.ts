import {spawn, type ChildProcess} from "node:child_process";
import {mkdirSync, renameSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {loadUsers, watchUsers, type UserEntry, type Users} from "../../studio/server/auth.js";
import type {Studio} from "../../studio/server/server.js";
import {repoRoot} from "../support/paths.js";
import {client, INITIAL, settled, sleep, studio, until, USERS, workspace, wsUrlOf, type Client} from "./helpers.js";

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
    stopWatching = watchUsers(file, users, {onError: (message) => errors.push(message)});
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

  it("keeps the previous users while a save moves the file aside, and says why", async () => {
    const anna = connect(USERS.anna.token);
    await settled(anna);
    renameSync(file, `${file}.saving`);
    await until(() => errors.length > 0, "the missing file is reported");
    await sleep(60);
    renameSync(`${file}.saving`, file);
    expect(errors[0]).toMatch(/users not reloaded, keeping the previous list: .*users\.json is missing \(moved aside while saving\?\)/);
    expect(log.filter((l) => l.includes("access revoked"))).toEqual([]);
    anna.text.insert(0, "Nog steeds hier. ");
    await settled(anna);
    expect(anna.socket.status).toBe("connected");
    expect(server.document("index.md")!.getText("text").toString()).toBe("Nog steeds hier. " + INITIAL);
  });

  it("keeps the previous users while the file is empty or half-written", async () => {
    writeFileSync(file, "");
    await until(() => errors.some((e) => e.includes("is empty (still being written?)")), "the empty file is reported");
    writeFileSync(file, '{"users": [{"id": "anna", "name": "Anna de Vries", "role": "edi');
    await until(() => errors.some((e) => e.includes("not valid JSON")), "the half-written file is reported");
    expect(users.lookup(USERS.cees.token)?.id).toBe("cees");
    write([USERS.anna]);
    await until(() => users.lookup(USERS.cees.token) === null, "the complete file applies");
    expect(users.lookup(USERS.anna.token)?.id).toBe("anna");
  });
});

/** `npm run studio` without any users: it watches the users file anyway, so the first user needs no restart. */
describe("starting without users", () => {
  let ws: ReturnType<typeof workspace>;
  let child: ChildProcess | null = null;
  const clients: Client[] = [];
  afterEach(() => {
    clients.splice(0).forEach((c) => c.destroy());
    child?.kill("SIGKILL");
    ws.cleanup();
  });

  it("prints the file it watches and lets the first user in once the file appears", async () => {
    ws = workspace();
    const file = join(ws.root, "config/users.json"); // not even the folder exists yet
    const {STUDIO_USERS: _ignored, ...env} = process.env;
    child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "studio/main.ts"), "--root", ws.root, "--port", "0", "--no-preview", "--users", file], {cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"]});
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    await until(() => /#token=\S+/.test(out), "the URL with a one-off token", 60_000);
    expect(out).toContain(`Buurtboek Studio: users from ${file} (watched for changes)`);
    const [, url, oneOff] = /Buurtboek Studio: (http:\/\/\S+)#token=(\S+)/.exec(out)!;
    const local = client(wsUrlOf(url), oneOff);
    clients.push(local);
    await settled(local);
    let localRefused = false;
    local.provider.on("authenticationFailed", () => (localRefused = true));

    mkdirSync(join(ws.root, "config"));
    writeFileSync(file, JSON.stringify({users: [USERS.anna]}));
    await until(() => out.includes(`users reloaded from ${file}: 1 person`), "the new file is read");
    const anna = client(wsUrlOf(url), USERS.anna.token);
    clients.push(anna);
    await settled(anna);
    expect(anna.text.toString()).toBe(INITIAL);
    // The file now says who may sign in: the one-off token no longer does.
    await until(() => localRefused, "the one-off token is refused");
  });
});
