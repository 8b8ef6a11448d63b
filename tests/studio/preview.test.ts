import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {prepareWorkspace} from "../../studio/preview.js";

/** What Studio and `npm run dev` do before starting Framework's preview. */
describe("preparing the preview", () => {
  let root: string;
  const saved = process.env.BUURTBOEK_DATA_DIR;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "studio-preview-"));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.BUURTBOEK_DATA_DIR;
    else process.env.BUURTBOEK_DATA_DIR = saved;
    rmSync(root, {recursive: true, force: true});
  });

  it("drops Framework's cached loader output when BUURTBOEK_DATA_DIR points at another workspace", async () => {
    const cache = join(root, "src/.observablehq/cache/data");
    for (const ws of ["a", "b"]) {
      mkdirSync(join(root, ws, "snapshots"), {recursive: true});
      writeFileSync(join(root, ws, "data.lock.json"), JSON.stringify({workspace: ws}));
    }
    process.env.BUURTBOEK_DATA_DIR = join(root, "a");
    await prepareWorkspace(root);
    writeFileSync(join(cache, "kwb.arrow"), "numbers of workspace a");
    expect((await prepareWorkspace(root)).cacheCleared).toBe(false); // same workspace: stays warm
    expect(readdirSync(cache)).toContain("kwb.arrow");

    process.env.BUURTBOEK_DATA_DIR = join(root, "b");
    expect((await prepareWorkspace(root)).cacheCleared).toBe(true);
    expect(readdirSync(cache)).not.toContain("kwb.arrow");
  });

  it("stops with a clear error when vendoring fails, instead of leaving Framework to use a CDN", async () => {
    writeFileSync(join(root, "observablehq.config.ts"), "export default {};\n");
    mkdirSync(join(root, "src/.observablehq"), {recursive: true});
    writeFileSync(join(root, "src/.observablehq/cache"), "not a folder");
    await expect(prepareWorkspace(root)).rejects.toThrow(/^vendoring the browser libraries failed, so the preview would load them from a CDN; not starting it: /);
  });
});
