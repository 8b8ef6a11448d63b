/**
 * Decodes the Hocuspocus wire format far enough to check a frame before the library handles it:
 * `varString documentName, varUint messageType, ...payload`. Anything that does not decode cleanly and
 * completely is malformed, and the guard closes that socket. Also encodes the few frames the guard writes itself.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** Hocuspocus message types (from @hocuspocus/server's `MessageType`, which is not exported at runtime). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  SyncReply: 4,
  Stateless: 5,
  BroadcastStateless: 6,
  Close: 7,
  SyncStatus: 8
} as const;

/** y-protocols sync sub-types. */
export const SyncType = {Step1: 0, Step2: 1, Update: 2} as const;

export type Frame =
  | {document: string; type: "sync"; syncType: number; payload: Uint8Array}
  | {document: string; type: "awareness"; entries: AwarenessEntry[]}
  | {document: string; type: "auth"; authType: number; token: string}
  | {document: string; type: "query-awareness" | "close"}
  | {document: string; type: "stateless"; payload: string};

export interface AwarenessEntry {
  clientID: number;
  clock: number;
  /** Parsed JSON state; null means the client left. */
  state: unknown;
}

/** Parses one frame; throws on anything malformed, truncated, trailing or of an unknown type. */
export function decodeFrame(data: Uint8Array): Frame {
  const decoder = decoding.createDecoder(data);
  const document = decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  let frame: Frame;
  switch (type) {
    case MessageType.Sync:
    case MessageType.SyncReply: {
      const syncType = decoding.readVarUint(decoder);
      if (syncType > SyncType.Update) throw new Error(`unknown sync type ${syncType}`);
      frame = {document, type: "sync", syncType, payload: decoding.readVarUint8Array(decoder)};
      break;
    }
    case MessageType.Awareness:
      frame = {document, type: "awareness", entries: decodeAwareness(decoding.readVarUint8Array(decoder))};
      break;
    case MessageType.Auth: {
      const authType = decoding.readVarUint(decoder);
      frame = {document, type: "auth", authType, token: decoding.readVarString(decoder)};
      break;
    }
    case MessageType.QueryAwareness:
      frame = {document, type: "query-awareness"};
      break;
    case MessageType.Close:
      frame = {document, type: "close"};
      break;
    case MessageType.Stateless:
      frame = {document, type: "stateless", payload: decoding.readVarString(decoder)};
      break;
    default:
      // BroadcastStateless lets any client fan out arbitrary strings to everyone; Studio does not use it.
      throw new Error(`message type ${type} not accepted`);
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes after message");
  return frame;
}

function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 64) throw new Error("too many awareness entries");
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    entries.push({clientID, clock, state: JSON.parse(decoding.readVarString(decoder))});
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes after awareness update");
  return entries;
}

/** An auth frame carrying `token`. */
export function authFrame(document: string, authType: number, token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, document);
  encoding.writeVarUint(encoder, MessageType.Auth);
  encoding.writeVarUint(encoder, authType);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame holding just `entries`. */
export function awarenessFrame(document: string, entries: AwarenessEntry[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const {clientID, clock, state} of entries) {
    encoding.writeVarUint(update, clientID);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, document);
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}
