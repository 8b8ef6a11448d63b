// The thread that merges stored updates for the document stores (see store.ts, mergeRows). Plain
// JavaScript: worker threads do not run through tsx. Merging a page's rows takes hundreds of milliseconds once
// thousands have piled up, and on the main thread that stalled every socket of the instance.
import * as Y from "yjs";

/** @param {Uint8Array[]} updates */
export default function merge(updates) {
  return Y.mergeUpdates(updates);
}
