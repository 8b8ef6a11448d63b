/**
 * The journal in PostgreSQL (`STUDIO_DATABASE_URL`), shared by every instance. Exclusive work holds a session
 * advisory lock, so two instances cannot offer, decide or publish at the same time. Statement triggers make every
 * table append-only (any UPDATE, DELETE or TRUNCATE raises, even one that would touch no row).
 */
import pg from "pg";
import {openPool} from "../postgres.js";
import {archivedOf, checkpointOf, logOf, versionOf} from "./journal-sqlite.js";
import {Mutex, now, type ArchivedPage, type Checkpoint, type EditRecord, type Journal, type LogEntry, type PersonRef, type VersionRecord, type VersionSummary} from "./journal.js";

const TABLES = ["studio_log", "studio_versions", "studio_edits", "studio_checkpoints", "studio_archive"];

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS studio_log (id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL,
    version INTEGER, person_id TEXT, person_name TEXT, detail TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS studio_versions (number INTEGER PRIMARY KEY, description TEXT NOT NULL, offered_by TEXT NOT NULL,
    offered_by_name TEXT NOT NULL, offered_at TEXT NOT NULL, lock_sha256 TEXT, edits_from BIGINT NOT NULL,
    edits_upto BIGINT NOT NULL, pages TEXT NOT NULL, authors TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS studio_edits (id BIGSERIAL PRIMARY KEY, page TEXT NOT NULL, person_id TEXT NOT NULL,
    person_name TEXT NOT NULL, at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS studio_checkpoints (id BIGSERIAL PRIMARY KEY, page TEXT NOT NULL, name TEXT NOT NULL,
    text TEXT NOT NULL, person_id TEXT NOT NULL, person_name TEXT NOT NULL, at TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS studio_checkpoints_page ON studio_checkpoints (page, id);
  CREATE TABLE IF NOT EXISTS studio_archive (id BIGSERIAL PRIMARY KEY, page TEXT NOT NULL, action TEXT NOT NULL,
    renamed_to TEXT, text TEXT NOT NULL, comments TEXT NOT NULL, state BYTEA, person_id TEXT NOT NULL, person_name TEXT NOT NULL,
    at TEXT NOT NULL);
  CREATE OR REPLACE FUNCTION studio_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
  ${TABLES.map(
    (t) => `
  CREATE OR REPLACE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION studio_append_only();`
  ).join("")}
`;
/** Advisory lock keys: schema creation, and exclusive review work. */
const SCHEMA_LOCK = 7_283_912;
const WORK_LOCK = 7_283_913;

type Row = Record<string, unknown>;

export class PostgresJournal implements Journal {
  private readonly mutex = new Mutex();

  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string, log: (line: string) => void = () => {}): Promise<PostgresJournal> {
    const pool = await openPool(url, {max: 3, schema: SCHEMA, schemaLock: SCHEMA_LOCK, log: (m) => log(`postgres (journal): ${m}`)});
    return new PostgresJournal(pool);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const client = await this.pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [WORK_LOCK]);
        return await work();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [WORK_LOCK]).catch(() => {});
        client.release();
      }
    });
  }

  async recordEdit(page: string, who: PersonRef): Promise<number> {
    const {rows} = await this.pool.query<Row>("INSERT INTO studio_edits (page, person_id, person_name, at) VALUES ($1, $2, $3, $4) RETURNING id", [page, who.id, who.name, now()]);
    return Number(rows[0].id);
  }

  async lastEdit(): Promise<number> {
    const {rows} = await this.pool.query<Row>("SELECT coalesce(max(id), 0) AS n FROM studio_edits");
    return Number(rows[0].n);
  }

  async editsBetween(after: number, upto: number): Promise<EditRecord[]> {
    const {rows} = await this.pool.query<Row>("SELECT * FROM studio_edits WHERE id > $1 AND id <= $2 ORDER BY id", [after, upto]);
    return rows.map((r) => ({id: Number(r.id), page: String(r.page), person: {id: String(r.person_id), name: String(r.person_name)}, at: String(r.at)}));
  }

  async addVersion(v: Omit<VersionRecord, "number">): Promise<VersionRecord> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("LOCK TABLE studio_versions IN EXCLUSIVE MODE");
      const {rows} = await client.query<Row>("SELECT coalesce(max(number), 0) + 1 AS n FROM studio_versions");
      const number = Number(rows[0].n);
      await client.query(
        "INSERT INTO studio_versions (number, description, offered_by, offered_by_name, offered_at, lock_sha256, edits_from, edits_upto, pages, authors) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        [number, v.description, v.offeredBy.id, v.offeredBy.name, v.offeredAt, v.lockSha256, v.editsFrom, v.editsUpto, JSON.stringify(v.pages), JSON.stringify(v.authors)]
      );
      await insertLog(client, {action: "offered", version: number, person: v.offeredBy, detail: {description: v.description}, at: v.offeredAt});
      await client.query("COMMIT");
      return {...v, number};
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async version(number: number): Promise<VersionRecord | null> {
    const {rows} = await this.pool.query<Row>("SELECT * FROM studio_versions WHERE number = $1", [number]);
    return rows[0] ? versionOf(rows[0]) : null;
  }

  async versions(): Promise<VersionSummary[]> {
    const {rows} = await this.pool.query<Row>("SELECT * FROM studio_versions ORDER BY number");
    return rows.map((row) => {
      const v = versionOf(row);
      return {...v, pages: v.pages.map((p) => p.path)};
    });
  }

  append(entry: Omit<LogEntry, "id" | "at"> & {at?: string}): Promise<LogEntry> {
    return insertLog(this.pool, entry);
  }

  async log(): Promise<LogEntry[]> {
    const {rows} = await this.pool.query<Row>("SELECT * FROM studio_log ORDER BY id");
    return rows.map(logOf);
  }

  async addCheckpoint(c: Omit<Checkpoint, "id" | "at">): Promise<Checkpoint> {
    const at = now();
    const {rows} = await this.pool.query<Row>(
      "INSERT INTO studio_checkpoints (page, name, text, person_id, person_name, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      [c.page, c.name, c.text, c.person.id, c.person.name, at]
    );
    return {...c, id: Number(rows[0].id), at};
  }

  async checkpoints(page: string): Promise<Checkpoint[]> {
    const {rows} = await this.pool.query<Row>("SELECT * FROM studio_checkpoints WHERE page = $1 ORDER BY id", [page]);
    return rows.map(checkpointOf);
  }

  async checkpoint(id: number): Promise<Checkpoint | null> {
    const {rows} = await this.pool.query<Row>("SELECT * FROM studio_checkpoints WHERE id = $1", [id]);
    return rows[0] ? checkpointOf(rows[0]) : null;
  }

  async archive(a: Omit<ArchivedPage, "id" | "at">): Promise<ArchivedPage> {
    const at = now();
    const {rows} = await this.pool.query<Row>(
      "INSERT INTO studio_archive (page, action, renamed_to, text, comments, state, person_id, person_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
      [a.page, a.action, a.renamedTo, a.text, JSON.stringify(a.comments), a.state ? Buffer.from(a.state) : null, a.person.id, a.person.name, at]
    );
    return {...a, id: Number(rows[0].id), at};
  }

  async archived(): Promise<ArchivedPage[]> {
    const {rows} = await this.pool.query<Row>("SELECT * FROM studio_archive ORDER BY id");
    return rows.map(archivedOf);
  }

  async archivedPage(id: number): Promise<ArchivedPage | null> {
    const {rows} = await this.pool.query<Row>("SELECT * FROM studio_archive WHERE id = $1", [id]);
    return rows[0] ? archivedOf(rows[0]) : null;
  }

  async close(): Promise<void> {
    await this.mutex.run(() => this.pool.end());
  }
}

async function insertLog(db: pg.Pool | pg.PoolClient, entry: Omit<LogEntry, "id" | "at"> & {at?: string}): Promise<LogEntry> {
  const at = entry.at ?? now();
  const {rows} = await db.query<Row>(
    "INSERT INTO studio_log (at, action, version, person_id, person_name, detail) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    [at, entry.action, entry.version, entry.person?.id ?? null, entry.person?.name ?? null, JSON.stringify(entry.detail)]
  );
  return {id: Number(rows[0].id), at, action: entry.action, version: entry.version, person: entry.person, detail: entry.detail};
}
