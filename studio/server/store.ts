/**
 * What Studio needs from a document store, whether SQLite (one machine, the default) or PostgreSQL (several
 * instances). Updates are appended as they are applied and committed in order; the server holds each socket's
 * outgoing frames, acks included, until the updates before them are committed (`pending` / `flushed`), so an
 * acknowledged update is durable. Loading merges the stored rows; a page stored for the first time is seeded
 * from its file atomically, so two instances opening a new page at once cannot both insert its text.
 */
import {Piscina} from "piscina";
import * as Y from "yjs";
import {TEXT} from "../shared/schema.js";

/** What Studio last wrote to a page's file, used as the base of the three-way merge. */
export interface FileState {
  base: string;
  /** True when a write was started and not confirmed finished: the file may be torn. */
  writing: boolean;
}

/** A page's first state, made from its file. */
export interface Seed {
  /** The file's text as a Yjs update, or null for an empty file. */
  update: Uint8Array | null;
  /** The file's text: the base of later merges. */
  base: string;
}

export interface DocumentStore {
  /** Queues one update of `doc`; updates are committed in the order appended. */
  append(doc: string, update: Uint8Array): void;
  /** True while appended updates are not committed yet. */
  readonly pending: boolean;
  /** Resolves once every update appended before the call is committed. */
  flushed(): Promise<void>;
  /** The stored state of `doc` (all rows merged); when nothing is stored, stores `seed()` first, once across instances. */
  loadOrSeed(doc: string, seed: () => Seed | null): Promise<Uint8Array | null>;
  /** Replaces the rows stored so far with one update holding them and `state`. */
  compact(doc: string, state: Uint8Array): Promise<void>;
  fileState(doc: string): Promise<FileState | null>;
  setFileState(doc: string, state: FileState): Promise<void>;
  /**
   * Removes everything stored for `doc` (a page renamed or deleted in Studio; its text, comments and state are in
   * the journal's archive first). Waits for queued updates and compactions, so nothing of it is written back.
   */
  forget(doc: string): Promise<void>;
  close(): Promise<void>;
}

/** A seed from a page's text. */
export function seedFrom(text: string): Seed {
  if (text.length === 0) return {update: null, base: text};
  const doc = new Y.Doc();
  doc.getText(TEXT).insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return {update, base: text};
}

/** Below this many rows a merge is quick enough for the main thread. */
const MERGE_ON_THREAD = 64;
let mergePool: Piscina | null = null;

/**
 * Stored rows (and a document state) merged into one update. Large merges run on a worker thread: merging a
 * page's rows after a few seconds of heavy editing took 200–330 ms, during which the instance served no one.
 */
export async function mergeRows(updates: Uint8Array[]): Promise<Uint8Array> {
  if (updates.length < MERGE_ON_THREAD) return Y.mergeUpdates(updates);
  // One thread: merges are rare and the machine is shared with the sockets; idle, it exits and frees its memory.
  mergePool ??= new Piscina({filename: new URL("./merge-worker.mjs", import.meta.url).href, minThreads: 0, maxThreads: 1, idleTimeout: 30_000});
  return mergePool.run(updates);
}

/** Jobs still running (compactions), so that closing a store can wait for them. */
export class RunningJobs {
  private readonly jobs = new Set<Promise<unknown>>();

  /** Remembers `job` until it settles; returns it. */
  track<T>(job: Promise<T>): Promise<T> {
    this.jobs.add(job);
    return job.finally(() => this.jobs.delete(job));
  }

  /** Resolves once every job tracked so far has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.jobs]);
  }
}

/** One appended update: document name and Yjs update. */
export type Row = [doc: string, update: Uint8Array];

/**
 * Ordered, batched commits for a store: `push` queues an update, one batch is written at a time (everything
 * queued meanwhile goes into the next), and `flushed()` resolves once what was queued before the call is
 * committed. A failed write is retried with backoff, never skipped: acks wait rather than lie.
 */
export class CommitQueue {
  private queue: Row[] = [];
  private draining: Promise<void> | null = null;
  private appended = 0;
  private committed = 0;
  private waiters: Array<{seq: number; ok: () => void}> = [];

  constructor(
    private readonly write: (rows: Row[]) => Promise<void>,
    private readonly log: (line: string) => void,
    private readonly maxBatch = 500
  ) {}

  get pending(): boolean {
    return this.committed < this.appended;
  }

  push(doc: string, update: Uint8Array): void {
    this.queue.push([doc, update]);
    this.appended++;
    this.draining ??= this.drain();
  }

  flushed(): Promise<void> {
    const seq = this.appended;
    if (this.committed >= seq) return Promise.resolve();
    return new Promise((ok) => this.waiters.push({seq, ok}));
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.maxBatch);
      try {
        await this.write(batch);
      } catch (error) {
        this.log(`store: writing ${batch.length} updates failed, retrying: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** failures++)));
        continue;
      }
      failures = 0;
      this.queue.splice(0, batch.length);
      this.committed += batch.length;
      this.waiters = this.waiters.filter((w) => (w.seq <= this.committed ? (w.ok(), false) : true));
    }
    this.draining = null;
  }
}
