import {readFileSync} from "node:fs";
import {join} from "node:path";
import seedrandom from "seedrandom";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Studio} from "../../studio/server/server.js";
import {createThread, listThreads} from "../../studio/shared/comments.js";
import {client, settled, studio, until, USERS, workspace, wsUrlOf, type Client} from "./helpers.js";

/**
 * Yjs-style randomised convergence through the real server: several clients insert, delete, comment,
 * go offline and come back, in an order fixed by the seed. Afterwards all replicas, the server and the
 * file agree. Re-run a failure with STUDIO_FUZZ_SEED=<seed>.
 */
describe("seeded multi-client convergence", () => {
  let ws: ReturnType<typeof workspace>;
  let server: Studio;
  beforeAll(async () => {
    ws = workspace();
    server = await studio(ws.root);
  });
  afterAll(async () => {
    await server.close();
    ws.cleanup();
  });

  const seeds = process.env.STUDIO_FUZZ_SEED ? [process.env.STUDIO_FUZZ_SEED] : ["buurt-1", "buurt-2", "buurt-3"];
  for (const seed of seeds) {
    it(`converges for seed ${seed}`, async () => {
      const rng = seedrandom(seed);
      const page = `wijken/noord.md`;
      const people = [USERS.anna, USERS.bram, USERS.anna, USERS.bram];
      const clients: Client[] = people.map((p) => client(wsUrlOf(server.url), p.token, page));
      try {
        await Promise.all(clients.map(settled));
        for (let step = 0; step < 200; step++) {
          const who = Math.floor(rng() * clients.length);
          const c = clients[who];
          const len = c.text.length;
          const r = rng();
          if (r < 0.55) c.text.insert(Math.floor(rng() * (len + 1)), "abcdefgh\n ".slice(Math.floor(rng() * 8)));
          else if (r < 0.85 && len > 0) {
            const at = Math.floor(rng() * len);
            c.text.delete(at, Math.min(len - at, 1 + Math.floor(rng() * 5)));
          } else if (r < 0.9 && len > 1) createThread(c.doc, {from: 0, to: Math.min(len, 3)}, {id: people[who].id!, name: people[who].name}, `stap ${step}`);
          else if (r < 0.95) c.socket.disconnect();
          else c.socket.connect();
          if (rng() < 0.2) await new Promise((res) => setTimeout(res, Math.floor(rng() * 5)));
        }
        clients.forEach((c) => c.socket.connect());
        await Promise.all(clients.map(settled));
        const serverDoc = server.document(page)!;
        const live = () => serverDoc.getText("text").toString();
        await until(() => clients.every((c) => c.text.toString() === live()), `replicas agree (seed ${seed})`);
        // Comment threads: every replica holds exactly the server's, replies and anchors included.
        expect(listThreads(serverDoc).length).toBeGreaterThan(0);
        for (const c of clients) expect(listThreads(c.doc)).toEqual(listThreads(serverDoc));
        // The file: the write-through catches up with the live text.
        await until(() => readFileSync(join(ws.root, "src", page), "utf8") === live(), `the file matches the document (seed ${seed})`);
      } finally {
        clients.forEach((c) => c.destroy());
      }
    });
  }
});
