import {mkdir, mkdtemp, readdir, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {describe, expect, it} from "vitest";
import {inputStamp, loaderCacheDir, syncLoaderCache} from "../../loaders/snapshot/cache.js";
import {contextFiles} from "../../loaders/municipal/context.js";
import {workspace} from "../../loaders/snapshot/paths.js";

describe("syncLoaderCache", () => {
  it("keeps cached loader output until a snapshot or the loader code changes", async () => {
    const root = await mkdtemp(join(tmpdir(), "buurtboek-cache-"));
    const ws = workspace(join(root, "data"));
    await mkdir(ws.snapshotsDir, {recursive: true});
    await mkdir(join(root, "loaders"));
    await writeFile(join(ws.snapshotsDir, "kwb.csv"), "region_code,n\nGM9999,1\n");
    await writeFile(join(root, "loaders", "arrow.ts"), "export const v = 1;\n");
    const cached = join(loaderCacheDir(root), "tables", "kwb.arrow");
    const put = async () => {
      await mkdir(join(loaderCacheDir(root), "tables"), {recursive: true});
      await writeFile(cached, "old output");
    };
    const outputs = async () => readdir(join(loaderCacheDir(root), "tables")).catch(() => []);

    expect(await syncLoaderCache(ws, root)).toBe(true); // first stamp
    await put();
    expect(await syncLoaderCache(ws, root)).toBe(false);
    expect(await outputs()).toEqual(["kwb.arrow"]);

    await writeFile(join(ws.snapshotsDir, "kwb.csv"), "region_code,n\nGM9999,2\n");
    expect(await syncLoaderCache(ws, root)).toBe(true);
    expect(await outputs()).toEqual([]);

    await put();
    await writeFile(join(root, "loaders", "arrow.ts"), "export const v = 2;\n");
    expect(await syncLoaderCache(ws, root)).toBe(true);
    expect(await outputs()).toEqual([]);
  });
});

describe("inputStamp", () => {
  it("changes with the shared context the take-up page reads (BUURTBOEK_SHARED), present or absent", async () => {
    const root = await mkdtemp(join(tmpdir(), "buurtboek-cache-"));
    const ws = workspace(join(root, "data"));
    await mkdir(ws.snapshotsDir, {recursive: true});
    const shared = join(root, "shared");
    const before = process.env.BUURTBOEK_SHARED;
    process.env.BUURTBOEK_SHARED = shared;
    try {
      const {national, amsterdam} = contextFiles();
      expect(national.startsWith(shared)).toBe(true);
      const absent = await inputStamp(ws, root);
      await mkdir(dirname(national), {recursive: true});
      await mkdir(dirname(amsterdam), {recursive: true});
      await writeFile(national, "regeling,waarde\nStadspas,60\n");
      await writeFile(amsterdam, "regeling,bereik_pct\nStadspas,54\n");
      const present = await inputStamp(ws, root);
      expect(present).not.toBe(absent);
      await writeFile(amsterdam, "regeling,bereik_pct\nStadspas,55\n");
      const changed = await inputStamp(ws, root);
      expect(changed).not.toBe(present);
      expect(await inputStamp(ws, root)).toBe(changed);
      // And so the cached loader output is dropped when the context changes.
      expect(await syncLoaderCache(ws, root)).toBe(true);
      expect(await syncLoaderCache(ws, root)).toBe(false);
      await writeFile(national, "regeling,waarde\nStadspas,61\n");
      expect(await syncLoaderCache(ws, root)).toBe(true);
    } finally {
      if (before === undefined) delete process.env.BUURTBOEK_SHARED;
      else process.env.BUURTBOEK_SHARED = before;
    }
  });
});
