/**
 * The promise behind the whole site: a cold build (no Framework cache at all) with no network at all.
 * Runs scripts/build.ts in a copy of the workspace inside `unshare -n`, which needs root (as in CI).
 */
import {execFileSync, spawnSync} from "node:child_process";
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {repoRoot} from "../support/paths.js";

const canUnshare = spawnSync("unshare", ["-n", "true"]).status === 0;
const reason = "unshare -n is not permitted here (needs root); the offline cold build is checked in CI";
if (!canUnshare) console.warn(`SKIP: ${reason}`);

describe.skipIf(!canUnshare)(`cold build without network${canUnshare ? "" : ` (skipped: ${reason})`}`, () => {
  it("builds every page from an empty Framework cache inside unshare -n", () => {
    const dir = mkdtempSync(join(tmpdir(), "buurtboek-offline-"));
    for (const entry of ["src", "data", "loaders", "scripts", "observablehq.config.ts", "package.json", "tsconfig.json"]) {
      cpSync(join(repoRoot, entry), join(dir, entry), {recursive: true, filter: (p) => !p.includes(".observablehq") && !p.includes("/.buurtboek")});
    }
    symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
    expect(existsSync(join(dir, "src", ".observablehq"))).toBe(false);
    const out = execFileSync("unshare", ["-n", join(dir, "node_modules", ".bin", "tsx"), "scripts/build.ts"], {
      cwd: dir,
      encoding: "utf8",
      stdio: "pipe",
      env: {...process.env, BUURTBOEK_DATA_DIR: join(dir, "data")}
    });
    expect(out).toMatch(/build: \d+ pages in dist\//);
    const pages = readdirSync(join(dir, "dist"), {recursive: true, encoding: "utf8"}).filter((f) => f.endsWith(".html"));
    expect(pages).toEqual(expect.arrayContaining(["index.html", "gemeente/GM9999/techniek.html"]));
    expect(readFileSync(join(dir, "dist", "gemeente/GM9999/techniek.html"), "utf8")).toContain('<html lang="nl">');
    // The slim vega entry and the precompressed files are made offline too.
    expect(out).toMatch(/\.br and \.gz beside \d+ files \(0 from cache\)/);
    expect(existsSync(join(dir, "dist", "gemeente", "GM9999", "armoede.html.br"))).toBe(true);
  }, 420_000); // a cold build with cold compression (the 35 MB wasm) on a shared machine
});
