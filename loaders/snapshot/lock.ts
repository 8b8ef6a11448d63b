/**
 * The data lock (`data/data.lock.json`): for every dataset, where it came from (source, request URLs, source
 * version), when it was fetched, its size and the sha256 of each snapshot file, and the tool version.
 */
import {readFile} from "node:fs/promises";
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {z} from "zod";
import {formatPath} from "./manifest.js";
import {stableJson} from "./json.js";
import {repoRoot} from "./paths.js";

const sourceSchema = z.looseObject({
  /** cbs | geometry | municipal | demo */
  type: z.enum(["cbs", "geometry", "municipal", "demo"]),
  /** CBS table id, or the CBS table a demo dataset imitates. */
  table: z.string().optional(),
  title: z.string().optional(),
  api: z.string().optional(),
  /** Source version: CBS `Modified` (v3) or `ObservationsModified`/`Modified` (v4); demo: generator version. */
  modified: z.string().nullable().optional(),
  requests: z.array(z.string()).default([]),
  publisher: z.string().optional(),
  license: z.string().optional(),
  year: z.number().optional()
});

export const lockEntrySchema = z.strictObject({
  kind: z.enum(["table", "geometry"]),
  title: z.string(),
  source: sourceSchema,
  fetched_at: z.string(),
  rows: z.int().nonnegative(),
  columns: z.int().nonnegative(),
  /** File name in snapshots/ → sha256. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  /** `buurtboek <version>` that wrote the entry. */
  tool: z.string(),
  /** sha256 of the manifest entry the snapshot was pulled with; verify flags a manifest edited since. */
  definition: z.string().regex(/^[0-9a-f]{64}$/).optional()
});

export const lockSchema = z.strictObject({
  lockfileVersion: z.literal(1),
  workspace: z.strictObject({name: z.string(), title: z.string(), demo: z.boolean()}),
  datasets: z.record(z.string(), lockEntrySchema)
});

export type Lock = z.infer<typeof lockSchema>;
export type LockEntry = z.infer<typeof lockEntrySchema>;
export type LockSource = z.infer<typeof sourceSchema>;

/** The tool version stamped on lock entries. */
export const TOOL = `buurtboek ${JSON.parse(readFileSync(resolve(repoRoot, "package.json"), "utf8")).version}`;

/** Validates parsed JSON as a lock; errors name the file and the bad field. */
export function parseLock(value: unknown, file: string): Lock {
  const result = lockSchema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(`${file}: invalid lock: ${result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join("; ")}`);
}

/** Reads the lock, or returns null when the file does not exist. */
export async function readLock(file: string): Promise<Lock | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  return parseLock(json, file);
}

/** Lock text: stable key order, so an unchanged pull leaves the file byte-identical. */
export function lockJson(lock: Lock): string {
  return stableJson(lock);
}
