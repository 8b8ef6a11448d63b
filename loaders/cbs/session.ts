/**
 * A session is one logical operation (a fetch, an info, a search): it routes every GET through the cache
 * and the network, applies `--offline`, and records each URL it used, in order, for provenance.
 */
import {DiskCache} from "./cache.js";
import {Http, HttpError, type HttpOptions} from "./http.js";

/** Options shared by every public call that talks to CBS. */
export interface SessionOptions {
  /** Cache folder; default `.buurtboek/cache` under the working directory. */
  cacheDir?: string;
  /** Answer only from the cache; a missing entry is an error that names the URL. */
  offline?: boolean;
  /**
   * Seconds during which a cached version probe (v3 TableInfos, v4 Properties, the catalogue) is trusted without
   * asking CBS. Default 0: every fetch asks CBS once whether the table changed, then reads unchanged content from disk.
   */
  maxAge?: number;
  /** Network tuning (timeouts, retries, concurrency). */
  http?: HttpOptions;
}

/** Thrown in offline mode when a response is not in the cache. */
export class OfflineMissError extends Error {
  constructor(readonly url: string) {
    super(`offline: no cached response for ${url}`);
    this.name = "OfflineMissError";
  }
}

/** Routes GETs through cache and network and keeps the request log. */
export class Session {
  readonly requests: string[] = [];
  /** URLs that went over the network (the rest were answered from disk). */
  readonly network: string[] = [];
  readonly cache: DiskCache;
  readonly http: Http;
  readonly offline: boolean;
  readonly maxAgeMs: number;

  constructor(options: SessionOptions = {}) {
    this.cache = new DiskCache(options.cacheDir);
    this.http = new Http(options.http);
    this.offline = options.offline ?? false;
    this.maxAgeMs = (options.maxAge ?? 0) * 1000;
  }

  /**
   * GETs JSON. With `version` the response belongs to that table version and stays valid forever; without it
   * the cached copy is trusted for `maxAge` seconds (the version probe itself).
   */
  async get<T = unknown>(url: string, version: string | null = null): Promise<T> {
    return JSON.parse(await this.getText(url, version)) as T;
  }

  /** Like `get`, without parsing. */
  async getText(url: string, version: string | null = null): Promise<string> {
    this.requests.push(url);
    const cached = await this.cache.get(url, version);
    if (this.offline) {
      if (!cached) throw new OfflineMissError(url);
      return cached.body;
    }
    if (cached && (version !== null || Date.now() - Date.parse(cached.storedAt) < this.maxAgeMs)) return cached.body;
    this.network.push(url);
    const body = await this.http.getJsonText(url);
    await this.cache.set(url, version, body);
    return body;
  }
}

/** True for a 404 (unknown table or entity set). */
export function isNotFound(error: unknown): boolean {
  return error instanceof HttpError && error.status === 404;
}
