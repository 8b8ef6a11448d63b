/**
 * Killing a pull (SIGKILL) anywhere leaves the old snapshots and lock or the new ones, never a mix: while a file is
 * half-written, while CBS is slow, and at every step of the switch (switch.ts), including the window between the
 * renames. A killed switch is finished by the next reader (`workspace()`), and the next pull cleans up.
 */
import type {ChildProcess} from "node:child_process";
import {cp, readdir, readFile} from "node:fs/promises";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {workspace, type Workspace} from "../../loaders/snapshot/paths.js";
import {COMMIT_DIR, SWITCH_STEPS} from "../../loaders/snapshot/switch.js";
import {kwbTestTable, writeCbsManifest} from "../fixtures/kwb-test.js";
import {useCbsServer} from "../support/cbs-server.js";
import {cli, spawnCli} from "../support/cli.js";
import {remove, readTree, tempWorkspace} from "../support/workspace.js";

async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const exited = (child: ChildProcess) => new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));

/** The published state of a data folder: every snapshot file and the lock (no hidden files). */
async function state(ws: Workspace): Promise<Record<string, string>> {
  const files = Object.fromEntries([...(await readTree(ws.snapshotsDir))].filter(([f]) => !f.startsWith(".")).map(([f, b]) => [f, b.toString("utf8")]));
  // Each pull stamps its own fetch time; the rest of the lock must match.
  return {...files, lock: (await readFile(ws.lockPath, "utf8")).replace(/"fetched_at": "[^"]*"/g, '"fetched_at": "…"')};
}

describe("an interrupted pull", () => {
  const cbs = useCbsServer({tables: [kwbTestTable(false)]});
  const folders: string[] = [];
  let pristine: Workspace;
  let cache: Workspace;
  let before: Record<string, string>;
  let after: Record<string, string>;

  /** A copy of the workspace as the first pull left it. */
  async function oldWorkspace(): Promise<Workspace> {
    const ws = await tempWorkspace();
    folders.push(ws.dataDir);
    await cp(pristine.dataDir, ws.dataDir, {recursive: true});
    return ws;
  }
  const pullArgs = (ws: Workspace, cacheDir = cache.dataDir) => ["data", "pull", "--data-dir", ws.dataDir, "--cache-dir", cacheDir];

  beforeAll(async () => {
    pristine = await tempWorkspace();
    cache = await tempWorkspace("buurtboek-cache-");
    folders.push(pristine.dataDir, cache.dataDir);
    await writeCbsManifest(pristine);
    expect((await cli(pullArgs(pristine), cbs.env)).code).toBe(0);
    before = await state(pristine);
    cbs.server.setTable(kwbTestTable(true));
    const reference = await oldWorkspace();
    expect((await cli(pullArgs(reference), cbs.env)).code).toBe(0);
    after = await state(reference);
    expect(after).not.toEqual(before);
  });
  afterAll(async () => {
    for (const dir of folders) await remove(dir);
  });

  it("killed while a snapshot file is half-written: old snapshot and lock intact", async () => {
    const ws = await oldWorkspace();
    const child = spawnCli(pullArgs(ws), {...cbs.env, BUURTBOEK_TEST_WRITE_DELAY_MS: "20000"});
    const done = exited(child);
    // Wait until the pull has half-written a temporary file in its staging generation.
    let staged = "";
    await waitFor(async () => {
      for (const dir of (await readdir(ws.dataDir)).filter((d) => d.startsWith(".pull-staging-"))) {
        const temp = (await readdir(join(ws.dataDir, dir, "snapshots")).catch(() => [])).find((f) => f.includes(".tmp-"));
        if (temp) staged = join(dir, "snapshots", temp);
      }
      return staged !== "";
    }, "a half-written staging file");
    child.kill("SIGKILL");
    expect(await done).toBe("SIGKILL");
    expect((await readFile(join(ws.dataDir, staged), "utf8")).length).toBeGreaterThan(0);
    expect(await state(ws)).toEqual(before);
    expect((await cli(["data", "verify", "--data-dir", ws.dataDir])).stdout).toContain("ok: 1 dataset(s) match the lock");
  });

  it("killed while waiting for a slow CBS response: old snapshot and lock intact", async () => {
    const ws = await oldWorkspace();
    cbs.server.clearLog();
    cbs.server.fail({match: /TypedDataSet|UntypedDataSet/, delayMs: 30_000, times: 5});
    // A cold cache, so the pull has to ask the (slow) server for the revised data.
    const cold = await tempWorkspace("buurtboek-cache-");
    folders.push(cold.dataDir);
    const child = spawnCli(pullArgs(ws, cold.dataDir), cbs.env);
    const done = exited(child);
    await waitFor(() => cbs.server.urls(/DataSet/).length > 0, "the data request");
    child.kill("SIGKILL");
    expect(await done).toBe("SIGKILL");
    cbs.server.clearFaults();
    expect(await state(ws)).toEqual(before);
  });

  // "staged": everything written, the commit rename not yet done. The others follow the commit rename.
  for (const step of ["staged", ...SWITCH_STEPS]) {
    it(`killed at switch step "${step}": ${step === "staged" ? "the old" : "the new"} state, never a mix`, async () => {
      const ws = await oldWorkspace();
      const child = spawnCli(pullArgs(ws), {...cbs.env, BUURTBOEK_TEST_PAUSE_AT: step});
      const done = exited(child);
      let err = "";
      child.stderr!.on("data", (d) => (err += d));
      await waitFor(() => err.includes(`switch: paused at ${step}`), `the pull to reach "${step}"`);
      child.kill("SIGKILL");
      expect(await done).toBe("SIGKILL");
      const raw = await readdir(ws.dataDir);
      expect(raw.includes(COMMIT_DIR)).toBe(step !== "staged");
      if (step === "old-moved") expect(raw).not.toContain("snapshots"); // the window between the two renames
      // Any reader resolves the workspace first, which finishes a committed switch.
      expect(await state(workspace(ws.dataDir))).toEqual(step === "staged" ? before : after);
      expect(await readdir(ws.dataDir)).not.toContain(COMMIT_DIR);
      const verify = await cli(["data", "verify", "--data-dir", ws.dataDir]);
      expect(verify.stdout).toContain("ok: 1 dataset(s) match the lock");
    });
  }

  it("the next pull cleans up and takes the new version", async () => {
    const ws = await oldWorkspace();
    const child = spawnCli(pullArgs(ws), {...cbs.env, BUURTBOEK_TEST_PAUSE_AT: "staged"});
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    const done = exited(child);
    await waitFor(() => err.includes("switch: paused at staged"), "the staged pull");
    child.kill("SIGKILL");
    await done;
    expect((await readdir(ws.dataDir)).some((f) => f.startsWith(".pull-staging-"))).toBe(true);
    const result = await cli(pullArgs(ws), cbs.env);
    expect(result.code).toBe(0);
    expect((await readdir(ws.dataDir)).sort()).toEqual(["data.lock.json", "snapshots", "workspace.json"]);
    expect((await readdir(ws.snapshotsDir)).sort()).toEqual(["kwb-2020.csv", "kwb-2020.schema.json"]);
    expect(await state(ws)).toEqual(after);
    expect((await state(ws))["kwb-2020.csv"]).toContain("BU99990103,Kerkbuurt,buurt,0,,0");
    expect((await cli(["data", "verify", "--data-dir", ws.dataDir])).code).toBe(0);
  });
});
