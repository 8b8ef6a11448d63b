/**
 * The build cannot read private data, structurally: Framework's build runs in a namespace where the private folders
 * are empty. Checked with a data loader that takes the extract's path from the manifest (the text search for
 * "private/" never sees it), by every path a loader could try, as root and as an ordinary user, with a build killed
 * midway, and with a system that cannot isolate (the build refuses).
 */
import {execFileSync, spawn, spawnSync} from "node:child_process";
import {existsSync, readFileSync} from "node:fs";
import {chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {IsolationError, privateDirs, spawnIsolated} from "../../loaders/privacy/isolate.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {pull} from "../../loaders/snapshot/pull.js";
import {repoRoot} from "../support/paths.js";
import {readTree, remove, tempWorkspace} from "../support/workspace.js";

const TSX = join(repoRoot, "node_modules/.bin/tsx");
const MARKER = "GEHEIM-MARKER";

/** A workspace with a pulled municipal table whose extract holds a marker that must never reach the build. */
async function privateWorkspace(): Promise<Workspace> {
  const ws = await tempWorkspace();
  await mkdir(join(ws.dataDir, "private"));
  const rows = ["buurt;regeling;n", "BU09990101;A;120", "BU09990102;A;4", "BU09990103;A;75", "BU09990101;B;33", "BU09990102;B;18", "BU09990103;B;9", `BU09990103;${MARKER};50`];
  await writeFile(join(ws.dataDir, "private/extract.csv"), rows.join("\n"));
  await writeFile(ws.manifestPath, JSON.stringify({version: 1, name: "t", title: "T", datasets: [{name: "gebruik", kind: "municipal", title: "G", publisher: "P", shape: "aggregated", path: "private/extract.csv", area: "buurt", by: ["regeling"], count: "n"}]}));
  await pull(ws);
  return ws;
}

// The loader reads the extract through the manifest: no "private/" in any page source. With LEAK_WAIT it first
// writes a heartbeat file and waits, so a test can kill the build while it runs.
const LOADER = `import {appendFileSync, readFileSync} from "node:fs";
import {join} from "node:path";
if (process.env.LEAK_WAIT) for (;;) { appendFileSync(process.env.LEAK_WAIT, "."); await new Promise((r) => setTimeout(r, 100)); }
const dir = process.env.BUURTBOEK_DATA_DIR!;
const manifest = JSON.parse(readFileSync(join(dir, "workspace.json"), "utf8"));
const dataset = manifest.datasets.find((d: {kind: string}) => d.kind === "municipal");
process.stdout.write(readFileSync(join(dir, dataset.path)));
`;

/** A copy of the build tooling with one page and the leaking loader (a small site builds quickly). */
async function leakySite(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "buurtboek-leak-"));
  // src/lib holds the helpers loaders share with pages (provenance, lineage).
  for (const entry of ["loaders", "scripts", "src/lib", "package.json", "tsconfig.json"]) await cp(join(repoRoot, entry), join(root, entry), {recursive: true});
  await symlink(join(repoRoot, "node_modules"), join(root, "node_modules"));
  await mkdir(join(root, "src/data"), {recursive: true});
  await writeFile(join(root, "observablehq.config.ts"), `export default {root: "src", output: "dist", globalStylesheets: [], search: false};\n`);
  await writeFile(join(root, "src/index.md"), '# Lek\n\n```js\ndisplay(await FileAttachment("data/leak.txt").text());\n```\n');
  await writeFile(join(root, "src/data/leak.txt.ts"), LOADER);
  return root;
}

const canIsolate = spawnSync("unshare", ["--mount", "--pid", "--fork", "--mount-proc", "true"]).status === 0 || spawnSync("unshare", ["--user", "--map-root-user", "--mount", "true"]).status === 0;
const reason = "this system has no mount namespaces (unshare); the build refuses there, which the last test checks";
if (!canIsolate) console.warn(`SKIP: ${reason}`);

