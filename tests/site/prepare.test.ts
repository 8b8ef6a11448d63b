/**
 * The build's pre-step on a synthetic national workspace: every gemeente's assets made once (in child processes
 * when many are missing), kept by content, an unchanged gemeente not recomputed and a changed one recomputed,
 * and the Framework loaders making the very same bytes for the preview.
 */
import {cp, mkdtemp, readFile, stat, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {writeDemo} from "../../loaders/demo/write.js";
import {sha256} from "../../loaders/snapshot/hash.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {prepareSite} from "../../loaders/site/prepare.js";
import {repoRoot} from "../support/paths.js";
import {runLoader} from "../support/site.js";
import {remove, tempWorkspace} from "../support/workspace.js";

const N = 14;

describe("pre-step: every gemeente's data assets in one pass, kept by content", () => {
  let ws: Workspace;
  let root: string;
  const cached = (...parts: string[]) => join(root, "src", ".observablehq", "cache", "data", ...parts);

  beforeAll(async () => {
    ws = await tempWorkspace();
    await writeDemo(ws, 2024, {gemeenten: N});
    // A copy of the code the pre-step hashes and runs, so its store and Framework's cache stay out of the checkout.
    root = await mkdtemp(join(tmpdir(), "buurtboek-prepare-"));
    for (const entry of ["loaders", "src", "package-lock.json", "package.json"]) {
      await cp(join(repoRoot, entry), join(root, entry), {recursive: true, filter: (src) => !src.includes("/.observablehq")});
    }
    await symlink(join(repoRoot, "node_modules"), join(root, "node_modules"));
  });
  afterAll(async () => {
    await remove(ws?.dataDir);
    await remove(root);
  });

  it("computes every gemeente once, in child processes when many are missing, then reuses them", async () => {
    const first = await prepareSite(ws, {root, workers: 2});
    expect(first.computed).toHaveLength(N);
    expect(first.workers).toBe(2);
    expect(first.national).toBe("computed");
    for (const asset of ["armoede.json", "kwb.csv", "gebieden.topojson", "wijken.json", "wijken.arrow", "bronnen.json"]) {
      expect((await stat(cached("gemeente", "GM9003", asset))).size, asset).toBeGreaterThan(0);
    }
    const national = JSON.parse(await readFile(cached("nederland.json"), "utf8"));
    expect(national.gemeenten).toHaveLength(N);
    const again = await prepareSite(ws, {root, workers: 2});
    expect(again.computed).toEqual([]);
    expect(again.national).toBe("stored");
  });

  it("recomputes a gemeente whose snapshot changed, and only that one", async () => {
    const before = {changed: await stat(cached("gemeente", "GM9003", "armoede.json")), other: await stat(cached("gemeente", "GM9001", "armoede.json"))};
    // A revision of one wijk's figure, recorded in the lock as a pull would.
    const file = join(ws.snapshotsDir, "kwb-gm9003.csv");
    const lines = (await readFile(file, "utf8")).split("\n");
    const at = lines.findIndex((l) => l.startsWith("WK900300,") && l.includes(",2023,laag_inkomen_pct,"));
    const cells = lines[at].split(",");
    cells[5] = "99.9";
    lines[at] = cells.join(",");
    const text = lines.join("\n");
    await writeFile(file, text);
    const lock = JSON.parse(await readFile(ws.lockPath, "utf8"));
    lock.datasets["kwb-gm9003"].files["kwb-gm9003.csv"] = sha256(text);
    await writeFile(ws.lockPath, JSON.stringify(lock, null, 2));

    const r = await prepareSite(ws, {root, workers: 2});
    expect(r.computed).toEqual(["GM9003"]);
    expect(r.national).toBe("computed");
    const study = JSON.parse(await readFile(cached("gemeente", "GM9003", "armoede.json"), "utf8"));
    const i = study.regions.findIndex((x: {code: string}) => x.code === "WK900300");
    expect(study.values[2023].laag_inkomen_pct[i]).toBe(99.9);
    expect((await stat(cached("gemeente", "GM9003", "armoede.json"))).ino).not.toBe(before.changed.ino);
    expect((await stat(cached("gemeente", "GM9001", "armoede.json"))).ino).toBe(before.other.ino);
  });

  it("gives the loaders' bytes: the preview and the build show the same", async () => {
    const env = {BUURTBOEK_DATA_DIR: ws.dataDir};
    for (const asset of ["armoede.json", "bronnen.json", "wijken.arrow"]) {
      const loader = await runLoader(`gemeente/[code]/${asset}.ts`, ["--code=GM9003"], env);
      expect(loader.equals(await readFile(cached("gemeente", "GM9003", asset))), asset).toBe(true);
    }
    for (const asset of ["nederland.json", "nederland.csv", "studies.json"]) {
      const loader = await runLoader(`${asset}.ts`, [], env);
      expect(loader.equals(await readFile(cached(asset))), asset).toBe(true);
    }
  });
});

