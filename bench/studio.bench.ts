/**
 * Studio load run: N simulated clients (default 50) edit one page through a real server on loopback for
 * STUDIO_BENCH_SECONDS (default 30). Reports how long an update takes to reach the other clients
 * (p50/p95/p99 over every receiver), the server's peak memory (its own process), and the document size.
 *
 *   npm run bench studio        STUDIO_BENCH_SECONDS=10 STUDIO_BENCH_CLIENTS=20 npm run bench studio
 */
import {HocuspocusProvider, HocuspocusProviderWebsocket} from "@hocuspocus/provider";
import {spawn} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import seedrandom from "seedrandom";
import WebSocket from "ws";
import * as Y from "yjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

export default async function studioBench(): Promise<void> {
  const seconds = Number(process.env.STUDIO_BENCH_SECONDS ?? 30);
  const count = Number(process.env.STUDIO_BENCH_CLIENTS ?? 50);
  /** Edits per client per second: a typing burst every half second or so. */
  const rate = Number(process.env.STUDIO_BENCH_RATE ?? 2);
  const root = mkdtempSync(join(tmpdir(), "studio-bench-"));
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src/index.md"), "# Benchmark\n\n");
  const token = "bench-token-0123456789abcdef";
  const server = spawn(process.execPath, ["--import", "tsx", join(repo, "studio/main.ts"), "--root", root, "--port", "0", "--no-preview"], {
    cwd: repo,
    env: {...process.env, STUDIO_USERS: JSON.stringify([{id: "bench", name: "Bench", role: "editor", token}])},
    stdio: ["ignore", "pipe", "inherit"]
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = "";
    server.stdout!.on("data", (d) => {
      out += d;
      const m = /Buurtboek Studio: http:\/\/([^/]+)\//.exec(out);
      if (m) ok(`ws://${m[1]}/studio/collab`);
    });
    server.once("exit", () => fail(new Error("server exited")));
  });

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(server.pid!))), 250);

  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const clients = Array.from({length: count}, () => {
    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({url, WebSocketPolyfill: WebSocket});
    const provider = new HocuspocusProvider({websocketProvider: socket, name: "index.md", token, document: doc});
    provider.attach();
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== provider) return; // only updates that came over the wire
      const now = performance.now();
      for (const struct of Y.decodeUpdate(update).structs) {
        const at = sent.get(`${struct.id.client}:${struct.id.clock}`);
        if (at !== undefined) latencies.push(now - at);
      }
    });
    return {doc, provider, socket};
  });
  await waitFor(() => clients.every((c) => c.provider.isSynced), 60_000);

  const rng = seedrandom("studio-bench");
  const end = performance.now() + seconds * 1000;
  const timers = clients.map((c) =>
    setInterval(() => {
      if (performance.now() > end) return;
      const text = c.doc.getText("text");
      const key = `${c.doc.clientID}:${Y.getState(c.doc.store, c.doc.clientID)}`;
      sent.set(key, performance.now());
      if (rng() < 0.2 && text.length > 20) text.delete(Math.floor(rng() * (text.length - 3)), 2);
      else text.insert(Math.floor(rng() * (text.length + 1)), "wijk "[Math.floor(rng() * 5)] + "abc".slice(0, Math.floor(rng() * 3)));
    }, 1000 / rate)
  );
  await new Promise((r) => setTimeout(r, seconds * 1000));
  timers.forEach(clearInterval);
  // Let the last updates arrive, then check every replica agrees.
  await waitFor(() => clients.every((c) => !c.provider.hasUnsyncedChanges), 30_000);
  const reference = clients[0].doc.getText("text").toString();
  await waitFor(() => clients.every((c) => c.doc.getText("text").toString() === clients[0].doc.getText("text").toString()), 30_000);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, hwmOf(server.pid!));

  const doc = clients[0].doc;
  const state = Y.encodeStateAsUpdate(doc);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(1) ?? "n/a";
  const dbSize = statSize(join(root, ".buurtboek/studio.sqlite")) + statSize(join(root, ".buurtboek/studio.sqlite-wal"));
  console.log(`clients ${count}, ${seconds} s, ${rate} edits/client/s, ${sent.size} edits, ${latencies.length} deliveries`);
  console.log(`propagation to other clients (ms): p50 ${q(0.5)}  p95 ${q(0.95)}  p99 ${q(0.99)}  max ${q(1)}`);
  console.log(`server peak RSS: ${(peakRss / 1024 / 1024).toFixed(1)} MiB`);
  console.log(`document: ${doc.getText("text").length} characters, Yjs state ${(state.byteLength / 1024).toFixed(1)} KiB, SQLite ${(dbSize / 1024).toFixed(0)} KiB`);
  console.log(`replicas converged: ${reference.length > 0 && clients.every((c) => c.doc.getText("text").toString() === clients[0].doc.getText("text").toString())}`);

  clients.forEach((c) => {
    c.provider.destroy();
    c.socket.destroy();
  });
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(root, {recursive: true, force: true});
}

function rssOf(pid: number): number {
  return kib(pid, "VmRSS");
}

/** Peak resident set size the kernel recorded for the process. */
function hwmOf(pid: number): number {
  return kib(pid, "VmHWM");
}

function kib(pid: number, field: string): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function statSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("bench: timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
