/** Writes the demo workspace: the demo manifest, then a pull of every demo dataset (snapshots, lock last). */
import {mkdir, readFile} from "node:fs/promises";
import {writeFileAtomic} from "../snapshot/atomic.js";
import {stableJson} from "../snapshot/json.js";
import type {Lock} from "../snapshot/lock.js";
import type {Workspace} from "../snapshot/paths.js";
import {pull} from "../snapshot/pull.js";
import {join} from "node:path";
import {DEMO_GENERATED_AT, demoManifest, nationalDemoManifest} from "./index.js";
import {DEMO_EXTRACT, DEMO_POSTCODES, demoMicrodata, demoPostcodeTable} from "./regelingen.js";

/**
 * Generates the demo into `ws`; refuses to overwrite a non-demo manifest unless `force`. The synthetic microdata
 * extract and its postcode table go to the git-ignored `private/` folder, like a real extract. With `gemeenten`,
 * a synthetic national workspace of that many gemeenten instead (no municipal extract), pulled in one pass.
 */
export async function writeDemo(ws: Workspace, seed: number, {force = false, gemeenten, log}: {force?: boolean; gemeenten?: number; log?: (line: string) => void} = {}): Promise<Lock> {
  const existing = await readFile(ws.manifestPath, "utf8").then((t) => JSON.parse(t), () => null);
  if (existing && !existing.demo && !force) {
    throw new Error(`${ws.manifestPath} is not a demo manifest; pass --force to replace it`);
  }
  await mkdir(ws.dataDir, {recursive: true});
  await writeFileAtomic(ws.manifestPath, stableJson(gemeenten ? nationalDemoManifest(seed, gemeenten) : demoManifest(seed)));
  if (!gemeenten) await writeDemoExtract(ws, seed);
  const {lock} = await pull(ws, {now: () => DEMO_GENERATED_AT, log});
  return lock;
}

/** Writes the synthetic microdata extract and postcode table into `<data>/private/`. */
export async function writeDemoExtract(ws: Workspace, seed: number): Promise<void> {
  await writeFileAtomic(join(ws.dataDir, DEMO_EXTRACT), demoMicrodata(seed));
  await writeFileAtomic(join(ws.dataDir, DEMO_POSTCODES), demoPostcodeTable());
}
