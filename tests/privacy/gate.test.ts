/** The build gate: only audited, untouched municipal snapshots reach the site, and no page reads a private file. */
import {execFile} from "node:child_process";
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {beforeEach, describe, expect, it} from "vitest";
import {checkMunicipalSnapshots, checkPages, privacyGate} from "../../loaders/privacy/gate.js";
import {sha256} from "../../loaders/snapshot/hash.js";
import type {Workspace} from "../../loaders/snapshot/paths.js";
import {pull} from "../../loaders/snapshot/pull.js";
import {remove, tempWorkspace} from "../support/workspace.js";
import {repoRoot} from "../support/paths.js";

async function pulledWorkspace(): Promise<Workspace> {
  const ws = await tempWorkspace();
  await mkdir(join(ws.dataDir, "private"));
  const rows = ["buurt;regeling;n", "BU09990101;A;120", "BU09990102;A;4", "BU09990103;A;75", "BU09990101;B;33", "BU09990102;B;18", "BU09990103;B;9"];
  await writeFile(join(ws.dataDir, "private/x.csv"), rows.join("\n"));
  await writeFile(ws.manifestPath, JSON.stringify({version: 1, name: "t", title: "T", datasets: [{name: "gebruik", kind: "municipal", title: "G", publisher: "P", shape: "aggregated", path: "private/x.csv", area: "buurt", by: ["regeling"], count: "n"}]}));
  await pull(ws);
  return ws;
}

const edit = async (file: string, f: (text: string) => string) => writeFile(file, f(await readFile(file, "utf8")));

