/**
 * Studio on a real workspace: a temporary copy of this repository (pages, loaders, scripts, config, the demo data;
 * node_modules linked), optionally a git repository, with Framework's real preview behind Studio's preview origin.
 * Publications build in the copy (its own published/ folder); compressed outputs share the working tree's cache.
 */
import {spawn, type ChildProcess} from "node:child_process";
import {execFileSync} from "node:child_process";
import {createHash} from "node:crypto";
import {cp, mkdtemp, readFile, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {Users, type UserEntry} from "../../studio/server/auth.js";
import {startStudio, type Studio, type StudioOptions} from "../../studio/server/server.js";
import {freePort, prepareWorkspace} from "../../studio/preview.js";
import {repoRoot} from "../support/paths.js";
import {USERS} from "./helpers.js";

/** The people of the review tests: two editors, a reviewer, a commenter and a viewer. */
export const PEOPLE: Record<"anna" | "bram" | "rob" | "cees" | "vera", UserEntry & {token: string}> = {
  ...USERS,
  rob: {id: "rob", name: "Rob Smit", role: "reviewer", token: "rob-token-0123456789", color: "#8c564b"}
};

export const people = () => new Users(Object.values(PEOPLE));

const COPIED = ["src", "loaders", "scripts", "observablehq.config.ts", "package.json", "package-lock.json", "tsconfig.json", "data"];

/** A copy of the repository in a temp folder; `git` makes it a repository with one commit. */
export async function workspaceCopy({git = false} = {}): Promise<{root: string; dataDir: string; cleanup: () => Promise<void>}> {
  const root = await mkdtemp(join(tmpdir(), "studio-workspace-"));
  for (const entry of COPIED) {
    await cp(join(repoRoot, entry), join(root, entry), {
      recursive: true,
      filter: (src) => !src.includes("/.observablehq/cache/data") && !src.includes("/data/private") && !/\/data\/\.pull-/.test(src)
    });
  }
  await symlink(join(repoRoot, "node_modules"), join(root, "node_modules"));
  if (git) {
    const run = (...args: string[]) => execFileSync("git", args, {cwd: root, stdio: "pipe", env: {...process.env, GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.invalid", GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.invalid"}});
    run("init", "-q", "-b", "main");
    execFileSync("sh", ["-c", "printf 'node_modules\\ndist/\\npublished/\\n.buurtboek/\\nsrc/.observablehq/cache/\\n' > .gitignore"], {cwd: root});
    run("add", "-A");
    run("commit", "-q", "-m", "Werkruimte");
  }
  // Compressed outputs are cached by content hash: share the working tree's cache so the wasm is compressed once.
  process.env.BUURTBOEK_COMPRESS_CACHE ??= join(repoRoot, ".buurtboek", "compressed");
  return {root, dataDir: join(root, "data"), cleanup: () => rm(root, {recursive: true, force: true})};
}

/**
 * Adds a second gemeente to a copy of the demo workspace: Voorbeeldstad's KWB data under another code and name
 * (no boundaries), with its lock entry, so pages are built for two gemeenten.
 */
export async function addGemeente(dataDir: string, code = "GM9998", name = "Tweedestad"): Promise<void> {
  const digits = code.slice(2);
  const rename = (text: string) => text.replace(/\b(GM|WK|BU)9999/g, `$1${digits}`).replaceAll("Voorbeeldstad", name);
  const snapshots = join(dataDir, "snapshots");
  const dataset = `kwb-${code.toLowerCase()}`;
  const files: Record<string, string> = {};
  for (const ext of ["csv", "schema.json", "editions.json"]) {
    const text = rename(await readFile(join(snapshots, `kwb-gm9999.${ext}`), "utf8"));
    await writeFile(join(snapshots, `${dataset}.${ext}`), text);
    files[`${dataset}.${ext}`] = createHash("sha256").update(text).digest("hex");
  }
  const manifestFile = join(dataDir, "workspace.json");
  const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
  const source = manifest.datasets.find((d: {name: string}) => d.name === "kwb-gm9999");
  manifest.datasets.push({...source, name: dataset, gemeente: code});
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2) + "\n");
  const lockFile = join(dataDir, "data.lock.json");
  const lock = JSON.parse(await readFile(lockFile, "utf8"));
  lock.datasets[dataset] = {...lock.datasets["kwb-gm9999"], files, title: rename(lock.datasets["kwb-gm9999"].title)};
  await writeFile(lockFile, JSON.stringify(lock, null, 2) + "\n");
}

/** Framework's preview for `root`, in its own process group (stopped with everything it started). */
export async function startFrameworkPreview(root: string, dataDir: string): Promise<{url: string; stop: () => void}> {
  const saved = process.env.BUURTBOEK_DATA_DIR;
  process.env.BUURTBOEK_DATA_DIR = dataDir;
  try {
    await prepareWorkspace(root);
  } finally {
    if (saved === undefined) delete process.env.BUURTBOEK_DATA_DIR;
    else process.env.BUURTBOEK_DATA_DIR = saved;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(join(root, "node_modules/.bin/observable"), ["preview", "--no-open", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    detached: true,
    env: {...process.env, BUURTBOEK_DATA_DIR: dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true"},
    stdio: ["ignore", "pipe", "pipe"]
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`observable preview exited: ${output}`);
    const ok = await fetch(url).then((r) => r.status < 500, () => false);
    if (ok) break;
    if (i > 600) throw new Error(`observable preview did not answer: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // gone already
      }
    }
  };
}

/** Studio on a workspace copy, with the review people; `preview` starts Framework's preview behind it. */
export async function workspaceStudio(
  ws: {root: string; dataDir: string},
  {preview = false, ...opts}: {preview?: boolean} & Partial<StudioOptions> = {}
): Promise<{studio: Studio; stop: () => Promise<void>}> {
  const framework = preview ? await startFrameworkPreview(ws.root, ws.dataDir) : null;
  const log = process.env.STUDIO_TEST_LOG ? (line: string) => console.error(`studio: ${line}`) : undefined;
  const studio = await startStudio({root: ws.root, dataDir: ws.dataDir, users: people(), port: 0, previewUrl: framework?.url ?? null, files: {writeDelayMs: 50, maxWriteDelayMs: 200}, log, ...opts});
  return {
    studio,
    async stop() {
      await studio.close();
      framework?.stop();
    }
  };
}

/** Calls the Studio API as a script does (Bearer token); returns the status and the JSON answer. */
export async function asPerson(studio: Studio, who: keyof typeof PEOPLE, path: string, body?: unknown): Promise<{status: number; body: Record<string, unknown>}> {
  const response = await fetch(new URL(path, studio.url), {
    method: body === undefined ? "GET" : "POST",
    headers: {authorization: `Bearer ${PEOPLE[who].token}`, ...(body === undefined ? {} : {"content-type": "application/json"})},
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  return {status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown>};
}
