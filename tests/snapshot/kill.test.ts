/** Killing a pull midway (SIGKILL) leaves the old snapshots and the lock intact; the next pull recovers. */
import type {ChildProcess} from "node:child_process";
import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {kwbTestTable, writeCbsManifest} from "../fixtures/kwb-test.js";
import {useCbsServer} from "../support/cbs-server.js";
import {cli, spawnCli} from "../support/cli.js";
import {remove, tempWorkspace} from "../support/workspace.js";

async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const exited = (child: ChildProcess) => new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));

describe("an interrupted pull", () => {
  const cbs = useCbsServer({tables: [kwbTestTable(false)]});
  let ws: Workspace;
  let cache: Workspace;
  let snapshot: () => Promise<Record<string, string>>;
  let before: Record<string, string>;

  beforeAll(async () => {
    ws = await tempWorkspace();
    cache = await tempWorkspace("buurtboek-cache-");
    await writeCbsManifest(ws);
    expect((await cli(["data", "pull", "--data-dir", ws.dataDir, "--cache-dir", cache.dataDir], cbs.env)).code).toBe(0);
    snapshot = async () => ({
      csv: await readFile(join(ws.snapshotsDir, "kwb-2020.csv"), "utf8"),
      schema: await readFile(join(ws.snapshotsDir, "kwb-2020.schema.json"), "utf8"),
      lock: await readFile(ws.lockPath, "utf8")
    });
    before = await snapshot();
    cbs.server.setTable(kwbTestTable(true));
  });
  afterAll(async () => {
    await remove(ws?.dataDir);
    await remove(cache?.dataDir);
  });

  it("killed while a snapshot file is half-written: old snapshot and lock intact", async () => {
    const child = spawnCli(["data", "pull", "--data-dir", ws.dataDir, "--cache-dir", cache.dataDir], {...cbs.env, BUURTBOEK_TEST_WRITE_DELAY_MS: "20000"});
    const done = exited(child);
    // Wait until the pull has half-written a temporary file in its staging folder.
    let staged = "";
    await waitFor(async () => {
      for (const dir of (await readdir(ws.snapshotsDir)).filter((d) => d.startsWith(".staging-"))) {
        const temp = (await readdir(join(ws.snapshotsDir, dir)).catch(() => [])).find((f) => f.includes(".tmp-"));
        if (temp) staged = join(dir, temp);
      }
      return staged !== "";
    }, "a half-written staging file");
    child.kill("SIGKILL");
    expect(await done).toBe("SIGKILL");
    const partial = await readFile(join(ws.snapshotsDir, staged), "utf8");
    expect(partial.length).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
    const verify = await cli(["data", "verify", "--data-dir", ws.dataDir]);
    expect(verify.stdout).toContain("ok: 1 dataset(s) match the lock");
  });

  it("killed while waiting for a slow CBS response: old snapshot and lock intact", async () => {
    cbs.server.clearLog();
    cbs.server.fail({match: /TypedDataSet|UntypedDataSet/, delayMs: 30_000, times: 5});
    // A cold cache, so the pull has to ask the (slow) server for the revised data.
    const cold = await tempWorkspace("buurtboek-cache-");
    const child = spawnCli(["data", "pull", "--data-dir", ws.dataDir, "--cache-dir", cold.dataDir], cbs.env);
    const done = exited(child);
    await waitFor(async () => cbs.server.urls(/DataSet/).length > 0, "the data request");
    child.kill("SIGKILL");
    expect(await done).toBe("SIGKILL");
    expect(await snapshot()).toEqual(before);
    await remove(cold.dataDir);
  });

  it("the next pull cleans up and takes the new version", async () => {
    const result = await cli(["data", "pull", "--data-dir", ws.dataDir, "--cache-dir", cache.dataDir], cbs.env);
    expect(result.code).toBe(0);
    expect((await readdir(ws.snapshotsDir)).sort()).toEqual(["kwb-2020.csv", "kwb-2020.schema.json"]);
    expect((await snapshot()).csv).toContain("BU99990103,Kerkbuurt,buurt,0,,0");
    expect((await cli(["data", "verify", "--data-dir", ws.dataDir])).code).toBe(0);
  });
});
