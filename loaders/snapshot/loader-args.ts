/** Helpers for Framework data loaders in src/data: parameters and the workspace they read. */
import {access, readFile} from "node:fs/promises";
import {join} from "node:path";
import {workspace} from "./paths.js";

/** The value of a Framework route parameter (`--name=kwb-2019`), validated as a dataset name. */
export function routeParam(name: string, argv = process.argv): string {
  const arg = argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg?.slice(name.length + 3);
  if (!value || !/^[a-z0-9][a-z0-9-]*$/.test(value)) throw new Error(`missing or invalid --${name}=… parameter`);
  return value;
}

/** Reads a snapshot file of the current workspace (BUURTBOEK_DATA_DIR or ./data) as bytes, unchanged. */
export async function snapshotBytes(file: string): Promise<Buffer> {
  return readFile(join(workspace().snapshotsDir, file));
}

/** Writes a loader's output to stdout and waits until it is flushed. */
export function emit(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(data, (error) => (error ? reject(error) : resolve())));
}

/**
 * True (with a note on stderr) when the workspace has no snapshot file `file`. The worked-example pages name
 * datasets of the demo workspace; in a workspace made with `buurtboek init` their loaders then emit an empty
 * stand-in, so the study pages still build. Those example pages say the dataset is unknown when opened.
 */
export async function missingSnapshot(file: string): Promise<boolean> {
  try {
    await access(join(workspace().snapshotsDir, file));
    return false;
  } catch {
    process.stderr.write(`note: ${file} is not in this workspace (${workspace().dataDir}); emitting an empty stand-in\n`);
    return true;
  }
}
