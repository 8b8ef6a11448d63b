/**
 * Comment threads stored in the page's own Y.Doc, so they sync, persist and work offline like the text.
 * Each thread is a Y.Map in the `comments` map; its anchors are Yjs relative positions into the text, so they
 * follow the words they point at while others edit. Replies are immutable entries in a Y.Array, which merges
 * concurrent replies without conflict.
 *
 * The server enforces the shape and authorship of everything in this map (see server/access.ts and
 * THREAT_MODEL.md): a thread or reply is written by the authenticated sender under their own id and name,
 * replies are never changed or deleted, threads are never deleted or replaced, and the only change to an
 * existing thread is resolving / re-opening it, which records who did it in `resolvedBy`.
 */
import * as Y from "yjs";
import {COMMENTS, TEXT} from "./schema.js";

export interface Author {
  id: string;
  name: string;
}

export interface Reply {
  id: string;
  author: Author;
  text: string;
  /** Milliseconds since the epoch, from the writer's clock. */
  at: number;
}

/** A thread as the UI shows it, with anchors resolved to offsets in the current text. */
export interface ThreadView {
  id: string;
  from: number;
  to: number;
  /** The text the anchor covered when the thread was started. */
  quote: string;
  resolved: boolean;
  /** Who last resolved the thread; null while open (and for threads resolved before this was recorded). */
  resolvedBy: Author | null;
  /** False when the anchored text has been deleted entirely. */
  attached: boolean;
  replies: Reply[];
}

/** The keys a thread map may have. */
export const THREAD_KEYS = ["start", "end", "quote", "resolved", "resolvedBy", "replies"] as const;

/** Keys of an existing thread that may still change (both together): resolving and re-opening. */
export const MUTABLE_THREAD_KEYS: readonly string[] = ["resolved", "resolvedBy"];

/** True when `value` names exactly this author (id and name), as the server checks it. */
export function isAuthor(value: unknown, author: Author): boolean {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<Author>;
  return v.id === author.id && v.name === author.name;
}

/** True when `value` is a well-formed reply written by `author`. */
export function isReplyBy(value: unknown, author: Author): boolean {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Partial<Reply>;
  return typeof r.id === "string" && typeof r.text === "string" && typeof r.at === "number" && isAuthor(r.author, author);
}

/** Longest comment text accepted; longer text is cut. */
export const MAX_COMMENT_LENGTH = 4000;

function newId(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}

function clean(text: string): string {
  return text.trim().slice(0, MAX_COMMENT_LENGTH);
}

/** Starts a thread on the text range [from, to) with a first message; returns the thread id. */
export function createThread(doc: Y.Doc, range: {from: number; to: number}, author: Author, text: string): string {
  const ytext = doc.getText(TEXT);
  const from = Math.max(0, Math.min(range.from, range.to, ytext.length));
  const to = Math.min(Math.max(range.from, range.to), ytext.length);
  const id = newId();
  doc.transact(() => {
    const thread = new Y.Map<unknown>();
    // The start sticks to the character after it and the end to the character before it (assoc -1),
    // so typing just outside the range does not widen it.
    thread.set("start", Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, from, 0)));
    thread.set("end", Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, to, -1)));
    thread.set("quote", ytext.toString().slice(from, to).slice(0, 200));
    thread.set("resolved", false);
    thread.set("resolvedBy", null);
    const replies = new Y.Array<Reply>();
    replies.push([{id: newId(), author: {id: author.id, name: author.name}, text: clean(text), at: Date.now()}]);
    thread.set("replies", replies);
    doc.getMap(COMMENTS).set(id, thread);
  });
  return id;
}

/** Adds a reply to a thread. Returns false when the thread does not exist. */
export function reply(doc: Y.Doc, threadId: string, author: Author, text: string): boolean {
  const replies = threadMap(doc, threadId)?.get("replies");
  if (!(replies instanceof Y.Array)) return false;
  replies.push([{id: newId(), author: {id: author.id, name: author.name}, text: clean(text), at: Date.now()}]);
  return true;
}

/** Marks a thread resolved by `by`, or re-opens it; both keys change in one update, as the server requires. */
export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean, by: Author): boolean {
  const thread = threadMap(doc, threadId);
  if (!thread) return false;
  doc.transact(() => {
    thread.set("resolved", resolved);
    thread.set("resolvedBy", resolved ? {id: by.id, name: by.name} : null);
  });
  return true;
}

/** All threads, ordered by their position in the text (detached ones last). */
export function listThreads(doc: Y.Doc): ThreadView[] {
  const ytext = doc.getText(TEXT);
  const views: ThreadView[] = [];
  doc.getMap(COMMENTS).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const from = resolve(doc, value.get("start"));
    const to = resolve(doc, value.get("end"));
    const replies = value.get("replies");
    views.push({
      id,
      from: from ?? 0,
      to: Math.max(from ?? 0, to ?? 0),
      quote: String(value.get("quote") ?? ""),
      resolved: value.get("resolved") === true,
      resolvedBy: value.get("resolved") === true && isAuthorLike(value.get("resolvedBy")) ? (value.get("resolvedBy") as Author) : null,
      attached: from !== null && to !== null && to > from && ytext.length > 0,
      replies: replies instanceof Y.Array ? (replies.toArray() as Reply[]) : []
    });
  });
  // Ties (threads on the same text) by first message, then id: every replica lists them in the same order.
  return views.sort(
    (a, b) => Number(b.attached) - Number(a.attached) || a.from - b.from || (a.replies[0]?.at ?? 0) - (b.replies[0]?.at ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function isAuthorLike(value: unknown): value is Author {
  return typeof value === "object" && value !== null && typeof (value as Author).id === "string" && typeof (value as Author).name === "string";
}

function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> | null {
  const thread = doc.getMap(COMMENTS).get(threadId);
  return thread instanceof Y.Map ? thread : null;
}

function resolve(doc: Y.Doc, encoded: unknown): number | null {
  if (!(encoded instanceof Uint8Array)) return null;
  const absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(encoded), doc);
  return absolute ? absolute.index : null;
}
