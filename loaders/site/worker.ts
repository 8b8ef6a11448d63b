/**
 * A child process of the build's pre-step (prepare.ts): reads `{dataDir, store, items}` as JSON on stdin and makes
 * each item's assets into `<store>/<key>/`, reading the workspace once.
 */
import {join} from "node:path";
import {workspace} from "../snapshot/paths.js";
import {readLock} from "../snapshot/lock.js";
import {memoReader} from "../snapshot/reader.js";
import {computeGemeente, type Item} from "./prepare.js";

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const {dataDir, store, items} = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {dataDir: string; store: string; items: Item[]};
const ws = workspace(dataDir);
const read = memoReader();
const lock = await readLock(ws.lockPath);
for (const item of items) {
  await computeGemeente(ws, item.code, join(store, item.key), read, lock);
  // One gemeente's tables at a time in memory; the manifest stays.
  read.forget((key) => !key.startsWith("manifest:"));
}
