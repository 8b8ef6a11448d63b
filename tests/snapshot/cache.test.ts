import {mkdir, mkdtemp, readdir, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {loaderCacheDir, syncLoaderCache} from "../../loaders/snapshot/cache.js";
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
