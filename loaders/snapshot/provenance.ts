/**
 * The provenance asset pages read (`src/data/bronnen.json`): per dataset, what the lock says about its source
 * plus the column metadata from its schema, so pages can show "Bron: …" and find columns by title.
 */
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {readLock} from "./lock.js";
import {loadManifest} from "./manifest.js";
import type {Workspace} from "./paths.js";
import type {DatasetProvenance, Provenance} from "../../src/lib/provenance.js";
import type {TableSchema} from "./table.js";

export type {DatasetProvenance, Provenance} from "../../src/lib/provenance.js";

/** Builds the provenance asset from the manifest, lock and schemas; fails if the lock is missing. */
export async function buildProvenance(ws: Workspace): Promise<Provenance> {
  const manifest = await loadManifest(ws.manifestPath);
  const lock = await readLock(ws.lockPath);
  if (!lock) throw new Error(`${ws.lockPath}: no data lock; run \`buurtboek data pull\` or \`buurtboek demo\``);
  const datasets: Record<string, DatasetProvenance> = {};
  for (const d of manifest.datasets) {
    const entry = lock.datasets[d.name];
    if (!entry) throw new Error(`${d.name}: not in ${ws.lockPath}; run \`buurtboek data pull ${d.name}\``);
    const file = entry.kind === "table" ? `${d.name}.csv` : `${d.name}.topojson`;
    const {requests: _requests, ...source} = entry.source;
    const p: DatasetProvenance = {name: d.name, title: entry.title, kind: entry.kind, source, fetched_at: entry.fetched_at, rows: entry.rows, file, sha256: entry.files[file]};
    if (entry.kind === "table") {
      const schema = JSON.parse(await readFile(join(ws.snapshotsDir, `${d.name}.schema.json`), "utf8")) as TableSchema;
      p.columns = schema.columns;
    }
    datasets[d.name] = p;
  }
  const tools = [...new Set(Object.values(lock.datasets).map((e) => e.tool))];
  return {
    workspace: {name: manifest.name, title: manifest.title, demo: Boolean(manifest.demo) || Object.values(datasets).some((d) => d.source.type === "demo"), municipality: manifest.municipality},
    tool: tools.join(", ") || null,
    datasets
  };
}
