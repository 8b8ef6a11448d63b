/**
 * The single-machine document store: SQLite (WAL, fsync on every commit). Appends are synchronous, inside
 * Yjs's update event, so an update is on disk before Hocuspocus sends the sender its ack.
 */
import Database from "better-sqlite3";
import {mkdirSync} from "node:fs";
import {dirname} from "node:path";
import * as Y from "yjs";
import type {DocumentStore, FileState, Seed} from "./store.js";

export type {FileState} from "./store.js";

export class Store implements DocumentStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly count: Database.Statement;
  readonly pending = false;

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

  flushed(): Promise<void> {
    return Promise.resolve();
  }

  async loadOrSeed(doc: string, seed: () => Seed | null): Promise<Uint8Array | null> {
    const stored = this.load(doc);
    if (stored) return stored;
    const first = seed();
    if (!first) return null;
    this.db.transaction(() => {
      if (first.update) this.append(doc, first.update);
      this.writeFileState(doc, {base: first.base, writing: false});
    })();
    return first.update;
  }

  /** Every stored update of `doc` merged into one, or null when nothing is stored. */
  load(doc: string): Uint8Array | null {
    const rows = this.select.all(doc) as Array<{id: number; data: Buffer}>;
    return rows.length === 0 ? null : Y.mergeUpdates(rows.map((r) => new Uint8Array(r.data)));
  }

  async compact(doc: string, state: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      const rows = this.select.all(doc) as Array<{id: number; data: Buffer}>;
      if (rows.length <= 1) return;
      // Merging the rows with the state keeps whatever a row holds that the state might not.
      const merged = Y.mergeUpdates([...rows.map((r) => new Uint8Array(r.data)), state]);
      this.db.prepare("DELETE FROM updates WHERE doc = ? AND id <= ?").run(doc, rows[rows.length - 1].id);
      this.append(doc, merged);
    })();
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

  async close(): Promise<void> {
    this.db.close();
  }
}
