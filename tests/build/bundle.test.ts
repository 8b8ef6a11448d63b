/**
 * The `buurtboek` command's bundle (scripts/bundle-cli.ts), built in a temporary copy of the repository:
 * bin/buurtboek.js runs it while it is fresh, and runs the sources through tsx as soon as one source file is newer.
 */
import {execFile} from "node:child_process";
import {cp, mkdtemp, readFile, symlink, utimes, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {repoRoot} from "../support/paths.js";
import {remove} from "../support/workspace.js";

const run = promisify(execFile);
const MARK = "ran-from-bundle";

describe("the command's bundle", () => {
  let root: string;
  const bin = (...args: string[]) => run(process.execPath, [join(root, "bin/buurtboek.js"), ...args], {cwd: root});

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "buurtboek-bundle-"));
    for (const entry of ["bin", "loaders", "scripts", "src/lib", "src/components", "package.json", "package-lock.json", "tsconfig.json"]) {
      await cp(join(repoRoot, entry), join(root, entry), {recursive: true});
    }
    await symlink(join(repoRoot, "node_modules"), join(root, "node_modules"));
    await run(process.execPath, ["--import", "tsx", join(root, "scripts/bundle-cli.ts")], {cwd: root});
    // A marker only the bundle prints, to tell which code ran.
    const entry = join(root, ".buurtboek/bundle/cli.mjs");
    await writeFile(entry, `process.stderr.write(${JSON.stringify(MARK)});\n${await readFile(entry, "utf8")}`);
  });
  afterAll(() => remove(root));

  it("lists its inputs: every command's sources and the dependency lock", async () => {
    const {files} = JSON.parse(await readFile(join(root, ".buurtboek/bundle/inputs.json"), "utf8"));
    expect(files).toEqual(expect.arrayContaining(["loaders/cli.ts", "loaders/cbs/command.ts", "loaders/snapshot/pull.ts", "package-lock.json"]));
    expect(files.some((f: string) => f.startsWith("node_modules"))).toBe(false);
  });

  it("loads no package but commander before a command runs (each command's work is a lazy chunk)", async () => {
    // Follow the static imports from the entry, as Node does for `buurtboek --help`; dynamic import() is not followed.
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = async (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await readFile(join(root, ".buurtboek/bundle", file), "utf8");
      for (const [, spec] of text.matchAll(/^import\s(?:[^;]*?\sfrom\s)?"([^"]+)";/gm)) {
        if (spec.startsWith("./")) await visit(spec.slice(2));
        else if (!spec.startsWith("node:")) packages.add(spec);
      }
    };
    await visit("cli.mjs");
    expect(seen.size).toBeGreaterThan(1);
    // apache-arrow alone took 170 ms when `init` was imported at the top.
    expect([...packages]).toEqual(["commander"]);
  });

  it("runs the bundle while it is fresh", async () => {
    const {stdout, stderr} = await bin("--version");
    expect(stdout.trim()).toBe(JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")).version);
    expect(stderr).toContain(MARK);
  });

  it("runs the sources through tsx when a source file is newer than the bundle, or when asked", async () => {
    expect((await run(process.execPath, [join(root, "bin/buurtboek.js"), "--help"], {cwd: root, env: {...process.env, BUURTBOEK_FROM_SOURCE: "1"}})).stderr).not.toContain(MARK);
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, "loaders/cbs/command.ts"), later, later);
    const {stdout, stderr} = await bin("--help");
    expect(stdout).toContain("Usage: buurtboek");
    expect(stderr).not.toContain(MARK);
  });
});
