/**
 * Municipal extracts: a CSV of aggregates keyed by CBS area code, typed by the manifest.
 * Person-level data never belongs here; the disclosure-control gate (loaders/privacy) is applied upstream.
 */
import {readFile} from "node:fs/promises";
import {resolve} from "node:path";
import {parse} from "csv-parse/sync";
import type {Cell} from "../../arrow.js";
import type {MunicipalDataset} from "../manifest.js";
import type {Snapshot} from "../snapshot.js";
import {sha256} from "../hash.js";

/** Reads the extract and checks its columns against the manifest. */
export async function pullMunicipal(dataset: MunicipalDataset, dataDir: string, now: () => string): Promise<Snapshot> {
  const text = await readFile(resolve(dataDir, dataset.path), "utf8");
  const records: Record<string, string>[] = parse(text, {columns: true, bom: true, trim: true});
  const declared = Object.keys(dataset.columns);
  const present = records.length ? Object.keys(records[0]) : declared;
  const undeclared = present.filter((c) => !declared.includes(c));
  if (undeclared.length) throw new Error(`${dataset.name}: ${dataset.path}: columns not declared in the manifest: ${undeclared.join(", ")}`);
  const rows = records.map((record, i) =>
    Object.fromEntries(
      declared.map((name): [string, Cell] => {
        const v = record[name];
        if (v == null || v === "" || v === ".") return [name, null];
        if (dataset.columns[name] === "string") return [name, v];
        const n = Number(v.replace(",", "."));
        if (!Number.isFinite(n)) throw new Error(`${dataset.name}: ${dataset.path}: line ${i + 2}, column ${name}: not a number: ${JSON.stringify(v)}`);
        return [name, n];
      })
    )
  );
  return {
    name: dataset.name,
    title: dataset.title,
    kind: "table",
    table: {key: dataset.key, columns: declared.map((name) => ({name, type: dataset.columns[name]})), rows},
    source: {type: "municipal", title: dataset.title, publisher: dataset.publisher, requests: [`file:${dataset.path}#sha256=${sha256(text)}`], modified: null},
    fetchedAt: now()
  };
}
