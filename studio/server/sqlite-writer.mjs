// The SQLite store's writer thread (see persistence.ts). Plain JavaScript: worker threads do not run through
// tsx. It appends batches of updates in one transaction each (one fsync per batch, synchronous=FULL), off the
// main thread, so the server keeps serving while the disk syncs; it answers each batch with its sequence
// number once committed.
import Database from "better-sqlite3";
import {parentPort, workerData} from "node:worker_threads";

const db = new Database(workerData.file);
// First: the main thread may hold the write lock right now. (It set WAL mode already; that is kept in the file.)
db.pragma("busy_timeout = 5000");
db.pragma(`synchronous = ${workerData.synchronous}`);
const insert = db.prepare("INSERT INTO updates (doc, data) VALUES (?, ?)");
const appendAll = db.transaction((rows) => {
  for (const [doc, data] of rows) insert.run(doc, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
});

parentPort.on("message", (message) => {
  if (message.type === "close") {
    db.close();
    parentPort.postMessage({type: "closed"});
    return;
  }
  try {
    appendAll(message.rows);
    parentPort.postMessage({type: "committed", seq: message.seq});
  } catch (error) {
    parentPort.postMessage({type: "failed", seq: message.seq, error: String(error?.message ?? error)});
  }
});
