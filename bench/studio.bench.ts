/**
 * Studio load run: N clients (default 50) edit one page through real servers on loopback for
 * STUDIO_BENCH_SECONDS (default 30), at STUDIO_BENCH_RATE edits per client per second (default 2), each on its
 * own rhythm. The clients run in STUDIO_BENCH_PROCESSES child processes (default 2), apart from the servers.
 * Set-ups: one instance (SQLite), and two instances sharing Redis and PostgreSQL (clients split between
 * them); and on one instance with a long page (about 150 kB) and 49 clients typing while another person calls
 * the API: nobody hostile (the control), then a hostile viewer, then a hostile commenter, which sends 100 updates
 * with a missing dependency and then keeps sending awareness frames. Reports how long an insert takes to reach the other
 * clients (p50/p95/p99/max over every receiver), the API's latency on the long page, each server's peak
 * memory, and the machine's load while it ran.
 *
 *   npm run bench -- studio        STUDIO_BENCH_SECONDS=10 STUDIO_BENCH_CLIENTS=20 npm run bench -- studio
 *   STUDIO_BENCH_SETUPS=one,two,long,viewer,commenter   (the default) runs those set-ups
 *   STUDIO_BENCH_PROFILE=<folder>  writes a CPU profile of each server
 */
import {fork, spawn, type ChildProcess} from "node:child_process";
import {cpus, loadavg} from "node:os";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {freshDatabase, servicesMissing, startPostgres, startRedis, type Service} from "../tests/studio/services.js";
import {probeApi, startHostile, type Hostile} from "./studio-hostile.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOKEN = "bench-token-0123456789abcdef";
/** Everyone the bench servers know: the typing clients, the hostile viewer and commenter, and the API caller. */
const PEOPLE = [
  {id: "bench", name: "Bench", role: "editor", token: TOKEN},
  {id: "vijand-v", name: "Vijandige kijker", role: "viewer", token: "hostile-viewer-0123456789"},
  {id: "vijand-c", name: "Vijandige commentator", role: "commenter", token: "hostile-commenter-0123456789"},
  {id: "api", name: "Andere persoon", role: "viewer", token: "api-person-0123456789"}
];

interface Result {
  setup: string;
  edits: number;
  deliveries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  peakRss: number[];
  /** CPU time each server used while the clients typed: unlike latency, hardly changed by a busy machine. */
  cpuSeconds: number[];
  load: string;
  converged: boolean;
  /** Hostile cases: another person's API latency, and what happened to the hostile socket. */
  api?: {calls: number; p50: number; p95: number; p99: number};
  hostile?: string;
}

