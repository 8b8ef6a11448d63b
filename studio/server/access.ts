/**
 * Decides whether an incoming Yjs update may be applied for the person who sent it. The update is applied to
 * a scratch copy of the live document and the transaction is inspected (changed types, inserted items and
 * their content, deleted items), so the decision rests on what the update would actually do, not on what the
 * client claims.
 *
 * Two checks:
 * - role: a viewer may change nothing; a commenter or reviewer only the `comments` map; an editor anything;
 * - comment integrity, for every role (editors too): see `commentProblem`.
 *
 * Editors' updates that provably do not touch `comments` (every item and every deletion resolves, through the
 * live document, to another root type, and nothing would be left pending) skip the scratch copy: typing stays
 * cheap. Anything else gets the full check.
 */
import * as Y from "yjs";
import {isAuthor, isReplyBy, MUTABLE_THREAD_KEYS, THREAD_KEYS, type Author} from "../shared/comments.js";
import {canComment, canEditText, COMMENTS, type Role} from "../shared/schema.js";

/** `pending`: the update depends on changes the document does not have (yet); it was not applied. */
export type Verdict = {ok: true} | {ok: false; reason: string; pending?: true};

/** The authenticated sender of an update. */
export interface Sender extends Author {
  role: Role;
}

const OK: Verdict = {ok: true};

/** Counters for tests and benchmarks: how many scratch copies of a document the checks made. */
export const accessStats = {scratchCopies: 0};

/**
 * Checks an update from `sender` against the current document. `decoded` is `Y.decodeUpdate(update)` when the
 * caller has it already (the guard decodes every update to validate it). `earlier` are updates from the same
 * sender that were admitted but not applied yet; the update is checked as if they had been.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, sender: Sender, decoded?: DecodedUpdate, earlier: Uint8Array[] = []): Verdict {
  if (sender.role === "editor") {
    const fast = earlier.length === 0 ? (decoded ?? Y.decodeUpdate(update)) : Y.decodeUpdate(Y.mergeUpdates([...earlier, update]));
    if (!mayTouchComments(doc, fast)) return OK;
  }
  accessStats.scratchCopies++;
  const scratch = new Y.Doc({gc: false});
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  // The sender's own admitted updates that the live document has not applied yet (already checked).
  if (earlier.length > 0) Y.applyUpdate(scratch, Y.mergeUpdates(earlier));
  const pendingBefore = pendingOf(scratch);
  const comments = scratch.getMap(COMMENTS) as unknown as Y.AbstractType<unknown>;
  let touched = false;
  let outside = false;
  let problem: string | null = null;
  scratch.on("afterTransaction", (tr: Y.Transaction) => {
    for (const type of tr.changed.keys()) {
      touched = true;
      if (!isInside(type as Y.AbstractType<unknown>, comments)) outside = true;
    }
    problem ??= commentProblem(tr, comments, sender);
  });
  Y.applyUpdate(scratch, update);
  const pendingAfter = pendingOf(scratch);
  scratch.destroy();
  // An update with missing dependencies changes nothing now but could land later, attached to someone else's
  // edit, without ever being checked. Any update that adds to what is pending is refused.
  if (pendingAfter !== null && pendingAfter !== pendingBefore) return {ok: false, reason: "update depends on unknown changes", pending: true};
  if (!touched) return OK;
  if (!canComment(sender.role)) return {ok: false, reason: `${sender.role} may not change this document`};
  if (!canEditText(sender.role) && outside) return {ok: false, reason: `${sender.role} may not change the text`};
  if (problem) return {ok: false, reason: problem};
  return OK;
}

/**
 * What is wrong with the changes a transaction makes inside `comments`, or null. Rules, for every role:
 * - a new entry in `comments` is a new thread: a Y.Map with only the known keys, whose `replies` Y.Array holds
 *   at least one reply; threads are never replaced or deleted;
 * - every reply inserted anywhere is a well-formed reply whose author is the sender (id and name);
 * - replies are never changed or deleted, not even by their author (the thread is an audit trail);
 * - of an existing thread, only `resolved` and `resolvedBy` may change, and only together, with `resolvedBy`
 *   the sender when resolving and null when re-opening;
 * - nothing else (other keys, nested types) may appear inside `comments`.
 */
