/**
 * The journal in SQLite (one instance): the same file as the document store, its own connection (WAL lets both
 * work at once), fsync on every commit. Triggers make every table append-only.
 */
import Database from "better-sqlite3";
import {mkdirSync} from "node:fs";
import {dirname} from "node:path";
import {Mutex, now, type ArchivedPage, type Checkpoint, type EditRecord, type Journal, type LogEntry, type PersonRef, type VersionRecord, type VersionSummary} from "./journal.js";

const TABLES = ["studio_log", "studio_versions", "studio_edits", "studio_checkpoints", "studio_archive"];

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS studio_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL,
    version INTEGER, person_id TEXT, person_name TEXT, detail TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS studio_versions (number INTEGER PRIMARY KEY, description TEXT NOT NULL, offered_by TEXT NOT NULL,
    offered_by_name TEXT NOT NULL, offered_at TEXT NOT NULL, lock_sha256 TEXT, edits_from INTEGER NOT NULL,
    edits_upto INTEGER NOT NULL, pages TEXT NOT NULL, authors TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS studio_edits (id INTEGER PRIMARY KEY AUTOINCREMENT, page TEXT NOT NULL, person_id TEXT NOT NULL,
    person_name TEXT NOT NULL, at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS studio_checkpoints (id INTEGER PRIMARY KEY AUTOINCREMENT, page TEXT NOT NULL, name TEXT NOT NULL,
    text TEXT NOT NULL, person_id TEXT NOT NULL, person_name TEXT NOT NULL, at TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS studio_checkpoints_page ON studio_checkpoints (page, id);
  CREATE TABLE IF NOT EXISTS studio_archive (id INTEGER PRIMARY KEY AUTOINCREMENT, page TEXT NOT NULL, action TEXT NOT NULL,
    renamed_to TEXT, text TEXT NOT NULL, comments TEXT NOT NULL, state BLOB, person_id TEXT NOT NULL, person_name TEXT NOT NULL,
    at TEXT NOT NULL);
  ${TABLES.map(
    (t) => `
  CREATE TRIGGER IF NOT EXISTS ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`
  ).join("")}
`;

type Row = Record<string, unknown>;
const person = (id: unknown, name: unknown): PersonRef => ({id: String(id), name: String(name)});

export class SqliteJournal implements Journal {
  private readonly db: Database.Database;
  private readonly mutex = new Mutex();

  constructor(file: string) {
    mkdirSync(dirname(file), {recursive: true});
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex.run(work);
  }

  async recordEdit(page: string, who: PersonRef): Promise<number> {
    const info = this.db.prepare("INSERT INTO studio_edits (page, person_id, person_name, at) VALUES (?, ?, ?, ?)").run(page, who.id, who.name, now());
    return Number(info.lastInsertRowid);
  }

  async lastEdit(): Promise<number> {
    return Number((this.db.prepare("SELECT coalesce(max(id), 0) AS n FROM studio_edits").get() as Row).n);
  }

  async editsBetween(after: number, upto: number): Promise<EditRecord[]> {
    const rows = this.db.prepare("SELECT * FROM studio_edits WHERE id > ? AND id <= ? ORDER BY id").all(after, upto) as Row[];
    return rows.map((r) => ({id: Number(r.id), page: String(r.page), person: person(r.person_id, r.person_name), at: String(r.at)}));
  }

  async addVersion(v: Omit<VersionRecord, "number">): Promise<VersionRecord> {
    return this.db
      .transaction(() => {
        const number = Number((this.db.prepare("SELECT coalesce(max(number), 0) + 1 AS n FROM studio_versions").get() as Row).n);
        this.db
          .prepare(
            "INSERT INTO studio_versions (number, description, offered_by, offered_by_name, offered_at, lock_sha256, edits_from, edits_upto, pages, authors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          )
          .run(number, v.description, v.offeredBy.id, v.offeredBy.name, v.offeredAt, v.lockSha256, v.editsFrom, v.editsUpto, JSON.stringify(v.pages), JSON.stringify(v.authors));
        this.insertLog({action: "offered", version: number, person: v.offeredBy, detail: {description: v.description}, at: v.offeredAt});
        return {...v, number};
      })
      .immediate();
  }

  async version(number: number): Promise<VersionRecord | null> {
    const row = this.db.prepare("SELECT * FROM studio_versions WHERE number = ?").get(number) as Row | undefined;
    return row ? versionOf(row) : null;
  }

  async versions(): Promise<VersionSummary[]> {
    return (this.db.prepare("SELECT * FROM studio_versions ORDER BY number").all() as Row[]).map((row) => {
      const v = versionOf(row);
      return {...v, pages: v.pages.map((p) => p.path)};
    });
  }

  async append(entry: Omit<LogEntry, "id" | "at"> & {at?: string}): Promise<LogEntry> {
    return this.insertLog(entry);
  }

  private insertLog(entry: Omit<LogEntry, "id" | "at"> & {at?: string}): LogEntry {
    const at = entry.at ?? now();
    const info = this.db
      .prepare("INSERT INTO studio_log (at, action, version, person_id, person_name, detail) VALUES (?, ?, ?, ?, ?, ?)")
      .run(at, entry.action, entry.version, entry.person?.id ?? null, entry.person?.name ?? null, JSON.stringify(entry.detail));
    return {id: Number(info.lastInsertRowid), at, action: entry.action, version: entry.version, person: entry.person, detail: entry.detail};
  }

  async log(): Promise<LogEntry[]> {
    return (this.db.prepare("SELECT * FROM studio_log ORDER BY id").all() as Row[]).map(logOf);
  }

  async addCheckpoint(c: Omit<Checkpoint, "id" | "at">): Promise<Checkpoint> {
    const at = now();
    const info = this.db
      .prepare("INSERT INTO studio_checkpoints (page, name, text, person_id, person_name, at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(c.page, c.name, c.text, c.person.id, c.person.name, at);
    return {...c, id: Number(info.lastInsertRowid), at};
  }

  async checkpoints(page: string): Promise<Checkpoint[]> {
    return (this.db.prepare("SELECT * FROM studio_checkpoints WHERE page = ? ORDER BY id").all(page) as Row[]).map(checkpointOf);
  }

  async checkpoint(id: number): Promise<Checkpoint | null> {
    const row = this.db.prepare("SELECT * FROM studio_checkpoints WHERE id = ?").get(id) as Row | undefined;
    return row ? checkpointOf(row) : null;
  }

  async archive(a: Omit<ArchivedPage, "id" | "at">): Promise<ArchivedPage> {
    const at = now();
    const info = this.db
      .prepare("INSERT INTO studio_archive (page, action, renamed_to, text, comments, state, person_id, person_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(a.page, a.action, a.renamedTo, a.text, JSON.stringify(a.comments), a.state ? Buffer.from(a.state) : null, a.person.id, a.person.name, at);
    return {...a, id: Number(info.lastInsertRowid), at};
  }

  async archived(): Promise<ArchivedPage[]> {
    return (this.db.prepare("SELECT * FROM studio_archive ORDER BY id").all() as Row[]).map(archivedOf);
  }

  async archivedPage(id: number): Promise<ArchivedPage | null> {
    const row = this.db.prepare("SELECT * FROM studio_archive WHERE id = ?").get(id) as Row | undefined;
    return row ? archivedOf(row) : null;
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }
}

export function versionOf(r: Row): VersionRecord {
  return {
    number: Number(r.number),
    description: String(r.description),
    offeredBy: person(r.offered_by, r.offered_by_name),
    offeredAt: String(r.offered_at),
    lockSha256: r.lock_sha256 == null ? null : String(r.lock_sha256),
    editsFrom: Number(r.edits_from),
    editsUpto: Number(r.edits_upto),
    pages: typeof r.pages === "string" ? JSON.parse(r.pages) : (r.pages as VersionRecord["pages"]),
    authors: typeof r.authors === "string" ? JSON.parse(r.authors) : (r.authors as VersionRecord["authors"])
  };
}

export function logOf(r: Row): LogEntry {
  return {
    id: Number(r.id),
    at: r.at instanceof Date ? r.at.toISOString() : String(r.at),
    action: r.action as LogEntry["action"],
    version: r.version == null ? null : Number(r.version),
    person: r.person_id == null ? null : person(r.person_id, r.person_name),
    detail: typeof r.detail === "string" ? JSON.parse(r.detail) : (r.detail as Record<string, unknown>)
  };
}

export function checkpointOf(r: Row): Checkpoint {
  return {id: Number(r.id), page: String(r.page), name: String(r.name), text: String(r.text), person: person(r.person_id, r.person_name), at: String(r.at)};
}

export function archivedOf(r: Row): ArchivedPage {
  return {
    id: Number(r.id),
    page: String(r.page),
    action: r.action as ArchivedPage["action"],
    renamedTo: r.renamed_to == null ? null : String(r.renamed_to),
    text: String(r.text),
    comments: typeof r.comments === "string" ? JSON.parse(r.comments) : (r.comments as unknown[]),
    state: r.state == null ? null : new Uint8Array(r.state as Buffer),
    person: person(r.person_id, r.person_name),
    at: String(r.at)
  };
}
