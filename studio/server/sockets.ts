/**
 * What the server does to each collaboration socket's outgoing frames before they reach the network:
 * coalescing into few writes, and holding acks until the store has committed.
 */
import * as decoding from "lib0/decoding";
import type {WebSocket} from "ws";
import {MessageType} from "./protocol.js";
import type {DocumentStore} from "./store.js";

/**
 * The window in which frames to one socket share a write. With 50 people on a page every update goes to 50
 * sockets, and a system call per frame per socket was the server's largest cost under load (46% of its busy
 * time in `npm run bench -- studio`). Every frame waits up to this long. Sending a burst's first frame at once
 * and only batching the rest was tried: it doubles the writes under load, and p99 got worse, not better.
 */
export const COALESCE_MS = 4;

/** Makes `ws` send the frames of each `windowMs` window in one write, at the window's end. */
export function coalesceWrites(ws: WebSocket, windowMs = COALESCE_MS): void {
  const socket = (ws as unknown as {_socket?: {cork(): void; uncork(): void}})._socket;
  if (!socket) return;
  const raw = ws.send.bind(ws) as (...args: unknown[]) => void;
  let corked = false;
  ws.send = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      setTimeout(() => {
        corked = false;
        socket.uncork();
      }, windowMs);
    }
    raw(...args);
  }) as typeof ws.send;
}

/**
 * Holds this socket's acks ("update applied" / "not applied") until the store has committed every update
 * appended so far, so an ack means stored. Acks keep their order; other frames (peers' updates, presence) go
 * out at once: a peer may see an update before it is stored, but its sender still holds it until the ack and
 * sends it again after a crash.
 */
export function holdAcks(ws: WebSocket, store: DocumentStore): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void;
  let held = 0;
  let tail: Promise<void> = Promise.resolve();
  ws.send = ((...args: unknown[]) => {
    if (!isAck(args[0]) || (held === 0 && !store.pending)) return send(...args);
    held++;
    const barrier = store.flushed();
    tail = tail.then(() => barrier).then(() => {
      held--;
      if (ws.readyState === ws.OPEN) send(...args);
    });
  }) as typeof ws.send;
}

/** True for Hocuspocus's SyncStatus frame: `varString document, varUint 8, varUint applied`. */
function isAck(frame: unknown): boolean {
  if (!(frame instanceof Uint8Array)) return false;
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder);
    return decoding.readVarUint(decoder) === MessageType.SyncStatus;
  } catch {
    return false;
  }
}