function commentProblem(tr: Y.Transaction, comments: Y.AbstractType<unknown>, sender: Sender): string | null {
  const inserted: Y.Item[] = [];
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = tr.doc.store.clients.get(client)!;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i];
      if (struct instanceof Y.Item && isInside(struct.parent as Y.AbstractType<unknown>, comments)) inserted.push(struct);
    }
  }
  const newThreads = new Set<Y.AbstractType<unknown>>();
  for (const item of inserted) {
    if (item.parent !== comments) continue;
    if (item.parentSub === null || !(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Map)) return "a comment thread must be a map";
    newThreads.add(item.content.type as unknown as Y.AbstractType<unknown>);
  }
  const resolved = new Map<Y.AbstractType<unknown>, unknown>();
  const resolvedBy = new Map<Y.AbstractType<unknown>, unknown>();
  for (const item of inserted) {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (parent === comments) continue;
    if (isThread(parent, comments)) {
      const key = item.parentSub;
      if (key === null || !(THREAD_KEYS as readonly string[]).includes(key)) return `unknown thread field ${key}`;
      if (!newThreads.has(parent) && !MUTABLE_THREAD_KEYS.includes(key)) return `thread field ${key} cannot change`;
      if (key === "replies") {
        if (!(item.content instanceof Y.ContentType && item.content.type instanceof Y.Array)) return "replies must be a list";
        continue;
      }
      if (item.content instanceof Y.ContentType) return `thread field ${key} cannot hold a shared type`;
      const values = item.content.getContent();
      if (values.length !== 1) return `thread field ${key} must hold one value`;
      if (key === "resolved") {
        if (typeof values[0] !== "boolean") return "resolved must be true or false";
        resolved.set(parent, values[0]);
      } else if (key === "resolvedBy") {
        if (values[0] !== null && !isAuthor(values[0], sender)) return "a thread can only be resolved under one's own name";
        resolvedBy.set(parent, values[0]);
      }
    } else if (isReplies(parent, comments)) {
      if (item.parentSub !== null || !(item.content instanceof Y.ContentAny)) return "a reply must be plain data";
      for (const value of item.content.getContent()) if (!isReplyBy(value, sender)) return "a reply must be written under one's own name";
    } else {
      return "unexpected change inside comments";
    }
  }
  for (const thread of newThreads) {
    const replies = (thread as unknown as Y.Map<unknown>).get("replies");
    if (!(replies instanceof Y.Array) || replies.length === 0) return "a new thread needs a first message";
  }
  for (const thread of new Set([...resolved.keys(), ...resolvedBy.keys()])) {
    if (!resolved.has(thread) || !resolvedBy.has(thread)) return "resolved and resolvedBy change together";
    if ((resolved.get(thread) === true) !== (resolvedBy.get(thread) !== null)) return "resolvedBy must name who resolved the thread";
  }
  // Deletions: only the previous values of resolved / resolvedBy (which a new value replaces) may go.
  for (const [client, ranges] of tr.deleteSet.clients) {
    const structs = tr.doc.store.clients.get(client);
    if (!structs) continue;
    for (const {clock, len} of ranges) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + len; i++) {
        const struct = structs[i];
        if (!(struct instanceof Y.Item)) continue;
        const parent = struct.parent as Y.AbstractType<unknown>;
        if (!isInside(parent, comments)) continue;
        if (isThread(parent, comments) && struct.parentSub !== null && MUTABLE_THREAD_KEYS.includes(struct.parentSub)) continue;
        return parent === comments ? "comment threads cannot be deleted or replaced" : isReplies(parent, comments) ? "replies cannot be changed or deleted" : "thread fields cannot be deleted";
      }
    }
  }
  return null;
}

function isThread(type: Y.AbstractType<unknown>, comments: Y.AbstractType<unknown>): boolean {
  return type instanceof Y.Map && type._item?.parent === comments;
}

