/** Shared fixtures for Studio tests: temp workspaces, users, in-process and child-process servers, Node clients. */
import {HocuspocusProvider, HocuspocusProviderWebsocket} from "@hocuspocus/provider";
import {spawn, type ChildProcess} from "node:child_process";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach} from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import {Users, type UserEntry} from "../../studio/server/auth.js";
import {startStudio, type Studio, type StudioOptions} from "../../studio/server/server.js";
import {repoRoot} from "../support/paths.js";

export const USERS: Record<"anna" | "bram" | "cees" | "vera", UserEntry & {token: string}> = {
  anna: {id: "anna", name: "Anna de Vries", role: "editor", token: "anna-token-0123456789", color: "#1f77b4"},
  bram: {id: "bram", name: "Bram Janssen", role: "editor", token: "bram-token-0123456789", color: "#d62728"},
  cees: {id: "cees", name: "Cees Bakker", role: "commenter", token: "cees-token-0123456789", color: "#2ca02c"},
  vera: {id: "vera", name: "Vera Visser", role: "viewer", token: "vera-token-0123456789", color: "#9467bd"}
};

export const users = () => new Users(Object.values(USERS));

export const PAGE = "index.md";
export const INITIAL = "# Armoede per wijk\n\nInleiding.\n";

/** A temp workspace with two pages; removed by `cleanup`. */
export function workspace(): {root: string; cleanup: () => void} {
  const root = mkdtempSync(join(tmpdir(), "studio-test-"));
  mkdirSync(join(root, "src/wijken"), {recursive: true});
  writeFileSync(join(root, "src", PAGE), INITIAL);
  writeFileSync(join(root, "src/wijken/noord.md"), "# Noord\n");
  return {root, cleanup: () => rmSync(root, {recursive: true, force: true})};
}

/** Studio in this process, on an ephemeral loopback port. */
export function studio(root: string, opts: Partial<StudioOptions> = {}): Promise<Studio> {
  const log = process.env.STUDIO_TEST_LOG ? (line: string) => console.error(`studio: ${line}`) : undefined;
  return startStudio({root, users: users(), port: 0, previewUrl: null, files: {writeDelayMs: 50, maxWriteDelayMs: 200}, log, ...opts});
}

/**
 * Studio as a child process (so it can be SIGKILLed); resolves with its collab URL once it prints it.
 * `env` adds environment variables (STUDIO_DATABASE_URL, STUDIO_REDIS_URL, ...).
 */
export function spawnStudio(root: string, writeDelayMs = 50, env: Record<string, string> = {}): Promise<{child: ChildProcess; url: string; wsUrl: string}> {
  // node --import tsx runs in one process: a SIGKILL hits the server itself, not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "studio/main.ts"), "--root", root, "--port", "0", "--no-preview", "--write-delay", String(writeDelayMs)], {
    cwd: repoRoot,
    env: {...process.env, STUDIO_USERS: JSON.stringify(Object.values(USERS)), ...env},
    stdio: ["ignore", "pipe", "pipe"]
  });
  return new Promise((ok, fail) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      out += d;
      const match = /Buurtboek Studio: (http:\/\/\S+)/.exec(out);
      if (match) ok({child, url: match[1], wsUrl: wsUrlOf(match[1])});
    });
    child.on("exit", (code) => fail(new Error(`studio exited (${code}): ${err}`)));
  });
}

export function wsUrlOf(url: string): string {
  const u = new URL(url);
  return `ws://${u.host}/studio/collab`;
}

export interface Client {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  text: Y.Text;
  socket: HocuspocusProviderWebsocket;
  destroy(): void;
}

/** ws emits an error when a socket is closed while still connecting (tests do that on purpose). */
class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on("error", () => {});
  }
}

/** A real Hocuspocus client over a real WebSocket. */
export function client(wsUrl: string, token: string, name = PAGE, doc = new Y.Doc()): Client {
  const socket = new HocuspocusProviderWebsocket({url: wsUrl, WebSocketPolyfill: QuietWebSocket, delay: 50, minDelay: 20, maxDelay: 500});
  const provider = new HocuspocusProvider({websocketProvider: socket, name, token, document: doc});
  provider.attach(); // a shared websocketProvider does not attach by itself
  return {
    doc,
    provider,
    socket,
    text: doc.getText("text"),
    destroy() {
      provider.destroy();
      socket.destroy();
    }
  };
}

/** Resolves once `check` returns true; polls, so it asserts an outcome, not a duration. */
export async function until(check: () => boolean, what = "condition", timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until the client has synced and the server has acknowledged all its changes. */
export async function settled(c: Client): Promise<void> {
  await until(() => c.provider.isSynced && !c.provider.hasUnsyncedChanges, "client to be synced");
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The update a client would send after `change`, computed against a copy of `doc`. */
export function updateFrom(doc: Y.Doc, change: (d: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

/**
 * A fresh Studio in a temp workspace for every test of the calling `describe`, with `connect` for clients that
 * are destroyed after each test and `rejected` collecting the server's rejection log.
 */
export function useStudio() {
  const clients: Client[] = [];
  const t = {
    ws: undefined as unknown as ReturnType<typeof workspace>,
    server: undefined as unknown as Studio,
    rejected: [] as string[],
    connect(token: string, name?: string): Client {
      const c = client(wsUrlOf(t.server.url), token, name);
      clients.push(c);
      return c;
    }
  };
  beforeEach(async () => {
    t.ws = workspace();
    t.rejected.length = 0;
    t.server = await studio(t.ws.root, {log: (line) => t.rejected.push(line)});
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    await t.server.close();
    t.ws.cleanup();
  });
  return t;
}
