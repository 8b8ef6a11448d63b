/**
 * Builds an approved version into `published/<version>/` and makes it the live site by switching the symlink
 * `published/current` atomically (a new link renamed over the old one): readers and static hosts see the old
 * version or the new one, never half of one. A failed or interrupted build leaves `current` as it was.
 *
 * The build runs the workspace's own `scripts/build.ts` (privacy gate included) in a child process, on a staging
 * tree (staging.ts) under `published/.staging/`. While it runs, Studio touches a heartbeat file there; a staging
 * folder whose heartbeat stopped (its Studio died) is removed by whichever instance looks next.
 */
import {spawn, type ChildProcess} from "node:child_process";
import {existsSync, readlinkSync, statSync} from "node:fs";
import {mkdir, readdir, rename, rm, stat, symlink, utimes, writeFile} from "node:fs/promises";
import {basename, join} from "node:path";
import {fileURLToPath} from "node:url";
import type {BuildOutcome} from "./build-runner.js";
import type {VersionRecord} from "./journal.js";
import {makeTree, type PublicationLine} from "./staging.js";

export interface PublisherOptions {
  /** The workspace (a Framework project: observablehq.config.ts, src/, scripts/build.ts). */
  root: string;
  /** The data folder the build reads (BUURTBOEK_DATA_DIR of the build). */
  dataDir: string;
  /** Where versions are published; `<root>/published` by default. */
  publishedDir?: string;
  /** A staging folder whose heartbeat is older than this belongs to a dead build. */
  staleMs?: number;
  /** A build that runs longer than this is stopped and fails (default 30 minutes). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** The result of a publication build: the version's folder, or why it failed (Dutch, for people). */
export type BuildResult = {ok: true; dir: string} | {ok: false; reason: string; detail: string; interrupted?: boolean};

const RUNNER = fileURLToPath(new URL("./build-runner.ts", import.meta.url));
const HEARTBEAT_MS = 1000;

export class Publisher {
  readonly dir: string;
  private readonly staging: string;
  private readonly staleMs: number;
  private readonly log: (line: string) => void;
  private readonly children = new Set<ChildProcess>();
  private stopping = false;

  constructor(private readonly opts: PublisherOptions) {
    this.dir = opts.publishedDir ?? join(opts.root, "published");
    this.staging = join(this.dir, ".staging");
    this.staleMs = opts.staleMs ?? 30_000;
    this.log = opts.log ?? (() => {});
  }

  /** The live version's number, or null when nothing is published. */
  current(): number | null {
    try {
      const target = basename(readlinkSync(join(this.dir, "current")));
      return /^\d+$/.test(target) ? Number(target) : null;
    } catch {
      return null;
    }
  }

  /** The folder of the live version, or null. */
  currentDir(): string | null {
    const n = this.current();
    return n === null ? null : join(this.dir, String(n));
  }

  /** True when version `n` has a complete published folder (a build that finished and was switched to once). */
  has(n: number): boolean {
    return existsSync(join(this.dir, String(n), ".published"));
  }

  /** Points `published/current` at version `n` in one rename. */
  async switchTo(n: number): Promise<void> {
    if (!this.has(n)) throw new Error(`version ${n} has no complete published folder`);
    const link = join(this.dir, `.current-${process.pid}-${Date.now()}`);
    await symlink(String(n), link);
    await rename(link, join(this.dir, "current"));
  }

  /** Builds `version` (approved by `line.reviewer`) into `published/<n>/` and switches `current` to it when it passes. */
  async publish(version: VersionRecord, line: PublicationLine): Promise<BuildResult> {
    await this.sweep();
    const work = join(this.staging, `${version.number}-${process.pid}-${Date.now()}`);
    const tree = join(work, "tree");
    await mkdir(work, {recursive: true});
    const beat = async () => {
      const t = new Date();
      await utimes(join(work, "heartbeat"), t, t).catch(() => {});
    };
    await writeFile(join(work, "heartbeat"), `${process.pid}\n`);
    const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
    try {
      await makeTree(this.opts.root, tree, version.pages, line);
      const outcome = await this.run(tree);
      if (!outcome.ok) return outcome;
      const target = join(this.dir, String(version.number));
      await rm(target, {recursive: true, force: true});
      await writeFile(join(tree, "dist", ".published"), JSON.stringify(line) + "\n");
      await rename(join(tree, "dist"), target);
      await this.switchTo(version.number);
      return {ok: true, dir: target};
    } finally {
      clearInterval(heartbeat);
      await rm(work, {recursive: true, force: true}).catch((error) => this.log(`publication: could not remove ${work}: ${(error as Error).message}`));
    }
  }

