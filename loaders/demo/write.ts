/** Writes the demo workspace: the demo manifest, then a pull of every demo dataset (snapshots, lock last). */
import {readFile} from "node:fs/promises";
import {writeFileAtomic} from "../snapshot/atomic.js";
import {stableJson} from "../snapshot/json.js";
import type {Lock} from "../snapshot/lock.js";
import type {Workspace} from "../snapshot/paths.js";
import {pull} from "../snapshot/pull.js";
import {demoManifest} from "./index.js";

/** Generates the demo into `ws`; refuses to overwrite a non-demo manifest unless `force`. */
export async function writeDemo(ws: Workspace, seed: number, {force = false} = {}): Promise<Lock> {
  const existing = await readFile(ws.manifestPath, "utf8").then((t) => JSON.parse(t), () => null);
  if (existing && !existing.demo && !force) {
    throw new Error(`${ws.manifestPath} is not a demo manifest; pass --force to replace it`);
  }
  await writeFileAtomic(ws.manifestPath, stableJson(demoManifest(seed)));
  const {lock} = await pull(ws);
  return lock;
}
