/**
 * Comment threads stored in the page's own Y.Doc, so they sync, persist and work offline like the text.
 * Each thread is a Y.Map in the `comments` map; its anchors are Yjs relative positions into the text, so they
 * follow the words they point at while others edit. Replies are immutable entries in a Y.Array, which merges
 * concurrent replies without conflict.
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
  /** False when the anchored text has been deleted entirely. */
  attached: boolean;
  replies: Reply[];
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
    const replies = new Y.Array<Reply>();
    replies.push([{id: newId(), author, text: clean(text), at: Date.now()}]);
    thread.set("replies", replies);
    doc.getMap(COMMENTS).set(id, thread);
  });
  return id;
}

/** Adds a reply to a thread. Returns false when the thread does not exist. */
export function reply(doc: Y.Doc, threadId: string, author: Author, text: string): boolean {
  const replies = threadMap(doc, threadId)?.get("replies");
  if (!(replies instanceof Y.Array)) return false;
  replies.push([{id: newId(), author, text: clean(text), at: Date.now()}]);
  return true;
}

/** Marks a thread resolved or re-opens it. */
export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean): boolean {
  const thread = threadMap(doc, threadId);
  if (!thread) return false;
  thread.set("resolved", resolved);
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
      attached: from !== null && to !== null && to > from && ytext.length > 0,
      replies: replies instanceof Y.Array ? (replies.toArray() as Reply[]) : []
    });
  });
  return views.sort((a, b) => Number(b.attached) - Number(a.attached) || a.from - b.from);
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
