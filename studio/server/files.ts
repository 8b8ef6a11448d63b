/**
 * Links a live document to its `.md` file: debounced write-through so git and Framework's preview see the
 * text, and a watcher that merges outside edits (git pull, another editor) into the document as a diff.
 * Only the instance holding the write-through lease runs links (see lease.ts).
 */
import {readFileSync, watch, writeFileSync, type FSWatcher} from "node:fs";
import {basename, dirname} from "node:path";
import * as Y from "yjs";
import {TEXT} from "../shared/schema.js";
import {mergePatches} from "./merge.js";
import type {DocumentStore, FileState} from "./store.js";

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
  /** Set when this instance lost the lease: not even queued writes may touch the file any more. */
  private revoked = false;
  /** The stored file state, kept here too: this instance is its only writer while it runs the link. */
  private state: FileState | null = null;
  /** File-state writes and file writes, in order (the "writing" flag must be stored before the file is touched). */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly path: string,
    private readonly doc: Y.Doc,
    private readonly store: DocumentStore,
    private readonly opts: FileLinkOptions,
    private readonly log: (line: string) => void = () => {}
  ) {}

  private get text(): Y.Text {
    return this.doc.getText(TEXT);
  }

  /**
   * Reads the stored file state, brings document and file together, and starts watching: merges whatever
   * changed in the file while no instance was linked to it, and rewrites a file whose last write was
   * interrupted.
   */
  async start(): Promise<void> {
    this.state = await this.store.fileState(this.name);
    if (this.closed) return;
    const file = this.read();
    if (file !== null) {
      if (this.state?.writing) this.enqueue(() => this.write());
      else if (file !== (this.state?.base ?? this.text.toString())) this.merge(file, this.state?.base ?? this.text.toString());
      if (this.text.toString() !== file) this.schedule();
    }
    this.watch();
  }

  /** Starts watching the file's folder (watching the folder survives editors that replace the file). */
  private watch(): void {
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
    const base = this.state?.base;
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

  /** Writes pending text now; resolves once written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.enqueue(() => this.write());
  }

  private closing: Promise<void> | null = null;

  /** Merges, flushes and stops watching; every caller waits for the same final write. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.closed) return Promise.resolve();
    this.check();
    this.closing = this.flush();
    this.halt();
    return this.closing;
  }

  /** Stops at once without writing (this instance lost the lease: another one writes now). */
  stop(): void {
    this.revoked = true;
    this.halt();
  }

  private halt(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    if (this.checkTimer) clearTimeout(this.checkTimer);
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(work).catch((error) => this.log(`write-through ${this.name}: ${(error as Error).message}`));
    return this.chain;
  }

  private merge(file: string, base: string): void {
    const patches = mergePatches(base, file, this.text.toString());
    this.doc.transact(() => {
      for (const {index, deleteCount, insert} of patches) {
        if (deleteCount > 0) this.text.delete(index, deleteCount);
        if (insert) this.text.insert(index, insert);
      }
    }, FILE_ORIGIN);
    this.saveState({base: file, writing: false});
    if (this.text.toString() !== file) this.schedule();
  }

  private saveState(state: FileState): Promise<void> {
    this.state = state;
    return this.enqueue(() => this.store.setFileState(this.name, state));
  }

  private async write(): Promise<void> {
    if (this.revoked) return;
    // Merge an outside edit the watcher has not reported yet, instead of overwriting it.
    const file = this.read();
    if (file !== null && this.state && !this.state.writing && file !== this.state.base) this.merge(file, this.state.base);
    const text = this.text.toString();
    if (file === text) {
      if (this.state?.base !== text || this.state.writing) {
        this.state = {base: text, writing: false};
        await this.store.setFileState(this.name, this.state);
      }
      return;
    }
    // Record the intent first: if the process dies mid-write, the next start knows the file is torn
    // rather than mistaking it for an outside edit.
    this.state = {base: text, writing: true};
    await this.store.setFileState(this.name, this.state);
    writeFileSync(this.path, text);
    this.state = {base: text, writing: false};
    await this.store.setFileState(this.name, this.state);
  }

  private read(): string | null {
    try {
      return readFileSync(this.path, "utf8");
    } catch {
      return null;
    }
  }
}
