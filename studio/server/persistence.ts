/**
 * Durable document storage in SQLite (WAL). Every update is appended synchronously from the document's
 * `update` event, which Yjs fires inside `applyUpdate`, before Hocuspocus sends the sender its sync ack:
 * an acknowledged update is on disk even if the process is killed the next instant.
 */
import Database from "better-sqlite3";
import {mkdirSync} from "node:fs";
import {dirname} from "node:path";
import * as Y from "yjs";

/** What Studio last wrote to a page's file, used as the base of the three-way merge. */
export interface FileState {
  base: string;
  /** True when a write was started and not confirmed finished: the file may be torn. */
  writing: boolean;
}

/** Rows per document above which loading compacts them into one. */
const COMPACT_AFTER = 200;

export class Store {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly count: Database.Statement;

  constructor(file: string, opts: {synchronous?: "FULL" | "NORMAL"} = {}) {
    mkdirSync(dirname(file), {recursive: true});
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // FULL fsyncs each commit, so even a power cut keeps acknowledged updates; NORMAL survives process kills only.
    this.db.pragma(`synchronous = ${opts.synchronous ?? "FULL"}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS updates_doc ON updates (doc, id);
      CREATE TABLE IF NOT EXISTS files (doc TEXT PRIMARY KEY, base TEXT NOT NULL, writing INTEGER NOT NULL);
    `);
    this.insert = this.db.prepare("INSERT INTO updates (doc, data) VALUES (?, ?)");
    this.select = this.db.prepare("SELECT id, data FROM updates WHERE doc = ? ORDER BY id");
    this.count = this.db.prepare("SELECT count(*) AS n FROM updates WHERE doc = ?");
  }

  /** Appends one update; returns after SQLite has committed it. */
  append(doc: string, update: Uint8Array): void {
    this.insert.run(doc, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
  }

  /** Applies every stored update of `doc` to `ydoc`; returns false when nothing was stored. */
  load(doc: string, ydoc: Y.Doc, origin: unknown): boolean {
    const rows = this.select.all(doc) as Array<{id: number; data: Buffer}>;
    if (rows.length === 0) return false;
    Y.applyUpdate(ydoc, Y.mergeUpdates(rows.map((r) => new Uint8Array(r.data))), origin);
    if (rows.length > COMPACT_AFTER) this.compact(doc, ydoc, rows[rows.length - 1].id);
    return true;
  }

  /** Replaces the rows up to `lastId` with one update holding the document state. */
  compact(doc: string, ydoc: Y.Doc, lastId?: number): void {
    const state = Y.encodeStateAsUpdate(ydoc);
    this.db.transaction(() => {
      if (lastId === undefined) this.db.prepare("DELETE FROM updates WHERE doc = ?").run(doc);
      else this.db.prepare("DELETE FROM updates WHERE doc = ? AND id <= ?").run(doc, lastId);
      this.insert.run(doc, Buffer.from(state));
    })();
  }

  /** Number of stored rows for `doc`. */
  rows(doc: string): number {
    return (this.count.get(doc) as {n: number}).n;
  }

  fileState(doc: string): FileState | null {
    const row = this.db.prepare("SELECT base, writing FROM files WHERE doc = ?").get(doc) as {base: string; writing: number} | undefined;
    return row ? {base: row.base, writing: row.writing === 1} : null;
  }

  setFileState(doc: string, state: FileState): void {
    this.db
      .prepare("INSERT INTO files (doc, base, writing) VALUES (?, ?, ?) ON CONFLICT(doc) DO UPDATE SET base = excluded.base, writing = excluded.writing")
      .run(doc, state.base, state.writing ? 1 : 0);
  }

  close(): void {
    this.db.close();
  }
}