describe("the privacy gate on municipal snapshots", () => {
  let ws: Workspace;
  beforeEach(async () => {
    await remove(ws?.dataDir);
    ws = await pulledWorkspace();
  });

  it("passes an audited snapshot", async () => {
    expect(await checkMunicipalSnapshots(ws)).toEqual([]);
  });

  it("fails a snapshot edited after disclosure control", async () => {
    // Someone "fixes" a suppressed cell by hand.
    await edit(join(ws.snapshotsDir, "gebruik.csv"), (t) => t.replace("BU09990102,buurt,A,", "BU09990102,buurt,A,5"));
    expect(await checkMunicipalSnapshots(ws)).toEqual(["gebruik: the audit does not match the snapshot's hash: gebruik.csv was changed after disclosure control (run `buurtboek data pull gebruik`)"]);
  });

  it("fails a snapshot without an audit", async () => {
    await edit(ws.lockPath, (t) => {
      const lock = JSON.parse(t);
      delete lock.datasets.gebruik.files["gebruik.audit.json"];
      return JSON.stringify(lock);
    });
    expect(await checkMunicipalSnapshots(ws)).toEqual([
      expect.stringMatching(/^snapshots\/gebruik\.audit\.json: not in the data lock/),
      expect.stringMatching(/^gebruik: a municipal snapshot without a disclosure-control audit/)
    ]);
  });

  it("fails an audit that does not match the lock", async () => {
    await edit(join(ws.snapshotsDir, "gebruik.audit.json"), (t) => t.replace(/"suppressed": \d+/, '"suppressed": 0'));
    expect((await checkMunicipalSnapshots(ws))[0]).toMatch(/^gebruik: the audit gebruik.audit.json does not match the hash in the data lock/);
  });

  it("fails a published audit that names a rule per cell, even when the lock agrees", async () => {
    // The audit format before issue 18: every suppressed cell with "primary" or "secondary-…".
    const file = join(ws.snapshotsDir, "gebruik.audit.json");
    await edit(file, (t) => JSON.stringify({...JSON.parse(t), counts: {primary: 2}, entries: [{region_code: "BU09990102", region_level: "buurt", by: ["A"], rule: "primary"}]}));
    const text = await readFile(file, "utf8");
    await edit(ws.lockPath, (t) => {
      const lock = JSON.parse(t);
      lock.datasets.gebruik.files["gebruik.audit.json"] = sha256(text);
      return JSON.stringify(lock);
    });
    expect(await checkMunicipalSnapshots(ws)).toEqual([
      "gebruik: gebruik.audit.json: this audit names a rule per cell (or counts per rule), which narrows suppressed counts; it may not be published. Pull the dataset again: the rules now go to private/audits/"
    ]);
  });

  it("keeps the rule per cell next to the private data, never in snapshots/", async () => {
    expect(await readdir(ws.snapshotsDir)).toEqual(["gebruik.audit.json", "gebruik.csv", "gebruik.schema.json"]);
    const privateAudit = JSON.parse(await readFile(join(ws.dataDir, "private/audits/gebruik.audit.json"), "utf8"));
    expect(privateAudit.entries.some((e: {rule: string}) => e.rule === "primary")).toBe(true);
    expect(await readFile(join(ws.snapshotsDir, "gebruik.audit.json"), "utf8")).not.toMatch(/primary|secondary|"rule"/);
  });

  it("fails a municipal snapshot when there is no lock", async () => {
    await rm(ws.lockPath);
    expect(await checkMunicipalSnapshots(ws)).toEqual(
      ["gebruik.audit.json", "gebruik.csv", "gebruik.schema.json"].map((f) => `snapshots/${f}: not in the data lock (there is no data.lock.json); only pulled snapshots may be published, and a municipal table only with its audit (run \`buurtboek data pull\`)`)
    );
  });

  it("fails a snapshot file the lock does not record (a table dropped into snapshots/ by hand)", async () => {
    await writeFile(join(ws.snapshotsDir, "regelingen.csv"), "region_code,region_level,regeling,aantal\nBU09990102,buurt,A,3\n");
    expect(await checkMunicipalSnapshots(ws)).toEqual([expect.stringMatching(/^snapshots\/regelingen\.csv: not in the data lock; only pulled snapshots may be published/)]);
  });

  it("fails unsafe counts even when snapshot, audit and lock were all rewritten to agree", async () => {
    const csvFile = join(ws.snapshotsDir, "gebruik.csv");
    const auditFile = join(ws.snapshotsDir, "gebruik.audit.json");
    const suppressed = JSON.parse(await readFile(auditFile, "utf8")).suppressed;
    await edit(csvFile, (t) => t.replace("BU09990102,buurt,A,", "BU09990102,buurt,A,4"));
    const csv = await readFile(csvFile, "utf8");
    await edit(auditFile, (t) => t.replace(/"snapshot_sha256": "[0-9a-f]+"/, `"snapshot_sha256": "${sha256(csv)}"`));
    const audit = await readFile(auditFile, "utf8");
    await edit(ws.lockPath, (t) => {
      const lock = JSON.parse(t);
      lock.datasets.gebruik.files["gebruik.audit.json"] = sha256(audit);
      lock.datasets.gebruik.files["gebruik.csv"] = sha256(csv);
      return JSON.stringify(lock);
    });
    const problems = await checkMunicipalSnapshots(ws);
    expect(problems).toEqual(["gebruik: line 5 publishes an unsafe count (not 0 and not a multiple of 5 of at least 10)", `gebruik: the snapshot has ${suppressed - 1} suppressed counts, the audit ${suppressed}`]);
  });

  it("fails the build itself with a clear message", async () => {
    await edit(join(ws.snapshotsDir, "gebruik.csv"), (t) => t.replace("BU09990102,buurt,A,", "BU09990102,buurt,A,5"));
    const result = await promisify(execFile)(join(repoRoot, "node_modules/.bin/tsx"), [join(repoRoot, "scripts/build.ts")], {cwd: repoRoot, env: {...process.env, BUURTBOEK_DATA_DIR: ws.dataDir}}).then(
      () => ({code: 0, stderr: ""}),
      (e: {code: number; stderr: string}) => e
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("privacy gate: the site may not be built");
    expect(result.stderr).toContain("gebruik.csv was changed after disclosure control");
  });
});

describe("the privacy gate on pages", () => {
  it("fails a page that reads a private file, naming file and line", async () => {
    const src = await mkdtemp(join(tmpdir(), "buurtboek-src-"));
    await writeFile(join(src, "ok.md"), "# Goed\n\n```js\nFileAttachment(\"data/snapshots/gebruik.csv\")\n```\n");
    await writeFile(join(src, "lek.md"), "# Lek\n\n```js\nconst x = FileAttachment(\"../data/private/extract.csv\").csv();\n```\n");
    expect(await checkPages(src)).toEqual(["src/lek.md:4: a page reads a private file; pages may only read published snapshots"]);
    await expect(privacyGate((await tempWorkspace()), src)).rejects.toThrow(/privacy gate: the site may not be built:\n {2}src\/lek\.md:4/);
    await remove(src);
  });

  it("passes the repository's own pages", async () => {
    expect(await checkPages(join(repoRoot, "src"))).toEqual([]);
  });
});
