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
import {checkUpdate} from "./access.js";
import {TokenBucket, type Limits} from "./limits.js";
import {decodeFrame, MessageType, SyncType, type Frame} from "./protocol.js";

/** WebSocket close codes the guard uses (4000-4999 are free for applications). */
export const CloseCode = {Malformed: 4400, Unauthenticated: 4401, Forbidden: 4403, RateLimited: 4429} as const;

export interface GuardOptions {
  users: Users;
  limits: Limits;
  /** The loaded document with this name, if any. */
  document(name: string): Y.Doc | undefined;
  /** Called when a frame is rejected or a socket closed; for logs and tests. */
  onReject?(reason: string, person: Person | null): void;
}

/** Installs the guard on a freshly accepted socket. */
export function guardSocket(ws: WebSocket, opts: GuardOptions): void {
  const people = new Map<string, Person>();
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

  /** Returns true when the frame may go on to Hocuspocus. */
  const admit = (data: unknown, isBinary: unknown): boolean => {
    if (ws.readyState !== ws.OPEN) return false;
    if (!(data instanceof Uint8Array)) return close(CloseCode.Malformed, "expected one binary message"), false;
    // Hocuspocus re-emits messages it queued during authentication; they were counted already.
    if (passed.has(data)) return true;
    if (isBinary === false) return close(CloseCode.Malformed, "text frames are not accepted"), false;
    if (!messages.take(1) || !bytes.take(data.byteLength)) return close(CloseCode.RateLimited, "rate limit exceeded"), false;
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      return close(CloseCode.Malformed, `malformed message: ${(error as Error).message}`.slice(0, 120)), false;
    }
    const ok = check(frame);
    if (ok) passed.add(data);
    return ok;
  };

  const check = (frame: Frame): boolean => {
    if (frame.type === "auth") {
      if (!people.has(frame.document)) {
        const person = opts.users.lookup(frame.token);
        if (person) {
          people.set(frame.document, person);
          clearTimeout(authTimer);
        } else opts.onReject?.("unknown token", null);
      }
      return true; // Hocuspocus answers with authenticated or permission-denied
    }
    const person = people.get(frame.document);
    // Nothing reaches Hocuspocus for a document this socket has not authenticated for (it would queue it).
    if (!person) return false;
    switch (frame.type) {
      case "close":
        people.delete(frame.document);
        return true;
      case "query-awareness":
        return true;
      case "stateless":
        return false; // unused by Studio
      case "awareness":
        for (const {clientID, state} of frame.entries) {
          if (state === null) {
            if (!announced.has(clientID)) return close(CloseCode.Forbidden, "may not remove another client's presence", person), false;
          } else if (!presentsAs(state, person)) {
            return close(CloseCode.Forbidden, "presence must carry the authenticated user", person), false;
          } else announced.add(clientID);
        }
        return true;
      case "sync":
        return frame.syncType === SyncType.Step1 || admitUpdate(frame.document, frame.payload, person);
    }
  };

  const admitUpdate = (name: string, update: Uint8Array, person: Person): boolean => {
    try {
      Y.decodeUpdate(update);
    } catch {
      return close(CloseCode.Malformed, "malformed Yjs update", person), false;
    }
    if (person.role === "editor") return true;
    const doc = opts.document(name);
    const verdict = doc ? checkUpdate(doc, update, person.role) : {ok: false as const, reason: "document not loaded"};
    if (verdict.ok) return true;
    opts.onReject?.(verdict.reason, person);
    ws.send(syncStatus(name, false));
    return false;
  };

  const emit = ws.emit.bind(ws);
  ws.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === "message" && !admit(args[0], args[1])) return false;
    return emit(event, ...args);
  }) as typeof ws.emit;
}

/** A presence state may omit `user` (it is then anonymous); if it names one, it must be the sender. */
function presentsAs(state: unknown, person: Person): boolean {
  if (typeof state !== "object" || state === null) return false;
  const user = (state as {user?: {id?: unknown; name?: unknown}}).user;
  return user === undefined || (user?.id === person.id && user?.name === person.name);
}

/** Hocuspocus's "update applied / not applied" reply. */
function syncStatus(document: string, applied: boolean): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, document);
  encoding.writeVarUint(encoder, MessageType.SyncStatus);
  encoding.writeVarUint(encoder, applied ? 1 : 0);
  return encoding.toUint8Array(encoder);
}
