/**
 * Checks every frame on a WebSocket before Hocuspocus sees it: rate limits, well-formedness, authentication
 * and what the sender's role allows. Hocuspocus has no hook that runs early enough and can drop a single
 * message without closing the connection, so the guard wraps the socket's `emit`.
 *
 * Outcomes: pass the frame on; drop it (and tell the sender its update was not applied); or close this
 * socket only. The server and every other connection carry on.
 */
import * as encoding from "lib0/encoding";
import type {WebSocket} from "ws";
import * as Y from "yjs";
import type {Person, Users} from "./auth.js";
import {checkUpdate, type DecodedUpdate} from "./access.js";
import {changesNothing, needsOf, satisfied, type Needs} from "./dependencies.js";
import {TokenBucket, type Limits} from "./limits.js";
import {authFrame, awarenessFrame, decodeFrame, MessageType, SyncType, type AwarenessEntry, type Frame} from "./protocol.js";

/** WebSocket close codes the guard uses (4000-4999 are free for applications). */
export const CloseCode = {Malformed: 4400, Unauthenticated: 4401, Forbidden: 4403, RateLimited: 4429} as const;

/** Counters for tests and benchmarks: how often held updates were checked again (each may copy the document). */
export const guardStats = {rechecks: 0};

export interface GuardOptions {
  users: Users;
  limits: Limits;
  /** The loaded document with this name, if any. */
  document(name: string): Y.Doc | undefined;
  /** Called when a frame is rejected or a socket closed; for logs and tests. */
  onReject?(reason: string, person: Person | null): void;
  /**
   * Maps an auth frame's token to the credential (csrf.ts `socketCredential`): the editor sends its session's
   * CSRF token, which stands for the user token in the session cookie it names, so page code never sees the
   * credential and a cookie tossed in by page code is never used. Identity when not set.
   */
  credential?(token: string): string;
}

/** What the server can do with a guarded socket later. */
export interface GuardedSocket {
  /** Looks up every person this socket authenticated as again; closes the socket if one is gone or changed. */
  recheck(): void;
}

