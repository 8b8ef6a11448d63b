/**
 * The page phase in shards with kept pages (scripts/pages.ts): a workspace of six synthetic gemeenten, built cold
 * in two Framework processes, then again after one gemeente's data changed. The second build renders nothing (the
 * kept pages get the current data entries), and its site is byte for byte the site a build from scratch gives.
 */
import {readFile, rm, writeFile} from "node:fs/promises";
import {execFile} from "node:child_process";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {writeDemo} from "../../loaders/demo/write.js";
import {sha256} from "../../loaders/snapshot/hash.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {buildSiteCopy} from "../support/site.js";
import {readTree, remove, tempWorkspace} from "../support/workspace.js";

const run = promisify(execFile);

describe("pages built in shards and reused by key", () => {
  let ws: Workspace;
  let root: string;
  const env = {BUURTBOEK_SHARD_FROM: "4", BUURTBOEK_COMPRESS: "0"};
  const build = async () => {
    const {stdout} = await run("npm", ["run", "build"], {cwd: root, env: {...process.env, BUURTBOEK_DATA_DIR: ws.dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true", ...env}, maxBuffer: 1 << 26});
    return stdout;
  };
  const pagesLine = (out: string) => out.split("\n").find((l) => l.startsWith("build: pages:")) ?? "";

  beforeAll(async () => {
    ws = await tempWorkspace();
    await writeDemo(ws, 2024, {gemeenten: 6});
    root = await buildSiteCopy(ws.dataDir, env);
  });
  afterAll(async () => {
    await remove(ws?.dataDir);
    await remove(root);
  });

  it("renders nothing when only data changed, and gives the site a build from scratch gives", async () => {
    // A revision of one gemeente's figures, as a pull would record it.
    const file = join(ws.snapshotsDir, "kwb-gm9004.csv");
    const text = (await readFile(file, "utf8")).replace(/^(GM9004,[^,]*,gemeente,2023,laag_inkomen_pct,)[^,]*,/m, "$177.7,");
    await writeFile(file, text);
    const lock = JSON.parse(await readFile(ws.lockPath, "utf8"));
    lock.datasets["kwb-gm9004"].files["kwb-gm9004.csv"] = sha256(text);
    await writeFile(ws.lockPath, JSON.stringify(lock, null, 2));

    const incremental = await build();
    expect(pagesLine(incremental)).toMatch(/^build: pages: 6 gemeenten, 0 rendered, 6 reused, in [\d.]+ s \(no rendering: data only\)/);
    const reused = await readTree(join(root, "dist"));
    // The changed number reached the national asset the reused pages now point at.
    const national = [...reused.entries()].find(([f]) => /^_file\/data\/nederland\.[0-9a-f]{8}\.json$/.test(f))!;
    expect(JSON.parse(national[1].toString()).values[2023].laag_inkomen_pct[4]).toBe(77.7);

    await rm(join(root, ".buurtboek", "pages"), {recursive: true, force: true});
    const scratch = await build();
    expect(pagesLine(scratch)).toMatch(/^build: pages: 6 gemeenten, 6 rendered in 2 processes, 0 reused/);
    const fresh = await readTree(join(root, "dist"));
    expect([...reused.keys()]).toEqual([...fresh.keys()]);
    for (const [f, bytes] of fresh) expect(reused.get(f)!.equals(bytes), f).toBe(true);
  });
});
