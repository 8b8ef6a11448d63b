import {execFileSync} from "node:child_process";
import {tableFromIPC} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {repoRoot} from "../support/paths.js";

describe("src/data/wijken-mini.arrow.ts", () => {
  it("emits the demo wijken as Arrow IPC on stdout", () => {
    const stdout = execFileSync("npx", ["tsx", "src/data/wijken-mini.arrow.ts"], {cwd: repoRoot, maxBuffer: 1 << 24});
    const table = tableFromIPC(new Uint8Array(stdout));
    expect(table.numRows).toBe(8);
    expect(table.getChild("region_code")?.get(0)).toBe("WK999901");
    let inwoners = 0;
    for (const v of table.getChild("inwoners")!) inwoners += v as number;
    expect(inwoners).toBe(83260);
  });
});