function isReplies(type: Y.AbstractType<unknown>, comments: Y.AbstractType<unknown>): boolean {
  const item = type._item;
  return type instanceof Y.Array && item !== null && item.parentSub === "replies" && isThread(item.parent as Y.AbstractType<unknown>, comments);
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

/** Identifies what is pending in a document (missing dependencies), or null when nothing is. */
function pendingOf(doc: Y.Doc): string | null {
  const {pendingStructs, pendingDs} = doc.store;
  if (pendingStructs === null && pendingDs === null) return null;
  return `${pendingStructs ? Buffer.from(pendingStructs.update).toString("base64") : ""}|${pendingDs ? Buffer.from(pendingDs).toString("base64") : ""}`;
}

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

type Where = "comments" | "other" | "unknown";

/**
 * Cheap, conservative: false only when every item of the update and every item it deletes provably lies
 * outside `comments` and the update applies completely (no gaps, no references to unknown items). Items
 * are placed through the live document: an item's root is given by its parent when the update names it,
 * otherwise by its left or right neighbour (`origin` / `rightOrigin`), which may be in the update itself.
 */
export function mayTouchComments(doc: Y.Doc, {structs, ds}: DecodedUpdate): boolean {
  const store = doc.store;
  const comments = doc.getMap(COMMENTS) as unknown as Y.AbstractType<unknown>;
  const own = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) return true;
    const list = own.get(struct.id.client);
    if (list) list.push(struct);
    else {
      // A gap between what the server has and the update's first struct would leave it pending.
      if (struct.id.clock > Y.getState(store, struct.id.client)) return true;
      own.set(struct.id.client, [struct]);
    }
  }
  const memo = new Map<Y.Item, Where>();

  const rootOf = (type: Y.AbstractType<unknown>): Where => {
    while (type._item) type = type._item.parent as Y.AbstractType<unknown>;
    return type === comments ? "comments" : "other";
  };
  /** The update's own struct holding `id`, or the live document's, or null. */
  const find = (id: Y.ID): Y.Item | Y.GC | Y.Skip | null => {
    if (id.clock < Y.getState(store, id.client)) {
      const live = store.clients.get(id.client)!;
      return live[Y.findIndexSS(live, id.clock)];
    }
    const list = own.get(id.client);
    if (!list) return null;
    for (const s of list) if (id.clock >= s.id.clock && id.clock < s.id.clock + s.length) return s;
    return null;
  };
  const isLive = (item: Y.Item) => item.parent !== null && typeof item.parent === "object" && !(item.parent instanceof Y.ID);
  /** Iterative, so a long chain of items in one update cannot overflow the stack. */
  const whereOf = (start: Y.Item): Where => {
    const chain = new Set<Y.Item>();
    let item: Y.Item = start;
    let where: Where;
    for (;;) {
      const known = memo.get(item);
      if (known) {
        where = known;
        break;
      }
      if (isLive(item)) {
        where = rootOf(item.parent as Y.AbstractType<unknown>);
        break;
      }
      chain.add(item);
      if (typeof item.parent === "string") {
        where = item.parent === COMMENTS ? "comments" : "other";
        break;
      }
      const ref = item.parent instanceof Y.ID ? item.parent : (item.origin ?? item.rightOrigin);
      const next = ref ? find(ref) : null;
      if (!(next instanceof Y.Item) || chain.has(next)) {
        where = "unknown";
        break;
      }
      item = next;
    }
    for (const c of chain) memo.set(c, where);
    return where;
  };

  for (const struct of structs) if (struct instanceof Y.Item && whereOf(struct) !== "other") return true;
  for (const [client, ranges] of ds.clients) {
    const state = Y.getState(store, client);
    const live = store.clients.get(client);
    for (const {clock, len} of ranges) {
      if (clock + len > state || !live) return true; // deletes items the server does not have (yet)
      for (let i = Y.findIndexSS(live, clock); i < live.length && live[i].id.clock < clock + len; i++) {
        const struct = live[i];
        if (struct instanceof Y.Item && rootOf(struct.parent as Y.AbstractType<unknown>) !== "other") return true;
      }
    }
  }
  return false;
}
