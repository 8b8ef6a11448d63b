/**
 * The page phase with templates (scripts/pages.ts): a workspace of six synthetic gemeenten, built cold (one gemeente
 * rendered, the others written from it), then again after one gemeente's data changed (nothing rendered: the kept
 * pages get the current data entries). That site is byte for byte the site Framework renders when it renders every
 * page itself, after the same post-build steps.
 */
import {readFile, writeFile} from "node:fs/promises";
import {execFile} from "node:child_process";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {writeDemo} from "../../loaders/demo/write.js";
import {sha256} from "../../loaders/snapshot/hash.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {buildSiteCopy} from "../support/site.js";
import {readTree, remove, tempWorkspace} from "../support/workspace.js";
import {removeDuckDBMvp} from "../../scripts/compress.js";
import {postbuild} from "../../scripts/postbuild.js";

const run = promisify(execFile);

describe("pages built in shards and reused by key", () => {
  let ws: Workspace;
  let root: string;
  const env = {BUURTBOEK_SHARD_FROM: "4", BUURTBOEK_COMPRESS: "0"};
  const build = async (extra: Record<string, string> = {}) => {
    const {stdout} = await run("npm", ["run", "build"], {cwd: root, env: {...process.env, BUURTBOEK_DATA_DIR: ws.dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true", ...env, ...extra}, maxBuffer: 1 << 26});
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

  it("renders one gemeente, then nothing when only data changed, and gives the site Framework renders", async () => {
    // The cold build (beforeAll) rendered the overview and one gemeente; the other five came from its template.
    expect(JSON.parse(await readFile(join(root, ".buurtboek", "shards", "0", "paths.json"), "utf8"))).toEqual(["/nederland", "/gemeente/GM9000/armoede", "/gemeente/GM9000/techniek"]);
    // A revision of one gemeente's figures, as a pull would record it.
    const file = join(ws.snapshotsDir, "kwb-gm9004.csv");
    const text = (await readFile(file, "utf8")).replace(/^(GM9004,[^,]*,gemeente,2023,laag_inkomen_pct,)[^,]*,/m, "$177.7,");
    await writeFile(file, text);
    const lock = JSON.parse(await readFile(ws.lockPath, "utf8"));
    lock.datasets["kwb-gm9004"].files["kwb-gm9004.csv"] = sha256(text);
    await writeFile(ws.lockPath, JSON.stringify(lock, null, 2));

    const incremental = await build();
    expect(pagesLine(incremental)).toMatch(/^build: pages: 6 gemeenten, 0 rendered, 6 from a template, in [\d.]+ s \(no rendering: data only\)/);
    const ours = await readTree(join(root, "dist"));
    // The changed number reached the national asset every study now points at.
    const national = [...ours.entries()].find(([f]) => /^_file\/data\/nederland\.[0-9a-f]{8}\.json$/.test(f))!;
    expect(JSON.parse(national[1].toString()).values[2023].laag_inkomen_pct[4]).toBe(77.7);

    // Framework alone, every page, from the same loader cache, then the same post-build steps.
    await run(join(root, "node_modules", ".bin", "observable"), ["build"], {cwd: root, env: {...process.env, BUURTBOEK_DATA_DIR: ws.dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true", BUURTBOEK_OUTPUT: "framework-dist"}, maxBuffer: 1 << 26});
    await postbuild(join(root, "framework-dist"));
    await removeDuckDBMvp(join(root, "framework-dist"));
    const framework = await readTree(join(root, "framework-dist"));
    expect([...ours.keys()]).toEqual([...framework.keys()]);
    for (const [f, bytes] of framework) expect(ours.get(f)!.equals(bytes), f).toBe(true);
  });

  it("renders every gemeente in shards when asked, and writes the same site", async () => {
    const before = await readTree(join(root, "dist"));
    const all = await build({BUURTBOEK_RENDER_ALL: "1"});
    expect(pagesLine(all)).toMatch(/^build: pages: 6 gemeenten, 6 rendered in 2 processes, 0 from a template/);
    const after = await readTree(join(root, "dist"));
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, bytes] of after) expect(before.get(f)!.equals(bytes), f).toBe(true);
  });
});