  /** Runs the build runner on `tree`; resolves with its outcome. */
  private run(tree: string): Promise<BuildResult> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", RUNNER, tree], {
        cwd: tree,
        // Its own process group: the runner takes Framework and the loaders with it when Studio dies.
        detached: true,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        env: {...process.env, BUURTBOEK_DATA_DIR: this.opts.dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true"}
      });
      this.children.add(child);
      child.once("exit", () => this.children.delete(child));
      let output = "";
      const keep = (d: Buffer) => {
        output = (output + d).slice(-20_000);
        this.log(`publication build: ${String(d).trimEnd()}`);
      };
      child.stdout!.on("data", keep);
      child.stderr!.on("data", keep);
      let outcome: BuildOutcome | null = null;
      child.on("message", (m: BuildOutcome) => (outcome = m));
      const limit = this.opts.timeoutMs ?? 30 * 60_000;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child);
      }, limit);
      child.on("error", (error) => resolve({ok: false, reason: `De bouw kon niet starten: ${error.message}`, detail: output}));
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        const o = outcome as BuildOutcome | null;
        if (o?.ok && code === 0) return resolve({ok: true, dir: join(tree, "dist")});
        if (o && !o.ok) return resolve({ok: false, reason: dutchReason(o), detail: output.slice(-4000)});
        if (timedOut) resolve({ok: false, reason: `De bouw duurde langer dan ${Math.round(limit / 60_000)} minuten en is afgebroken; er is niets gepubliceerd.`, detail: output.slice(-4000)});
        else if (this.stopping) resolve({ok: false, reason: "De publicatie werd onderbroken: Studio stopte tijdens de bouw; er is niets gepubliceerd.", detail: output.slice(-4000), interrupted: true});
        else resolve({ok: false, reason: `De bouw van de site stopte onverwacht (${signal ?? `code ${code}`}).`, detail: output.slice(-4000)});
      });
    });
  }

  /** Stops every build this process runs (Studio is closing): each runner's whole process group. */
  stopAll(): void {
    this.stopping = true;
    for (const child of this.children) killGroup(child);
  }

  /**
   * Removes staging folders of builds that are no longer running (their heartbeat stopped) and returns the
   * version numbers they belonged to.
   */
  async sweep(): Promise<number[]> {
    const dead: number[] = [];
    for (const name of await readdir(this.staging).catch(() => [] as string[])) {
      const folder = join(this.staging, name);
      const beat = await stat(join(folder, "heartbeat")).catch(() => null);
      const age = Date.now() - (beat?.mtimeMs ?? statSync(folder).mtimeMs);
      if (age < this.staleMs) continue;
      await rm(folder, {recursive: true, force: true});
      const n = Number(name.split("-")[0]);
      if (Number.isInteger(n)) dead.push(n);
      this.log(`publication: removed the staging folder of an interrupted build (${name})`);
    }
    return dead;
  }

  /** True while a staging folder with a live heartbeat exists for version `n` (on any instance). */
  async building(n: number): Promise<boolean> {
    for (const name of await readdir(this.staging).catch(() => [] as string[])) {
      if (Number(name.split("-")[0]) !== n) continue;
      const beat = await stat(join(this.staging, name, "heartbeat")).catch(() => null);
      if (beat && Date.now() - beat.mtimeMs < this.staleMs) return true;
    }
    return false;
  }
}

/** The build's failure in Dutch: the privacy gate's problems translated where they are known, else as they are. */
export function dutchReason(outcome: Extract<BuildOutcome, {ok: false}>): string {
  if (outcome.gate) return `De privacycontrole weigert deze versie te publiceren:\n${outcome.gate.map((p) => `- ${dutchProblem(p)}`).join("\n")}`;
  return `De bouw van de site is mislukt: ${outcome.message.replace(/^build: /, "")}`;
}

/** One problem of the privacy gate (loaders/privacy/gate.ts) in Dutch. */
export function dutchProblem(problem: string): string {
  let m = /^(.+?):(\d+): a page reads a private file/.exec(problem);
  if (m) return `${m[1]}, regel ${m[2]}: deze pagina leest een privébestand; pagina's mogen alleen gepubliceerde gegevens lezen (${problem})`;
  m = /^(.+?): a folder named private inside the site/.exec(problem);
  if (m) return `${m[1]}: een map met de naam "private" in de site; privégegevens horen in data/private/ (${problem})`;
  m = /^(snapshots\/[^:]+): not in the data lock/.exec(problem);
  if (m) return `${m[1]}: dit bestand staat niet in het data-lock; alleen opgehaalde gegevens mogen gepubliceerd worden (${problem})`;
  m = /^([\w.-]+): (.*)$/.exec(problem);
  if (m && /audit|snapshot|unsafe count|suppressed/.test(m[2])) return `${m[1]}: de gemeentelijke tabel is niet (meer) door de privacycontrole gekomen (${problem})`;
  return problem;
}

/** Kills a build and every process it started (it runs as its own process group). */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}
