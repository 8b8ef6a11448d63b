/**
 * CI's summary (scripts/test-report.ts) on a real Vitest JSON report: tests that skipped because ../shared was
 * missing fail CI and are listed by name, unless CI_ALLOWED_SKIPS names them.
 */
import {execFile} from "node:child_process";
import {mkdtemp} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {beforeAll, describe, expect, it} from "vitest";
import {repoRoot} from "../support/paths.js";
import {remove} from "../support/workspace.js";

const run = promisify(execFile);

async function verdict(report: string, env: Record<string, string> = {}): Promise<{code: number; stdout: string}> {
  try {
    const {stdout} = await run(process.execPath, ["--import", "tsx", join(repoRoot, "scripts/test-report.ts"), report], {cwd: repoRoot, env: {...process.env, ...env}});
    return {code: 0, stdout};
  } catch (error) {
    const e = error as {code: number; stdout: string};
    return {code: e.code, stdout: e.stdout};
  }
}

describe("CI test summary", () => {
  let dir: string;
  const report = () => join(dir, "report.json");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "buurtboek-report-"));
    // A real run in which the ../shared tests skip.
    await run(process.execPath, [join(repoRoot, "node_modules/vitest/vitest.mjs"), "run", "tests/cbs/v4.test.ts", "--reporter=json", `--outputFile.json=${report()}`], {
      cwd: repoRoot,
      env: {...process.env, BUURTBOEK_SHARED: join(dir, "no-shared-here")}
    });
    return () => remove(dir);
  });

  it("fails and names every test that skipped", async () => {
    const {code, stdout} = await verdict(report());
    expect(code).toBe(1);
    const lines = stdout.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("skipped in CI"))).toEqual([
      expect.stringContaining("tests/cbs/v4.test.ts › v4 on the real 80072ned recording"),
      expect.stringContaining("tests/cbs/v4.test.ts › v4 on the real 80072ned recording")
    ]);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 2 failed, 2 skipped$/);
  });

  it("passes when CI_ALLOWED_SKIPS names the skipped tests", async () => {
    const {code, stdout} = await verdict(report(), {CI_ALLOWED_SKIPS: "v4 on the real 80072ned recording"});
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+ passed, 0 failed, 2 skipped$/);
  });
});