describe.skipIf(!canIsolate)(`the build runs with the private folder out of reach${canIsolate ? "" : ` (skipped: ${reason})`}`, () => {
  let ws: Workspace;
  let site: string;
  let before: Map<string, Buffer>;
  beforeAll(async () => {
    ws = await privateWorkspace();
    site = await leakySite();
    before = await readTree(join(ws.dataDir, "private"));
  }, 120_000);
  afterAll(async () => {
    await remove(ws?.dataDir);
    await remove(site);
  });

  const build = (env: Record<string, string> = {}) =>
    spawnSync(TSX, ["scripts/build.ts"], {cwd: site, encoding: "utf8", env: {...process.env, BUURTBOEK_DATA_DIR: ws.dataDir, BUURTBOEK_COMPRESS: "0", ...env}});

  it("the loader does read the extract when run outside the build (the path from the manifest is right)", () => {
    const out = execFileSync(TSX, [join(site, "src/data/leak.txt.ts")], {cwd: site, encoding: "utf8", env: {...process.env, BUURTBOEK_DATA_DIR: ws.dataDir}});
    expect(out).toContain(MARKER);
  });

  it("fails the build when a loader reads the private extract by a path from the manifest; the extract is untouched", async () => {
    const r = build();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`ENOENT: no such file or directory, open '${join(ws.dataDir, "private/extract.csv")}'`);
    expect(r.stderr).toContain("build: observable build failed");
    expect(existsSync(join(site, "dist/data/leak.txt"))).toBe(false);
    expect(await readTree(join(ws.dataDir, "private"))).toEqual(before);
  }, 300_000);

  it("leaves the private folder intact when the build is killed midway", async () => {
    const heartbeat = join(await mkdtemp(join(tmpdir(), "buurtboek-beat-")), "beat");
    const child = spawn(TSX, ["scripts/build.ts"], {cwd: site, detached: true, stdio: "ignore", env: {...process.env, BUURTBOEK_DATA_DIR: ws.dataDir, BUURTBOEK_COMPRESS: "0", LEAK_WAIT: heartbeat}});
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Wait until the loader runs inside the build, then kill the whole process group.
    for (let i = 0; i < 1200 && !existsSync(heartbeat); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(heartbeat)).toBe(true);
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    const beats = readFileSync(heartbeat, "utf8").length;
    await new Promise((r) => setTimeout(r, 500));
    // Nothing of the build lives on, and the private folder is as it was, in place.
    expect(readFileSync(heartbeat, "utf8").length).toBe(beats);
    expect(await readTree(join(ws.dataDir, "private"))).toEqual(before);
    expect(readFileSync("/proc/self/mounts", "utf8")).not.toContain("buurtboek-private");
    await rm(join(heartbeat, ".."), {recursive: true, force: true});
  }, 300_000);

  it("hides the folder from every path a loader could try, and from writes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "buurtboek-iso-"));
    await mkdir(join(dir, "private"));
    await writeFile(join(dir, "private/x.csv"), MARKER);
    await symlink(join(dir, "private"), join(dir, "link"));
    const probe = `const fs = require("fs");
const paths = [${JSON.stringify(join(dir, "private/x.csv"))}, ${JSON.stringify(join(dir, "link/x.csv"))}, ${JSON.stringify(join(dir, "private/../private/x.csv"))}, "/proc/1/root${join(dir, "private/x.csv")}", "/proc/" + process.ppid + "/root${join(dir, "private/x.csv")}"];
const out = paths.map((p) => { try { return fs.readFileSync(p, "utf8"); } catch (e) { return e.code; } });
try { fs.writeFileSync(${JSON.stringify(join(dir, "private/new.csv"))}, "x"); out.push("written"); } catch (e) { out.push(e.code); }
out.push(fs.readdirSync(${JSON.stringify(join(dir, "private"))}).length);
console.log(JSON.stringify(out));`;
    const run = () => JSON.parse(String(spawnIsolated("node", ["-e", probe], {encoding: "utf8", hide: [join(dir, "private")]}).stdout));
    expect(run()).toEqual(["ENOENT", "ENOENT", "ENOENT", "ENOENT", "ENOENT", "EROFS", 0]);
    expect(await readFile(join(dir, "private/x.csv"), "utf8")).toBe(MARKER);
    // An ordinary user gets the namespace through a user namespace (checked where the tests run as root, as in CI).
    if (process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0) {
      for (const [path, mode] of [[dir, 0o755], [join(dir, "private"), 0o755], [join(dir, "private/x.csv"), 0o644]] as const) await chmod(path, mode);
      const runner = join(dir, "runner.ts");
      await writeFile(runner, `import {spawnIsolated} from ${JSON.stringify(join(repoRoot, "loaders/privacy/isolate.ts"))};\nprocess.stdout.write(String(spawnIsolated("node", ["-e", ${JSON.stringify(probe)}], {encoding: "utf8", hide: [${JSON.stringify(join(dir, "private"))}]}).stdout));\n`);
      const asUser = (args: string[]) => execFileSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "env", `HOME=${dir}`, ...args], {encoding: "utf8", cwd: dir});
      expect(asUser(["cat", join(dir, "private/x.csv")])).toBe(MARKER);
      expect(JSON.parse(asUser([TSX, runner]))).toEqual(["ENOENT", "ENOENT", "ENOENT", "ENOENT", "ENOENT", "EROFS", 0]);
    }
    await remove(dir);
  });

  it("hides the workspace's private folder, not its snapshots", () => {
    expect(privateDirs(ws)).toContain(join(ws.dataDir, "private"));
    expect(privateDirs(ws).some((d) => d.endsWith("snapshots"))).toBe(false);
  });
});

describe("a system that cannot isolate the build", () => {
  it("refuses to build while private data exists, saying why and what to do", () => {
    const path = process.env.PATH;
    process.env.PATH = join(tmpdir(), "buurtboek-no-unshare");
    try {
      expect(() => spawnIsolated("true", [], {hide: ["/tmp/x/private"]})).toThrow(IsolationError);
      expect(() => spawnIsolated("true", [], {hide: ["/tmp/x/private"]})).toThrow(/cannot hide it from the build: unshare is not installed\. Build on Linux/);
    } finally {
      process.env.PATH = path;
    }
  });

  it("builds as usual when there is no private data to hide", () => {
    const path = process.env.PATH;
    process.env.PATH = `${join(tmpdir(), "buurtboek-no-unshare")}:${path}`;
    try {
      expect(spawnIsolated("node", ["-e", "process.exit(3)"], {hide: []}).status).toBe(3);
    } finally {
      process.env.PATH = path;
    }
  });
});
