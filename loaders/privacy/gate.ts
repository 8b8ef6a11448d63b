/**
 * The build gate: a municipal dataset becomes a page asset only through disclosure control. Before the site is
 * built this checks that every file in snapshots/ is recorded in the lock (a table that skipped `data pull` may
 * have skipped disclosure control), and for every municipal snapshot in the lock that its published audit exists,
 * names no rule per cell, matches the lock's hash and the snapshot's hash, and that the published counts obey its
 * parameters; and that no page source names a private file. That last check is a text search and only an early,
 * clear message: the build itself cannot read private folders (isolate.ts).
 */
import {readdir, readFile} from "node:fs/promises";
import {join, relative} from "node:path";
import {parse} from "csv-parse/sync";
import {sha256} from "../snapshot/hash.js";
import {readLock, type Lock} from "../snapshot/lock.js";
import type {Workspace} from "../snapshot/paths.js";
import {parseAudit} from "./audit.js";

/** The build gate refused; `problems` are one line each. */
export class PrivacyGateError extends Error {
  constructor(readonly problems: string[]) {
    super(`privacy gate: the site may not be built:\n  ${problems.join("\n  ")}`);
    this.name = "PrivacyGateError";
  }
}

const readText = (file: string) => readFile(file, "utf8").catch(() => null);

/**
 * Snapshot files the lock does not record. Pages can read any file in snapshots/, and only the lock says a table
 * went through `data pull` (for a municipal table: through disclosure control), so an unrecorded file is refused,
 * also when there is no lock at all.
 */
async function unlockedSnapshots(ws: Workspace, lock: Lock | null): Promise<string[]> {
  const locked = new Set(Object.values(lock?.datasets ?? {}).flatMap((e) => Object.keys(e.files)));
  const files = await readdir(ws.snapshotsDir, {withFileTypes: true}).catch(() => []);
  return files
    .filter((f) => f.isFile() && !f.name.startsWith(".") && !locked.has(f.name))
    .map((f) => `snapshots/${f.name}: not in the data lock${lock ? "" : " (there is no data.lock.json)"}; only pulled snapshots may be published, and a municipal table only with its audit (run \`buurtboek data pull\`)`);
}

/** Problems with the municipal snapshots of a workspace (empty when all is well). */
export async function checkMunicipalSnapshots(ws: Workspace): Promise<string[]> {
  const lock = await readLock(ws.lockPath);
  const problems = await unlockedSnapshots(ws, lock);
  if (!lock) return problems;
  const pull = (name: string) => `run \`buurtboek data pull ${name}\``;
  for (const [name, entry] of Object.entries(lock.datasets)) {
    if (entry.source.type !== "municipal") continue;
    const auditFile = `${name}.audit.json`;
    const csvFile = `${name}.csv`;
    if (!(auditFile in entry.files)) {
      problems.push(`${name}: a municipal snapshot without a disclosure-control audit; only audited tables may be published (${pull(name)})`);
      continue;
    }
    const [auditText, csv] = await Promise.all([readText(join(ws.snapshotsDir, auditFile)), readText(join(ws.snapshotsDir, csvFile))]);
    if (auditText == null) {
      problems.push(`${name}: the audit ${auditFile} is missing from the snapshots folder (${pull(name)})`);
      continue;
    }
    if (csv == null) {
      problems.push(`${name}: the snapshot ${csvFile} is missing (${pull(name)})`);
      continue;
    }
    if (sha256(auditText) !== entry.files[auditFile]) problems.push(`${name}: the audit ${auditFile} does not match the hash in the data lock; it was changed after the pull (${pull(name)})`);
    let audit;
    try {
      audit = parseAudit(auditText, auditFile);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    if (audit.snapshot_sha256 !== sha256(csv)) {
      problems.push(`${name}: the audit does not match the snapshot's hash: ${csvFile} was changed after disclosure control (${pull(name)})`);
      continue;
    }
    problems.push(...checkCounts(name, csv, audit.count_column, audit.parameters, audit.suppressed));
  }
  return problems;
}

/** Re-checks the published counts themselves: empty, 0, or a multiple of the base at or above the threshold. */
function checkCounts(name: string, csv: string, column: string, {threshold, round}: {threshold: number; round: number}, suppressed: number): string[] {
  const [header, ...rows]: string[][] = parse(csv);
  const i = header.indexOf(column);
  if (i < 0) return [`${name}: the snapshot has no count column "${column}"`];
  const problems: string[] = [];
  let empty = 0;
  rows.forEach((row, r) => {
    const text = row[i];
    if (text === "") return void empty++;
    const n = Number(text);
    if (!(n === 0 || (Number.isInteger(n) && n >= threshold && n % round === 0))) problems.push(`${name}: line ${r + 2} publishes an unsafe count (not 0 and not a multiple of ${round} of at least ${threshold})`);
  });
  if (empty !== suppressed) problems.push(`${name}: the snapshot has ${empty} suppressed counts, the audit ${suppressed}`);
  return problems.slice(0, 10);
}

/** Page sources (Markdown, loaders, components) that refer to a private file. */
export async function checkPages(srcDir: string): Promise<string[]> {
  const problems: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, {withFileTypes: true})) {
      if (entry.name === ".observablehq" || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      const rel = relative(srcDir, path);
      if (entry.name === "private") problems.push(`src/${rel}: a folder named private inside the site; private inputs belong in data/private/`);
      else if (entry.isDirectory()) await walk(path);
      else if (/\.(md|[cm]?[jt]s|json|html)$/.test(entry.name)) {
        const lines = (await readFile(path, "utf8")).split("\n");
        lines.forEach((line, n) => {
          if (/(^|[^\w-])private\//.test(line)) problems.push(`src/${rel}:${n + 1}: a page reads a private file; pages may only read published snapshots`);
        });
      }
    }
  };
  await walk(srcDir);
  return problems;
}

/** Runs every check; throws {@link PrivacyGateError} listing the problems. */
export async function privacyGate(ws: Workspace, srcDir: string): Promise<void> {
  const problems = [...(await checkMunicipalSnapshots(ws)), ...(await checkPages(srcDir))];
  if (problems.length) throw new PrivacyGateError(problems);
}