/** Installs the guard on a freshly accepted socket. */
export function guardSocket(ws: WebSocket, opts: GuardOptions): GuardedSocket {
  const people = new Map<string, Person>();
  /** The token each document was authenticated with, to re-check it when the users change. */
  const tokens = new Map<string, string>();
  const announced = new Set<number>();
  const passed = new WeakSet<object>();
  const messages = new TokenBucket(opts.limits.messagesPerSecond, opts.limits.burstMessages);
  const bytes = new TokenBucket(opts.limits.bytesPerSecond, opts.limits.burstBytes);
  const authTimer = setTimeout(() => close(CloseCode.Unauthenticated, "not authenticated"), opts.limits.authTimeoutMs);
  ws.once("close", () => clearTimeout(authTimer));

  const close = (code: number, reason: string, person: Person | null = null) => {
    opts.onReject?.(reason, person);
    ws.close(code, reason);
  };

  /** The frame to hand on to Hocuspocus (possibly re-encoded), or false to drop it. */
  const admit = (data: unknown, isBinary: unknown): Uint8Array | false => {
    if (ws.readyState !== ws.OPEN) return false;
    if (!(data instanceof Uint8Array)) return close(CloseCode.Malformed, "expected one binary message"), false;
    // Hocuspocus re-emits messages it queued during authentication; they were counted already.
    if (passed.has(data)) return data;
    if (isBinary === false) return close(CloseCode.Malformed, "text frames are not accepted"), false;
    if (!messages.take(1) || !bytes.take(data.byteLength)) return close(CloseCode.RateLimited, "rate limit exceeded"), false;
    current = data;
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      return close(CloseCode.Malformed, `malformed message: ${(error as Error).message}`.slice(0, 120)), false;
    }
    const verdict = check(frame);
    if (verdict === false) return false;
    if (verdict === true) return (passed.add(data), data);
    return (passed.add(verdict), verdict);
  };

  /**
   * Providers relay everyone's presence (on reconnect, on query, when they time out a peer), so entries
   * about other clients are normal and are dropped rather than trusted. What is forwarded is re-encoded
   * from the entries for client ids this socket announced itself, as the authenticated person.
   */
  const ownPresence = (name: string, entries: AwarenessEntry[], person: Person): Uint8Array | false => {
    const own = entries.filter(({clientID, state}) => {
      if (state === null) return announced.has(clientID);
      if (!presentsAs(state, person)) return false;
      announced.add(clientID);
      return true;
    });
    return own.length === 0 ? false : awarenessFrame(name, own);
  };

  const check = (frame: Frame): boolean | Uint8Array => {
    if (frame.type === "auth") {
      const token = opts.credential ? opts.credential(frame.token) : frame.token;
      if (!people.has(frame.document)) {
        const person = opts.users.lookup(token);
        if (person) {
          people.set(frame.document, person);
          tokens.set(frame.document, token);
          clearTimeout(authTimer);
        } else opts.onReject?.("unknown token", null);
      }
      // Hocuspocus answers with authenticated or permission-denied.
      return token === frame.token ? true : authFrame(frame.document, frame.authType, token);
    }
    const person = people.get(frame.document);
    // Nothing reaches Hocuspocus for a document this socket has not authenticated for (it would queue it).
    if (!person) return false;
    switch (frame.type) {
      case "close":
        people.delete(frame.document);
        tokens.delete(frame.document);
        inflight.delete(frame.document);
        release(frame.document);
        return true;
      case "query-awareness":
        return true;
      case "stateless":
        return false; // unused by Studio
      case "awareness":
        return ownPresence(frame.document, frame.entries, person);
      case "sync":
        return frame.syncType === SyncType.Step1 || admitUpdate(frame.document, frame.payload, person);
    }
  };

  /**
   * Updates this socket sent that were admitted but that Hocuspocus has not applied yet: frames arriving in
   * the same tick are all checked before the first is applied, and a later one may build on an earlier one.
   * They are checked as if applied already.
   */
  const inflight = new Map<string, Array<{update: Uint8Array; state: Map<number, number>}>>();
  const unapplied = (name: string, doc: Y.Doc) => {
    const list = (inflight.get(name) ?? []).filter(({state}) => [...state].some(([client, clock]) => Y.getState(doc.store, client) < clock));
    if (list.length === 0) inflight.delete(name);
    return list;
  };

  /**
   * Updates that depend on changes the server does not have yet are held back, never applied (so nothing
   * unchecked can land later), and checked again only once what they depend on has arrived (in the document,
   * or among this socket's admitted updates): an honest client sends such an update after reconnecting, an edit
   * typed before its sync step 2 (which carries the offline edits) went out. Per document at most
   * `limits.maxHeld` updates and `limits.maxHeldBytes` bytes are held; a socket that needs more is closed (4429).
   * A viewer's updates are never held: a viewer may change nothing, so they are refused at once.
   */
  interface Held {
    data: Uint8Array;
    update: Uint8Array;
    decoded: DecodedUpdate;
    person: Person;
    needs: Needs;
    /** The states of `needs`' clients when last checked: checked again only when one of them moved on. */
    seen: string | null;
  }
  const held = new Map<string, {list: Held[]; bytes: number; doc: Y.Doc | undefined; off: () => void}>();
  let current: Uint8Array | null = null;

  const admitUpdate = (name: string, update: Uint8Array, person: Person): boolean => {
    let decoded: DecodedUpdate;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      return close(CloseCode.Malformed, "malformed Yjs update", person), false;
    }
    const doc = opts.document(name);
    // Changes nothing (e.g. a sync step 2 repeating what the server has): costs what the frame is long.
    if (doc && changesNothing(doc, decoded)) return true;
    if (person.role === "viewer") {
      opts.onReject?.("viewer may not change this document", person);
      ws.send(syncStatus(name, false));
      return false;
    }
    const needs = needsOf(decoded);
    // A missing dependency shows in the update itself: hold it without the costly check.
    const outcome = doc && !satisfied(needs, reached(name, doc)) ? "pending" : decide(name, update, decoded, person);
    if (outcome === "ok") return true;
    if (outcome === "pending" && current) return hold(name, {data: current, update, decoded, person, needs, seen: null});
    ws.send(syncStatus(name, false));
    return false;
  };

  const hold = (name: string, entry: Held): false => {
    let slot = held.get(name);
    if (!slot) {
      const doc = opts.document(name);
      // What the held updates wait for may also come from elsewhere (another socket, another instance).
      const arrived = () => scheduleRetry();
      doc?.on("update", arrived);
      slot = {list: [], bytes: 0, doc, off: () => doc?.off("update", arrived)};
      held.set(name, slot);
    }
    if (slot.list.length >= opts.limits.maxHeld || slot.bytes + entry.data.byteLength > opts.limits.maxHeldBytes) {
      close(CloseCode.RateLimited, "too many held-back updates", entry.person);
      return false;
    }
    slot.list.push(entry);
    slot.bytes += entry.data.byteLength;
    return false;
  };

  const release = (name: string) => {
    held.get(name)?.off();
    held.delete(name);
  };
  ws.once("close", () => [...held.keys()].forEach(release));

  const decide = (name: string, update: Uint8Array, decoded: DecodedUpdate, person: Person): "ok" | "pending" | "rejected" => {
    const doc = opts.document(name);
    const earlier = doc ? unapplied(name, doc) : [];
    // Editors too: they may change any text but not forge, change or delete comments. Their updates that
    // cannot touch the comments map skip the costly scratch-copy check (see access.ts).
    const verdict = doc ? checkUpdate(doc, update, person, decoded, earlier.map((e) => e.update)) : {ok: false as const, reason: "document not loaded"};
    if (verdict.ok) {
      if (decoded.structs.length > 0) {
        const state = new Map<number, number>();
        for (const {id, length} of decoded.structs) state.set(id.client, Math.max(state.get(id.client) ?? 0, id.clock + length));
        inflight.set(name, [...earlier, {update, state}]);
      }
      return "ok";
    }
    if ("pending" in verdict && verdict.pending) return "pending";
    opts.onReject?.(verdict.reason, person);
    return "rejected";
  };

  /** Where the document will be for each client once this socket's admitted updates are applied. */
  const reached = (name: string, doc: Y.Doc) => {
    const earlier = unapplied(name, doc);
    return (client: number) => earlier.reduce((max, {state}) => Math.max(max, state.get(client) ?? 0), Y.getState(doc.store, client));
  };

  /** True when everything `entry` needs has arrived since it was last checked. Integer compares only. */
  const ready = (entry: Held, state: (client: number) => number): boolean => {
    if (!satisfied(entry.needs, state)) return false;
    const seen = [...entry.needs.keys()].map(state).join(",");
    if (seen === entry.seen) return false;
    entry.seen = seen;
    return true;
  };

  /** Checks again the held updates whose dependencies arrived; hands on those that now apply completely. */
  const retryHeld = () => {
    for (const [name, slot] of held) {
      const doc = opts.document(name);
      if (!doc || ws.readyState !== ws.OPEN) continue;
      for (let progress = true; progress; ) {
        progress = false;
        const state = reached(name, doc);
        for (const entry of slot.list) {
          if (!ready(entry, state)) continue;
          guardStats.rechecks++;
          const outcome = decide(name, entry.update, entry.decoded, entry.person);
          if (outcome === "pending") continue;
          slot.list.splice(slot.list.indexOf(entry), 1);
          slot.bytes -= entry.data.byteLength;
          if (outcome === "ok") {
            passed.add(entry.data);
            emit("message", entry.data, true);
          } else ws.send(syncStatus(name, false));
          progress = true;
          break; // the list (and this socket's admitted updates) changed: look again
        }
      }
      if (slot.list.length === 0) release(name);
    }
  };
  let retryScheduled = false;
  const scheduleRetry = () => {
    if (retryScheduled) return;
    retryScheduled = true;
    setImmediate(() => {
      retryScheduled = false;
      retryHeld();
    });
  };

  const emit = ws.emit.bind(ws);
  ws.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event !== "message") return emit(event, ...args);
    const frame = admit(args[0], args[1]);
    current = null;
    if (!frame) return false;
    const result = emit(event, frame, ...args.slice(1));
    if (held.size > 0) retryHeld();
    return result;
  }) as typeof ws.emit;

  return {
    recheck() {
      if (ws.readyState !== ws.OPEN) return;
      for (const [name, person] of people) {
        const now = opts.users.lookup(tokens.get(name));
        if (!now) return close(CloseCode.Unauthenticated, "access revoked", person);
        // The role is fixed per connection (Hocuspocus's read-only flag too): the client reconnects under the new one.
        if (now.id !== person.id || now.role !== person.role || now.name !== person.name) return close(CloseCode.Forbidden, "role changed", person);
      }
    }
  };
}

/** A presence state may omit `user` (it is then anonymous); if it names one, it must be the sender. */
function presentsAs(state: unknown, person: Person): boolean {
  if (typeof state !== "object" || state === null) return false;
  const user = (state as {user?: {id?: unknown; name?: unknown; role?: unknown}}).user;
  return user === undefined || (user?.id === person.id && user?.name === person.name && (user.role === undefined || user.role === person.role));
}

/** Hocuspocus's "update applied / not applied" reply. */
function syncStatus(document: string, applied: boolean): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, document);
  encoding.writeVarUint(encoder, MessageType.SyncStatus);
  encoding.writeVarUint(encoder, applied ? 1 : 0);
  return encoding.toUint8Array(encoder);
}
