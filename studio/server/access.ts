/**
 * Decides whether an incoming Yjs update may be applied for a role. The update is applied to a scratch copy
 * of the live document and the transaction's changed types are inspected, so the decision rests on what the
 * update would actually do, not on what the client claims.
 */
import * as Y from "yjs";
import {COMMENTS, type Role} from "../shared/schema.js";

export type Verdict = {ok: true} | {ok: false; reason: string};

/** Checks an update from a client with `role` against the current document. Editors skip the (costly) check. */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, role: Role): Verdict {
  if (role === "editor") return {ok: true};
  const scratch = new Y.Doc({gc: false});
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  const hadPending = scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null;
  const comments = scratch.getMap(COMMENTS) as unknown as Y.AbstractType<unknown>;
  const touched = new Set<string>();
  scratch.on("afterTransaction", (tr: Y.Transaction) => {
    for (const type of tr.changed.keys()) touched.add(isInside(type as Y.AbstractType<unknown>, comments) ? COMMENTS : "other");
  });
  Y.applyUpdate(scratch, update);
  const pending = !hadPending && (scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null);
  scratch.destroy();
  // An update with missing dependencies changes nothing now but could land later, attached to someone else's edit.
  if (pending) return {ok: false, reason: "update depends on unknown changes"};
  if (touched.size === 0) return {ok: true};
  if (role === "commenter" && !touched.has("other")) return {ok: true};
  return {ok: false, reason: `${role} may not change ${role === "commenter" ? "the text" : "this document"}`};
}

function isInside(type: Y.AbstractType<unknown>, root: Y.AbstractType<unknown>): boolean {
  if (type === root) return true;
  let item = type._item;
  while (item) {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (parent === root) return true;
    item = parent._item;
  }
  return false;
}
