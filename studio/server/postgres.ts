/**
 * The shared document store for several Studio instances: PostgreSQL (`STUDIO_DATABASE_URL`). Updates are
 * queued as they are applied and inserted in batches, in order; `flushed()` resolves once the rows are
 * committed, and the server holds a socket's ack until then. A failed insert is retried (the acks wait), so
 * nothing is acknowledged that is not stored. Seeding and compaction take a per-document advisory lock, so
 * instances do not race.
 */
import pg from "pg";
import {CommitQueue, mergeRows, RunningJobs, type DocumentStore, type FileState, type Row, type Seed} from "./store.js";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS studio_updates (id BIGSERIAL PRIMARY KEY, doc TEXT NOT NULL, data BYTEA NOT NULL);
  CREATE INDEX IF NOT EXISTS studio_updates_doc ON studio_updates (doc, id);
  CREATE TABLE IF NOT EXISTS studio_files (doc TEXT PRIMARY KEY, base TEXT NOT NULL, writing BOOLEAN NOT NULL);
`;
/** Serialises schema creation between instances starting at once. */
const SCHEMA_LOCK = 7_283_911;

/**
 * A pool on `url` whose schema exists: the statements run under an advisory lock, so instances starting at
 * once do not race to create the same tables. Used by the document store and the review journal.
 */
export async function openPool(url: string, opts: {max: number; schema: string; schemaLock: number; log: (message: string) => void}): Promise<pg.Pool> {
  const pool = new pg.Pool({connectionString: url, max: opts.max});
  pool.on("error", (error) => opts.log(error.message));
  const client = await pool.connect().catch((error: Error) => {
    throw new Error(`STUDIO_DATABASE_URL: cannot connect to PostgreSQL (${error.message})`);
  });
  try {
    await client.query("SELECT pg_advisory_lock($1)", [opts.schemaLock]);
    await client.query(opts.schema);
    await client.query("SELECT pg_advisory_unlock($1)", [opts.schemaLock]);
  } finally {
    client.release();
  }
  return pool;
}

export class PostgresStore implements DocumentStore {
  private readonly commits: CommitQueue;
  private readonly compactions = new RunningJobs();

  private constructor(private readonly pool: pg.Pool, log: (line: string) => void) {
    this.commits = new CommitQueue((rows) => this.insert(rows), log);
  }

  /** Connects and creates the tables if needed. */
  static async open(url: string, log: (line: string) => void = () => {}): Promise<PostgresStore> {
    const pool = await openPool(url, {max: 4, schema: SCHEMA, schemaLock: SCHEMA_LOCK, log: (m) => log(`postgres: ${m}`)});
    return new PostgresStore(pool, log);
  }

  get pending(): boolean {
    return this.commits.pending;
  }

  append(doc: string, update: Uint8Array): void {
    this.commits.push(doc, update);
  }

  flushed(): Promise<void> {
    return this.commits.flushed();
  }

  /** One multi-row INSERT for a batch. */
  private async insert(rows: Row[]): Promise<void> {
    const values = rows.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(", ");
    const params = rows.flatMap(([doc, update]) => [doc, Buffer.from(update.buffer, update.byteOffset, update.byteLength)]);
    await this.pool.query(`INSERT INTO studio_updates (doc, data) VALUES ${values}`, params);
  }

  async loadOrSeed(doc: string, seed: () => Seed | null): Promise<Uint8Array | null> {
    const stored = await this.load(doc);
    if (stored) return stored;
    return this.locked(doc, async (client) => {
      // Another instance may have seeded the page while this one waited for the lock.
      const again = await client.query<{data: Buffer}>("SELECT data FROM studio_updates WHERE doc = $1 ORDER BY id", [doc]);
      if (again.rows.length > 0) return mergeRows(again.rows.map((r) => new Uint8Array(r.data)));
      const first = seed();
      if (!first) return null;
      if (first.update) await client.query("INSERT INTO studio_updates (doc, data) VALUES ($1, $2)", [doc, Buffer.from(first.update)]);
      await upsertFile(client, doc, {base: first.base, writing: false});
      return first.update;
    });
  }

  private async load(doc: string): Promise<Uint8Array | null> {
    await this.flushed(); // a page reloaded at once must not miss its last, still queued updates
    const {rows} = await this.pool.query<{data: Buffer}>("SELECT data FROM studio_updates WHERE doc = $1 ORDER BY id", [doc]);
    return rows.length === 0 ? null : mergeRows(rows.map((r) => new Uint8Array(r.data)));
  }

  compact(doc: string, state: Uint8Array): Promise<void> {
    return this.compactions.track(this.compactRows(doc, state));
  }

  private async compactRows(doc: string, state: Uint8Array): Promise<void> {
    await this.flushed();
    await this.locked(doc, async (client) => {
      const {rows} = await client.query<{id: string; data: Buffer}>("SELECT id, data FROM studio_updates WHERE doc = $1 ORDER BY id", [doc]);
      if (rows.length <= 1) return;
      // Rows another instance appended meanwhile have higher ids and stay; the merged row keeps everything else.
      const merged = await mergeRows([...rows.map((r) => new Uint8Array(r.data)), state]);
      await client.query("DELETE FROM studio_updates WHERE doc = $1 AND id <= $2", [doc, rows[rows.length - 1].id]);
      await client.query("INSERT INTO studio_updates (doc, data) VALUES ($1, $2)", [doc, Buffer.from(merged)]);
    });
  }

  /** Number of stored rows for `doc` (tests). */
  async rows(doc: string): Promise<number> {
    const {rows} = await this.pool.query<{n: string}>("SELECT count(*) AS n FROM studio_updates WHERE doc = $1", [doc]);
    return Number(rows[0].n);
  }

  async fileState(doc: string): Promise<FileState | null> {
    const {rows} = await this.pool.query<FileState>("SELECT base, writing FROM studio_files WHERE doc = $1", [doc]);
    return rows[0] ?? null;
  }

  async setFileState(doc: string, state: FileState): Promise<void> {
    await upsertFile(this.pool, doc, state);
  }

  async forget(doc: string): Promise<void> {
    await this.compactions.settled();
    await this.flushed();
    await this.locked(doc, async (client) => {
      await client.query("DELETE FROM studio_updates WHERE doc = $1", [doc]);
      await client.query("DELETE FROM studio_files WHERE doc = $1", [doc]);
    });
  }

  async close(): Promise<void> {
    // A compaction merging on the worker thread finishes before the pool ends under it.
    await this.compactions.settled();
    await this.flushed();
    await this.pool.end();
  }

  /** Runs `work` in a transaction holding the document's advisory lock. */
  private async locked<T>(doc: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`studio:${doc}`]);
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

function upsertFile(db: pg.Pool | pg.PoolClient, doc: string, state: FileState) {
  return db.query(
    "INSERT INTO studio_files (doc, base, writing) VALUES ($1, $2, $3) ON CONFLICT (doc) DO UPDATE SET base = excluded.base, writing = excluded.writing",
    [doc, state.base, state.writing]
  );
}
