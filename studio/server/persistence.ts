/**
 * The single-machine document store: SQLite (WAL, fsync on every commit). Updates are appended by a writer
 * thread (sqlite-writer.mjs) in batches, one transaction and one fsync per batch, so the server never waits on
 * the disk; the server holds each ack until the batch holding the update is committed (see store.ts).
 * Reads, seeding, compaction and file states use this thread's own connection (WAL lets both work at once).
 */
import Database from "better-sqlite3";
import {mkdirSync} from "node:fs";
import {dirname} from "node:path";
import {Worker} from "node:worker_threads";
import * as Y from "yjs";
import {CommitQueue, mergeRows, RunningJobs, type DocumentStore, type FileState, type Row, type Seed} from "./store.js";

export type {FileState} from "./store.js";

export class Store implements DocumentStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly count: Database.Statement;
  private writer!: Worker;
  private closing = false;
  private readonly commits: CommitQueue;
  private readonly replies = new Map<number, {ok: () => void; fail: (error: Error) => void}>();
  private batches = 0;
  private readonly compactions = new RunningJobs();

  constructor(file: string, opts: {synchronous?: "FULL" | "NORMAL"; log?: (line: string) => void} = {}) {
    mkdirSync(dirname(file), {recursive: true});
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // FULL fsyncs each commit, so even a power cut keeps acknowledged updates; NORMAL survives process kills only.
    const synchronous = opts.synchronous ?? "FULL";
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS updates_doc ON updates (doc, id);
      CREATE TABLE IF NOT EXISTS files (doc TEXT PRIMARY KEY, base TEXT NOT NULL, writing INTEGER NOT NULL);
    `);
    this.insert = this.db.prepare("INSERT INTO updates (doc, data) VALUES (?, ?)");
    this.select = this.db.prepare("SELECT id, data FROM updates WHERE doc = ? ORDER BY id");
    this.count = this.db.prepare("SELECT count(*) AS n FROM updates WHERE doc = ?");
    this.startWriter(file, synchronous, opts.log ?? (() => {}));
    this.commits = new CommitQueue((rows) => this.write(rows), opts.log ?? (() => {}));
  }

  /** Starts the writer thread; if it dies, what it had not confirmed fails (and is retried) on a new one. */
  private startWriter(file: string, synchronous: string, log: (line: string) => void): void {
    const writer = new Worker(new URL("./sqlite-writer.mjs", import.meta.url), {workerData: {file, synchronous}});
    writer.on("message", (m: {type: string; seq: number; error?: string}) => {
      const reply = this.replies.get(m.seq);
      this.replies.delete(m.seq);
      if (m.type === "committed") reply?.ok();
      else if (m.type === "failed") reply?.fail(new Error(m.error));
    });
    writer.on("error", (error) => log(`sqlite writer: ${error.message}`));
    writer.on("exit", () => {
      if (this.closing) return;
      const lost = [...this.replies.values()];
      this.replies.clear();
      this.startWriter(file, synchronous, log);
      for (const reply of lost) reply.fail(new Error("the SQLite writer thread stopped"));
    });
    writer.unref();
    this.writer = writer;
  }

  /** Queues one update for the writer thread. */
  append(doc: string, update: Uint8Array): void {
    this.commits.push(doc, update);
  }

  get pending(): boolean {
    return this.commits.pending;
  }

  flushed(): Promise<void> {
    return this.commits.flushed();
  }

  private write(rows: Row[]): Promise<void> {
    return this.ask({type: "append", rows});
  }

  /** Sends the writer thread one job; resolves once it is committed. */
  private ask(job: Record<string, unknown>): Promise<void> {
    const seq = ++this.batches;
    return new Promise((ok, fail) => {
      this.replies.set(seq, {ok, fail});
      this.writer.postMessage({...job, seq});
    });
  }

  async loadOrSeed(doc: string, seed: () => Seed | null): Promise<Uint8Array | null> {
    await this.flushed(); // a page reloaded at once must not miss its last, still queued updates
    const stored = this.load(doc);
    if (stored) return stored;
    const first = seed();
    if (!first) return null;
    this.db.transaction(() => {
      if (first.update) this.insert.run(doc, Buffer.from(first.update!));
      this.writeFileState(doc, {base: first.base, writing: false});
    }).immediate(); // takes the write lock up front: the writer thread may commit in between otherwise
    return first.update;
  }

  /** Every stored update of `doc` merged into one, or null when nothing is stored. */
  load(doc: string): Uint8Array | null {
    const rows = this.select.all(doc) as Array<{id: number; data: Buffer}>;
    return rows.length === 0 ? null : Y.mergeUpdates(rows.map((r) => new Uint8Array(r.data)));
  }

  compact(doc: string, state: Uint8Array): Promise<void> {
    return this.compactions.track(this.compactRows(doc, state));
  }

  private async compactRows(doc: string, state: Uint8Array): Promise<void> {
    await this.flushed();
    const rows = this.select.all(doc) as Array<{id: number; data: Buffer}>;
    if (rows.length <= 1) return;
    // Merging the rows with the state keeps whatever a row holds that the state might not. Rows appended while
    // the merge runs have higher ids and stay; a compaction racing this one deletes only rows its merge holds.
    const merged = await mergeRows([...rows.map((r) => new Uint8Array(r.data)), state]);
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM updates WHERE doc = ? AND id <= ?").run(doc, rows[rows.length - 1].id);
      this.insert.run(doc, Buffer.from(merged));
    }).immediate();
  }

  /** Number of stored rows for `doc`. */
  rows(doc: string): number {
    return (this.count.get(doc) as {n: number}).n;
  }

  async fileState(doc: string): Promise<FileState | null> {
    const row = this.db.prepare("SELECT base, writing FROM files WHERE doc = ?").get(doc) as {base: string; writing: number} | undefined;
    return row ? {base: row.base, writing: row.writing === 1} : null;
  }

  async setFileState(doc: string, state: FileState): Promise<void> {
    this.writeFileState(doc, state);
  }

  private writeFileState(doc: string, state: FileState): void {
    this.db
      .prepare("INSERT INTO files (doc, base, writing) VALUES (?, ?, ?) ON CONFLICT(doc) DO UPDATE SET base = excluded.base, writing = excluded.writing")
      .run(doc, state.base, state.writing ? 1 : 0);
  }

  async forget(doc: string): Promise<void> {
    await this.compactions.settled();
    await this.flushed();
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM updates WHERE doc = ?").run(doc);
      this.db.prepare("DELETE FROM files WHERE doc = ?").run(doc);
    }).immediate();
  }

  async close(): Promise<void> {
    // A compaction merging on the worker thread finishes before the database closes under it.
    await this.compactions.settled();
    await this.flushed();
    // File-state writes still on their way finish first.
    while (this.replies.size > 0) await new Promise((r) => setTimeout(r, 5));
    this.closing = true;
    await new Promise<void>((ok) => {
      this.writer.once("message", () => ok());
      this.writer.postMessage({type: "close"});
    });
    await this.writer.terminate();
    this.db.close();
  }
}