export default async function studioBench(): Promise<void> {
  const seconds = Number(process.env.STUDIO_BENCH_SECONDS ?? 30);
  const count = Number(process.env.STUDIO_BENCH_CLIENTS ?? 50);
  const rate = Number(process.env.STUDIO_BENCH_RATE ?? 2);
  // Two processes for two cores: with 5 or 10 the clients' own scheduling dominated the tail (two instances,
  // p99 48–68 ms with 2 processes, 72–121 ms with 5, 199 ms with 10), which says little about the server.
  const processes = Number(process.env.STUDIO_BENCH_PROCESSES ?? 2);
  const setups = (process.env.STUDIO_BENCH_SETUPS ?? "one,two,long,viewer,commenter").split(",");
  console.log(`${count} clients in ${processes} processes, ${seconds} s, ${rate} edits/client/s; ${cpus().length} CPUs, load before ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const results: Result[] = [];
  if (setups.includes("one")) results.push(await run("1 instance, SQLite", {seconds, count, rate, processes, instances: 1}));
  if (setups.includes("two")) {
    const missing = servicesMissing();
    if (missing) console.log(`2 instances: skipped, ${missing}`);
    else results.push(await run("2 instances, Redis + PostgreSQL", {seconds, count, rate, processes, instances: 2}));
  }
  // The control for the hostile cases: the same long page and 49 clients, nobody hostile.
  if (setups.includes("long")) results.push(await run("1 instance, long page, nobody hostile", {seconds, count: count - 1, rate, processes, instances: 1, longPage: true}));
  for (const role of ["viewer", "commenter"] as const) {
    if (setups.includes(role)) results.push(await run(`1 instance, long page, hostile ${role}`, {seconds, count: count - 1, rate, processes, instances: 1, longPage: true, hostile: role}));
  }
  console.log("\n| set-up | edits | deliveries | p50 ms | p95 ms | p99 ms | max ms | server CPU while typing | server peak RSS | load (1/5 min) | converged |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    const rss = r.peakRss.map((b) => `${(b / 1024 / 1024).toFixed(0)} MiB`).join(" + ");
    const cpu = r.cpuSeconds.map((c) => `${c.toFixed(1)} s`).join(" + ");
    console.log(`| ${r.setup} | ${r.edits} | ${r.deliveries} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${cpu} | ${rss} | ${r.load} | ${r.converged} |`);
  }
  const hostile = results.filter((r) => r.api);
  if (hostile.length > 0) {
    console.log("\n| long page | other clients' delivery p50 / p95 / p99 ms | another person's API p50 / p95 / p99 ms (calls) | hostile socket |");
    console.log("|---|---|---|---|");
    for (const r of hostile) {
      const a = r.api!;
      console.log(`| ${r.setup} | ${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.p99.toFixed(1)} | ${a.p50.toFixed(1)} / ${a.p95.toFixed(1)} / ${a.p99.toFixed(1)} (${a.calls}) | ${r.hostile ?? "none"} |`);
    }
  }
}

async function run(setup: string, o: {seconds: number; count: number; rate: number; processes: number; instances: number; longPage?: boolean; hostile?: "viewer" | "commenter"}): Promise<Result> {
  const root = mkdtempSync(join(tmpdir(), "studio-bench-"));
  mkdirSync(join(root, "src"));
  // The hostile cases use a long page: a check that copies the document costs in proportion to it.
  const long = o.longPage ? Array.from({length: 2500}, (_, i) => `Regel ${i}: de wijk telt ${i * 7} huishoudens met een laag inkomen.\n`).join("") : "";
  writeFileSync(join(root, "src/index.md"), `# Benchmark\n\n${long}`);
  const services: Service[] = [];
  const servers: ChildProcess[] = [];
  try {
    let env: Record<string, string> = {};
    if (o.instances > 1) {
      // PostgreSQL with fsync on: an ack waits for a real commit.
      const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
      services.push(redis, postgres);
      env = {STUDIO_REDIS_URL: redis.url, STUDIO_DATABASE_URL: await freshDatabase(postgres.url, "bench")};
    }
    const urls: string[] = [];
    for (let i = 0; i < o.instances; i++) {
      const {child, url} = await startServer(root, {...env, STUDIO_INSTANCE: `bench-${i}`});
      servers.push(child);
      urls.push(url);
    }
    const peak = servers.map(() => 0);
    const sampler = setInterval(() => servers.forEach((s, i) => (peak[i] = Math.max(peak[i], status(s.pid!, "VmRSS")))), 250);

    const sent = new Map<string, [number, number]>();
    const received: Array<[number, number, number, number, number]> = [];
    const perProcess = Math.ceil(o.count / o.processes);
    const workers = Array.from({length: o.processes}, (_, i) =>
      fork(join(repo, "bench/studio-clients.ts"), [JSON.stringify({urls, count: Math.min(perProcess, o.count - i * perProcess), token: TOKEN, seed: `studio-bench-${i}`})], {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"]
      })
    );
    const texts: string[] = [];
    // A client process that dies fails the run instead of leaving it waiting.
    const phase = (type: string) =>
      Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((ok, fail) => {
              w.on("message", (m: {type: string}) => m.type === type && ok());
              // (A client exits 0 only after "done", whose message may arrive after its exit event.)
              w.once("exit", (code, signal) => (code !== 0 ? fail(new Error(`a bench client process failed (${code ?? signal}) before "${type}"`)) : undefined));
            })
        )
      );
    for (const w of workers) {
      w.on("message", (m: {type: string; rows?: number[][]; texts?: string[]}) => {
        if (m.type === "sent") for (const [client, clock, t, instance] of m.rows!) sent.set(`${client}:${clock}`, [t, instance]);
        else if (m.type === "received") received.push(...(m.rows as Array<[number, number, number, number, number]>));
        else if (m.type === "done") texts.push(...m.texts!);
      });
    }
    await phase("ready");
    let hostile: Hostile | null = null;
    let api: ReturnType<typeof probeApi> | null = null;
    if (o.hostile) hostile = await startHostile(urls[0], PEOPLE.find((p) => p.role === o.hostile)!, {held: 100, bytes: 30_000, awarenessPerSecond: 50});
    if (o.longPage) api = probeApi(urls[0].replace(/^ws/, "http"), PEOPLE.find((p) => p.id === "api")!.token);
    const loadBefore = loadavg();
    const cpuBefore = servers.map((s) => cpuSeconds(s.pid!));
    const typed = phase("typed");
    workers.forEach((w) => w.send({type: "start", seconds: o.seconds, rate: o.rate}));
    await typed;
    const loadAfter = loadavg();
    const cpuUsed = servers.map((s, i) => cpuSeconds(s.pid!) - cpuBefore[i]);
    const hostileState = hostile ? {refused: hostile.notApplied(), frames: hostile.awarenessSent(), closed: hostile.closedWith()} : null;
    api?.stop();
    hostile?.stop();
    const done = phase("done");
    workers.forEach((w) => w.send({type: "finish"}));
    await done;
    clearInterval(sampler);
    servers.forEach((s, i) => (peak[i] = Math.max(peak[i], status(s.pid!, "VmHWM"))));

    // Match every received struct to the insert(s) it carries: a struct may hold several merged inserts.
    // With two instances, deliveries are also split by path: within one instance, or across Redis.
    const latencies: number[] = [];
    const within: number[] = [];
    const across: number[] = [];
    for (const [client, clock, length, t, to] of received) {
      for (let k = clock; k < clock + length; k++) {
        const edit = sent.get(`${client}:${k}`);
        if (edit === undefined) continue;
        latencies.push(t - edit[0]);
        (edit[1] === to ? within : across).push(t - edit[0]);
      }
    }
    const quantile = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))] ?? NaN;
    [latencies, within, across].forEach((values) => values.sort((a, b) => a - b));
    const q = (p: number) => quantile(latencies, p);
    const result: Result = {
      setup,
      edits: sent.size,
      deliveries: latencies.length,
      p50: q(0.5),
      p95: q(0.95),
      p99: q(0.99),
      max: q(1),
      peakRss: peak,
      cpuSeconds: cpuUsed,
      load: `${loadBefore[0].toFixed(2)}→${loadAfter[0].toFixed(2)} / ${loadAfter[1].toFixed(2)}`,
      converged: texts.length === o.count && texts.every((t) => t === texts[0]) && !texts[0].startsWith("0:")
    };
    console.log(`${setup}: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms over ${latencies.length} deliveries`);
    if (o.instances > 1) {
      for (const [path, values] of [["within one instance", within], ["across instances", across]] as const) {
        console.log(`  ${path}: p50 ${quantile(values, 0.5).toFixed(1)} ms, p95 ${quantile(values, 0.95).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms over ${values.length} deliveries`);
      }
    }
    if (api) {
      const calls = [...api.latencies].sort((a, b) => a - b);
      result.api = {calls: calls.length, p50: quantile(calls, 0.5), p95: quantile(calls, 0.95), p99: quantile(calls, 0.99)};
      if (hostileState) {
        const {refused, frames, closed} = hostileState;
        result.hostile = `${o.hostile}: ${refused} of 100 updates refused, ${frames} awareness frames, ${closed === null ? "open" : `closed ${closed}`}`;
      }
      console.log(`  another person's API: p50 ${result.api.p50.toFixed(1)} ms, p95 ${result.api.p95.toFixed(1)} ms, p99 ${result.api.p99.toFixed(1)} ms over ${calls.length} calls${result.hostile ? `; hostile ${result.hostile}` : ""}`);
    }
    return result;
  } finally {
    for (const s of servers) await stop(s);
    for (const s of services) await s.stop();
    if (process.env.STUDIO_BENCH_KEEP) console.log(`kept ${root}`);
    else rmSync(root, {recursive: true, force: true});
  }
}

function startServer(root: string, env: Record<string, string>): Promise<{child: ChildProcess; url: string}> {
  // STUDIO_BENCH_PROFILE=<folder> writes a V8 CPU profile of each server there (open it in Chrome's DevTools).
  const profile = process.env.STUDIO_BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.STUDIO_BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", join(repo, "studio/main.ts"), "--root", root, "--port", "0", "--no-preview"], {
    cwd: repo,
    env: {...process.env, ...env, STUDIO_USERS: JSON.stringify(PEOPLE)},
    stdio: ["ignore", "pipe", "inherit"]
  });
  return new Promise((ok, fail) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /Buurtboek Studio: http:\/\/([^/]+)\//.exec(out);
      if (m) ok({child, url: `ws://${m[1]}/studio/collab`});
    });
    child.once("exit", (code) => fail(new Error(`studio exited (${code})`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once("exit", () => ok());
    child.kill("SIGTERM");
  });
}

/** A memory figure of a process from /proc, in bytes (VmRSS now, VmHWM peak). */
/** User + system CPU time of a process so far, in seconds (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function status(pid: number, field: string): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
