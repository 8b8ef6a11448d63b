/**
 * The provenance asset pages read (`src/data/bronnen.json`): per dataset, what the lock says about its source
 * plus the column metadata from its schema, so pages can show "Bron: …" and find columns by title.
 */
import {readLock, type Lock} from "./lock.js";
import type {Workspace} from "./paths.js";
import {directReader, type SnapshotReader} from "./reader.js";
import type {DatasetProvenance, Provenance} from "../../src/lib/provenance.js";
import type {TableSchema} from "./table.js";

export type {DatasetProvenance, Provenance} from "../../src/lib/provenance.js";

/** What to build: every dataset (default) or the named ones (a gemeente's pages), with reads shared by the caller. */
export interface ProvenanceOptions {
  names?: string[];
  read?: SnapshotReader;
  lock?: Lock | null;
}

/** Builds the provenance asset from the manifest, lock and schemas; fails if the lock is missing. */
export async function buildProvenance(ws: Workspace, {names, read = directReader, lock: given}: ProvenanceOptions = {}): Promise<Provenance> {
  const manifest = await read.manifest(ws);
  const lock = given === undefined ? await readLock(ws.lockPath) : given;
  if (!lock) throw new Error(`${ws.lockPath}: no data lock; run \`buurtboek data pull\` or \`buurtboek demo\``);
  const datasets: Record<string, DatasetProvenance> = {};
  for (const d of manifest.datasets) {
    if (names && !names.includes(d.name)) continue;
    const entry = lock.datasets[d.name];
    if (!entry) throw new Error(`${d.name}: not in ${ws.lockPath}; run \`buurtboek data pull ${d.name}\``);
    const file = entry.kind === "table" ? `${d.name}.csv` : `${d.name}.topojson`;
    const {requests: _requests, ...source} = entry.source;
    const p: DatasetProvenance = {name: d.name, title: entry.title, kind: entry.kind, source, fetched_at: entry.fetched_at, rows: entry.rows, file, sha256: entry.files[file]};
    if (entry.kind === "table") {
      const schema = await read.json<TableSchema>(ws, `${d.name}.schema.json`);
      p.columns = schema.columns;
    }
    datasets[d.name] = p;
  }
  const tools = [...new Set(Object.entries(lock.datasets).filter(([name]) => !names || names.includes(name)).map(([, e]) => e.tool))];
  return {
    workspace: {name: manifest.name, title: manifest.title, demo: Boolean(manifest.demo) || Object.values(datasets).some((d) => d.source.type === "demo"), municipality: manifest.municipality},
    tool: tools.join(", ") || null,
    datasets
  };
}
