/**
 * On-disk HTTP cache. Entries are keyed by URL plus, for table content, the table version (CBS `Modified`),
 * so an unchanged table is served from disk while a revised one is fetched again under a new key.
 */
import {createHash} from "node:crypto";
import {mkdir, readFile, rename, writeFile} from "node:fs/promises";
import {join, resolve} from "node:path";

/** The default cache folder, relative to the working directory (git-ignored as `.buurtboek/`). */
export const DEFAULT_CACHE_DIR = ".buurtboek/cache";

/** One cached response. `storedAt` is an ISO time, used to judge the age of unversioned entries. */
export interface CacheEntry {
  url: string;
  version: string | null;
  storedAt: string;
  body: string;
}

/** A folder of cached responses, one JSON file per (version, URL). */
export class DiskCache {
  readonly dir: string;
  constructor(dir: string = DEFAULT_CACHE_DIR) {
    this.dir = resolve(dir);
  }

  /** The cached entry, or null when there is none or it cannot be read (a corrupt entry is a miss, not a failure). */
  async get(url: string, version: string | null): Promise<CacheEntry | null> {
    try {
      const entry = JSON.parse(await readFile(this.path(url, version), "utf8")) as CacheEntry;
      return entry.url === url && entry.version === version ? entry : null;
    } catch {
      return null;
    }
  }

  /** Stores a response. Writes to a temporary file first so a concurrent reader never sees half an entry. */
  async set(url: string, version: string | null, body: string): Promise<void> {
    await mkdir(this.dir, {recursive: true});
    const file = this.path(url, version);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const entry: CacheEntry = {url, version, storedAt: new Date().toISOString(), body};
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, file);
  }

  private path(url: string, version: string | null): string {
    return join(this.dir, createHash("sha256").update(`${version ?? ""}\n${url}`).digest("hex") + ".json");
  }
}
