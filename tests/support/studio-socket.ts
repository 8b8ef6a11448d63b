/**
 * Studio's wire protocol spoken by hand, for the tests and benches that must send what the provider never would:
 * held-back updates, floods of presence frames. Frames follow Hocuspocus: the document name, a message type, then
 * its body.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import {authFrame, awarenessFrame as serverAwarenessFrame, MessageType, SyncType} from "../../studio/server/protocol.js";

/** A frame for `page`: the document name, then what `write` adds (message type and body). */
export function frame(page: string, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, page);
  write(e);
  return encoding.toUint8Array(e);
}

/** A sync update (type 0, step "update"). */
export const updateFrame = (page: string, update: Uint8Array) => frame(page, (e) => (encoding.writeVarUint(e, MessageType.Sync), encoding.writeVarUint(e, SyncType.Update), encoding.writeVarUint8Array(e, update)));

/** A presence frame for one client id and clock, carrying the person and `cursor`. */
export const awarenessFrame = (page: string, clientID: number, clock: number, user: {id?: string; name: string; role: string}, cursor: unknown) =>
  serverAwarenessFrame(page, [{clientID, clock, state: {user: {id: user.id, name: user.name, role: user.role}, cursor}}]);

export interface RawSocket {
  sock: WebSocket;
  /** The close code, once the server closes the socket. */
  closed: Promise<number>;
  /** How many updates the server answered "not applied" so far. */
  notApplied(): number;
}

/** Opens a socket on `page` and authenticates with `token` like the provider; resolves once the server accepts it. */
export async function rawSocket(url: string, page: string, token: string, timeoutMs = 5_000): Promise<RawSocket> {
  const sock = new WebSocket(url);
  let notApplied = 0;
  let authenticated = false;
  const closed = new Promise<number>((ok) => sock.once("close", (code) => ok(code)));
  sock.on("message", (data) => {
    const d = decoding.createDecoder(new Uint8Array(data as Buffer));
    decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === MessageType.Auth && decoding.readVarUint(d) === 2) authenticated = true; // "authenticated"
    if (type === MessageType.SyncStatus && decoding.readVarUint(d) === 0) notApplied++; // "not applied"
  });
  await new Promise((ok, fail) => (sock.once("open", ok), sock.once("error", fail)));
  sock.send(authFrame(page, 0, token));
  for (const start = Date.now(); !authenticated; ) {
    if (Date.now() - start > timeoutMs) throw new Error(`socket on ${page}: not authenticated within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return {sock, closed, notApplied: () => notApplied};
}
