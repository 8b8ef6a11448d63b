import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import pg from "pg";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Journal} from "../../studio/server/review/journal.js";
import {PostgresJournal} from "../../studio/server/review/journal-postgres.js";
import {SqliteJournal} from "../../studio/server/review/journal-sqlite.js";
import type {Studio} from "../../studio/server/server.js";
import {client, settled, wsUrlOf} from "./helpers.js";
import {freshDatabase, servicesMissing, startPostgres, type Service} from "./services.js";
import {asPerson, PEOPLE, workspaceCopy, workspaceStudio} from "./workspace-copy.js";

const missing = servicesMissing();
if (missing) console.warn(`SKIP: PostgreSQL journal tests: ${missing}`);

const anna = {id: "anna", name: "Anna de Vries"};

/** The same behaviour from both journals. */
function behaves(name: string, open: () => Promise<{journal: Journal; raw: (sql: string) => Promise<unknown>; close: () => Promise<void>}>) {
  describe(`${name} journal`, () => {
    let j: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      j = await open();
    });
    afterAll(() => j?.close());

    it("numbers versions, logs the offer with them, and reads them back", async () => {
      const e1 = await j.journal.recordEdit("index.md", anna);
      const e2 = await j.journal.recordEdit("a.md", {id: "bram", name: "Bram Janssen"});
      expect(await j.journal.lastEdit()).toBe(e2);
      expect((await j.journal.editsBetween(e1, e2)).map((e) => e.page)).toEqual(["a.md"]);
      const base = {description: "v", offeredBy: anna, offeredAt: new Date().toISOString(), lockSha256: "ab", editsFrom: 0, editsUpto: e2, pages: [{path: "index.md", text: "# Hoi\n"}], authors: [{path: "index.md", people: [anna]}]};
      const [v1, v2] = [await j.journal.addVersion(base), await j.journal.addVersion({...base, description: "w"})];
      expect([v1.number, v2.number]).toEqual([1, 2]);
      expect(await j.journal.version(1)).toEqual({...base, number: 1});
      expect((await j.journal.versions()).map((v) => [v.number, v.pages])).toEqual([[1, ["index.md"]], [2, ["index.md"]]]);
      expect((await j.journal.log()).map((e) => [e.action, e.version, e.person?.id])).toEqual([["offered", 1, "anna"], ["offered", 2, "anna"]]);
      const archived = await j.journal.archive({page: "a.md", action: "deleted", renamedTo: null, text: "tekst", comments: [{quote: "q"}], state: new Uint8Array([1, 2, 3]), person: anna});
      expect(await j.journal.archivedPage(archived.id)).toEqual(archived);
      const checkpoint = await j.journal.addCheckpoint({page: "index.md", name: "Bewaard", text: "# Hoi\n", person: anna});
      expect(await j.journal.checkpoints("index.md")).toEqual([checkpoint]);
    });

    it("refuses every UPDATE and DELETE in the database itself", async () => {
      for (const sql of ["UPDATE studio_log SET person_name = 'x'", "DELETE FROM studio_log", "UPDATE studio_versions SET description = 'x'", "DELETE FROM studio_versions", "DELETE FROM studio_edits", "UPDATE studio_checkpoints SET name = 'x'", "DELETE FROM studio_archive"]) {
        await expect(j.raw(sql), sql).rejects.toThrow(/append-only/);
      }
      expect((await j.journal.log()).length).toBe(2);
    });

    it("runs exclusive work one at a time", async () => {
      const order: string[] = [];
      await Promise.all(
        ["a", "b", "c"].map((k) =>
          j.journal.exclusive(async () => {
            order.push(`${k}+`);
            await new Promise((r) => setTimeout(r, 20));
            order.push(`${k}-`);
          })
        )
      );
      expect(order).toEqual(["a+", "a-", "b+", "b-", "c+", "c-"]);
    });
  });
}

behaves("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "studio-journal-"));
  const journal = new SqliteJournal(join(dir, "studio.sqlite"));
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(join(dir, "studio.sqlite"));
  return {
    journal,
    raw: async (sql) => db.prepare(sql).run(),
    close: async () => {
      db.close();
      await journal.close();
      rmSync(dir, {recursive: true, force: true});
    }
  };
});

describe.skipIf(missing !== null)("PostgreSQL", () => {
  let postgres: Service;
  beforeAll(async () => {
    postgres = await startPostgres({fast: true});
  });
  afterAll(() => postgres?.stop());

  behaves("PostgreSQL", async () => {
    const url = await freshDatabase(postgres.url, "journal");
    const journal = await PostgresJournal.open(url);
    const raw = new pg.Client({connectionString: url});
    await raw.connect();
    return {
      journal,
      raw: (sql) => raw.query(sql),
      close: async () => {
        await raw.end();
        await journal.close();
      }
    };
  });

  describe("Studio with STUDIO_DATABASE_URL", () => {
    let ws: Awaited<ReturnType<typeof workspaceCopy>>;
    let server: {studio: Studio; stop: () => Promise<void>};
    let url = "";
    beforeAll(async () => {
      ws = await workspaceCopy();
      url = await freshDatabase(postgres.url, "studio");
      server = await workspaceStudio(ws, {databaseUrl: url});
    });
    afterAll(async () => {
      await server?.stop();
      await ws?.cleanup();
    });

    it("keeps versions, authorship and decisions in PostgreSQL, with the same four-eyes rules", async () => {
      const {studio} = server;
      const bram = client(wsUrlOf(studio.url), PEOPLE.bram.token, "index.md");
      try {
        await settled(bram);
        bram.text.insert(bram.text.length, "\nDoor Bram.\n");
        await settled(bram);
        expect((await asPerson(studio, "anna", "/studio/api/review/offer", {description: "Via PostgreSQL"})).body).toEqual({version: 1});
        expect((await asPerson(studio, "bram", "/studio/api/review/approve", {version: 1})).status).toBe(403);
        expect((await asPerson(studio, "rob", "/studio/api/review/return", {version: 1, comment: "Nog niet."})).status).toBe(200);
      } finally {
        bram.destroy();
      }
      const db = new pg.Client({connectionString: url});
      await db.connect();
      try {
        const {rows} = await db.query<{action: string; person_id: string}>("SELECT action, person_id FROM studio_log ORDER BY id");
        expect(rows.map((r) => [r.action, r.person_id])).toEqual([["offered", "anna"], ["returned", "rob"]]);
        const versions = await db.query<{authors: string}>("SELECT authors FROM studio_versions WHERE number = 1");
        expect(JSON.parse(versions.rows[0].authors)).toEqual([{path: "index.md", people: [{id: "bram", name: "Bram Janssen"}]}]);
      } finally {
        await db.end();
      }
    });
  });
});
