/**
 * Links a live document to its `.md` file: debounced write-through so git and Framework's preview see the
 * text, and a watcher that merges outside edits (git pull, another editor) into the document as a diff.
 */
import {readFileSync, watch, writeFileSync, type FSWatcher} from "node:fs";
import {basename, dirname} from "node:path";
import * as Y from "yjs";
import {TEXT} from "../shared/schema.js";
import {mergePatches} from "./merge.js";
import type {Store} from "./persistence.js";

/** Transaction origin of changes that come from the file, so they are not mistaken for a client's. */
export const FILE_ORIGIN = "studio:file";

export interface FileLinkOptions {
  /** Quiet time after the last change before the file is written. */
  writeDelayMs: number;
  /** Longest a change waits while people keep typing. */
  maxWriteDelayMs: number;
}

export class FileLink {
  private timer: NodeJS.Timeout | null = null;
  private firstPending = 0;
  private watcher: FSWatcher | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly path: string,
    private readonly doc: Y.Doc,
    private readonly store: Store,
    private readonly opts: FileLinkOptions
  ) {}

  private get text(): Y.Text {
    return this.doc.getText(TEXT);
  }

  /**
   * Brings document and file together after loading. A new document takes the file's text. A stored
   * document merges whatever changed in the file while the server was away, and rewrites a file whose
   * last write was interrupted.
   */
  reconcile(loadedFromStore: boolean): void {
    const file = this.read();
    if (file === null) return;
    const state = this.store.fileState(this.name);
    if (!loadedFromStore) {
      if (this.text.length === 0 && file.length > 0) this.doc.transact(() => this.text.insert(0, file), FILE_ORIGIN);
      this.store.setFileState(this.name, {base: file, writing: false});
    } else if (state?.writing) {
      this.write();
    } else if (file !== (state?.base ?? this.text.toString())) {
      this.merge(file, state?.base ?? this.text.toString());
    }
    if (this.text.toString() !== file) this.schedule();
  }

  /** Starts watching the file's folder (watching the folder survives editors that replace the file). */
  watch(): void {
    const file = basename(this.path);
    this.watcher = watch(dirname(this.path), (_event, changed) => {
      if (changed !== null && changed !== file) return;
      if (this.checkTimer) clearTimeout(this.checkTimer);
      // Editors and git write in several steps; look once they are done.
      this.checkTimer = setTimeout(() => this.check(), 50);
    });
    this.watcher.on("error", () => {});
  }

  /** Reads the file and merges it if it differs from what Studio last wrote. */
  check(): void {
    if (this.closed) return;
    const file = this.read();
    const base = this.store.fileState(this.name)?.base;
    if (file === null || base === undefined || file === base) return;
    this.merge(file, base);
  }

  /** Called on every document change: writes the file once typing pauses, or after `maxWriteDelayMs`. */
  schedule(): void {
    if (this.closed) return;
    const now = Date.now();
    if (!this.timer) this.firstPending = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.opts.writeDelayMs, this.firstPending + this.opts.maxWriteDelayMs - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Writes pending text now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.write();
  }

  /** Flushes and stops watching. */
  close(): void {
    if (this.closed) return;
    this.check();
    this.flush();
    this.closed = true;
    this.watcher?.close();
    if (this.checkTimer) clearTimeout(this.checkTimer);
  }

  private merge(file: string, base: string): void {
    const patches = mergePatches(base, file, this.text.toString());
    this.doc.transact(() => {
      for (const {index, deleteCount, insert} of patches) {
        if (deleteCount > 0) this.text.delete(index, deleteCount);
        if (insert) this.text.insert(index, insert);
      }
    }, FILE_ORIGIN);
    this.store.setFileState(this.name, {base: file, writing: false});
    if (this.text.toString() !== file) this.schedule();
  }

  private write(): void {
    // Merge an outside edit the watcher has not reported yet, instead of overwriting it.
    const file = this.read();
    const state = this.store.fileState(this.name);
    if (file !== null && state && !state.writing && file !== state.base) this.merge(file, state.base);
    const text = this.text.toString();
    if (file === text) {
      if (state?.base !== text || state.writing) this.store.setFileState(this.name, {base: text, writing: false});
      return;
    }
    // Record the intent first: if the process dies mid-write, the next start knows the file is torn
    // rather than mistaking it for an outside edit.
    this.store.setFileState(this.name, {base: text, writing: true});
    writeFileSync(this.path, text);
    this.store.setFileState(this.name, {base: text, writing: false});
  }

  private read(): string | null {
    try {
      return readFileSync(this.path, "utf8");
    } catch {
      return null;
    }
  }
}
