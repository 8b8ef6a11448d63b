/**
 * The network layer: one GET with a timeout, retries with exponential backoff and jitter (p-retry),
 * `Retry-After`, detection of truncated or invalid JSON, and a concurrency limit (p-limit).
 * It knows nothing about CBS; errors carry the URL so callers can name it.
 */
import pLimit, {type LimitFunction} from "p-limit";
import pRetry, {AbortError} from "p-retry";

/** Knobs for the network layer. Defaults suit the live CBS services; tests shrink the delays. */
export interface HttpOptions {
  /** Per-attempt timeout. CBS Feed pages of 10,000 rows can take tens of seconds, hence a generous default. */
  timeoutMs?: number;
  /** Retries after the first attempt (so `retries: 4` means up to 5 requests). */
  retries?: number;
  /** First backoff delay; it doubles per retry and is multiplied by a random factor in [1, 2) (jitter). */
  minDelayMs?: number;
  /** Upper bound of one backoff delay. */
  maxDelayMs?: number;
  /** Upper bound for a server's `Retry-After`, so a bad header cannot stall a build for hours. */
  maxRetryAfterMs?: number;
  /** Concurrent requests. CBS throttles aggressive clients with 429, so keep this small. */
  concurrency?: number;
  /** Called before each retry; used by the CLI for a note on stderr and by tests. */
  onRetry?: (event: RetryEvent) => void;
}

/** What `onRetry` receives. `retryAfterMs` is set when the server asked for a pause. */
export interface RetryEvent {
  url: string;
  attempt: number;
  error: Error;
  retryAfterMs?: number;
}

/** A non-2xx answer. `retryable` is true for 408, 429 and 5xx (except CBS's "over the row limit" 5xx). */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
    readonly retryAfterMs?: number
  ) {
    super(message);
    this.name = "HttpError";
  }
  get retryable(): boolean {
    return (this.status === 408 || this.status === 429 || this.status >= 500) && !isRowLimitError(this);
  }
}

/** A 2xx answer whose body was cut off or is not JSON; always retried, since the next attempt usually succeeds. */
export class BodyError extends Error {
  constructor(message: string, readonly url: string) {
    super(message);
    this.name = "BodyError";
  }
}

/** True when the error is ODataApi refusing a query for returning more than 10,000 records. */
export function isRowLimitError(error: unknown): boolean {
  return error instanceof HttpError && error.status >= 400 && /more than [\d.,]+ (records|rows|cells)|10[.,]?000 (records|rows|cells|cellen)/i.test(error.body);
}

const DEFAULTS: Required<Omit<HttpOptions, "onRetry">> = {
  timeoutMs: 120_000,
  retries: 5,
  minDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  concurrency: 4
};

/** A JSON-over-HTTP client with retries and a shared concurrency limit. */
export class Http {
  readonly options: Required<Omit<HttpOptions, "onRetry">> & Pick<HttpOptions, "onRetry">;
  private readonly limit: LimitFunction;

  constructor(options: HttpOptions = {}) {
    this.options = {...DEFAULTS, ...definedOnly(options)};
    this.limit = pLimit(this.options.concurrency);
  }

  /** GETs a URL and returns the body text, guaranteed to be complete, valid JSON. */
  getJsonText(url: string): Promise<string> {
    const o = this.options;
    return this.limit(() =>
      pRetry((attempt) => this.attempt(url, attempt), {
        retries: o.retries,
        minTimeout: o.minDelayMs,
        maxTimeout: o.maxDelayMs,
        factor: 2,
        randomize: true,
        shouldRetry: ({error}) => isRetryable(error),
        onFailedAttempt: async ({error, attemptNumber, retriesLeft}) => {
          if (retriesLeft <= 0 || !isRetryable(error)) return;
          const retryAfterMs = error instanceof HttpError && error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, o.maxRetryAfterMs) : undefined;
          o.onRetry?.({url, attempt: attemptNumber, error, retryAfterMs});
          // p-retry adds its own (smaller) backoff after this; waiting here makes Retry-After a lower bound.
          if (retryAfterMs) await sleep(retryAfterMs);
        }
      })
    );
  }

  private async attempt(url: string, _attempt: number): Promise<string> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {accept: "application/json", "user-agent": "buurtboek (+https://github.com/)"},
        signal: AbortSignal.timeout(this.options.timeoutMs)
      });
    } catch (error) {
      const e = error as Error;
      const reason = e.name === "TimeoutError" ? `timed out after ${this.options.timeoutMs} ms` : describeNetworkError(e);
      throw new NetworkError(`${reason}: ${url}`, url);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // undici rejects when the connection closes before Content-Length bytes arrived: a truncated body.
      throw new BodyError(`truncated response body (${describeNetworkError(error as Error)}): ${url}`, url);
    }
    if (!response.ok) {
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      throw new HttpError(`HTTP ${response.status} ${response.statusText || ""}`.trim() + `: ${url}`, url, response.status, text.slice(0, 2000), retryAfter);
    }
    const declared = response.headers.get("content-length");
    if (declared !== null && Buffer.byteLength(text) < Number(declared)) {
      throw new BodyError(`truncated response body (${Buffer.byteLength(text)} of ${declared} bytes): ${url}`, url);
    }
    if (!isCompleteJson(text)) throw new BodyError(`invalid or truncated JSON body (${text.length} chars): ${url}`, url);
    return text;
  }
}

/** A connection-level failure (refused, reset, DNS, timeout); always retryable. */
export class NetworkError extends Error {
  constructor(message: string, readonly url: string) {
    super(message);
    this.name = "NetworkError";
  }
}

function isRetryable(error: Error): boolean {
  if (error instanceof AbortError) return false;
  if (error instanceof HttpError) return error.retryable;
  return error instanceof NetworkError || error instanceof BodyError;
}

// A cheap structural check first (a JSON document must end in } or ]), then a full parse, because a body cut
// off at a value boundary can still be structurally wrong only deep inside.
function isCompleteJson(text: string): boolean {
  const t = text.trimEnd();
  if (!t.endsWith("}") && !t.endsWith("]")) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** Parses `Retry-After` as seconds or an HTTP date; returns milliseconds, or undefined when absent or invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeNetworkError(e: Error): string {
  const cause = (e as {cause?: {code?: string; message?: string}}).cause;
  return cause?.code ?? cause?.message ?? e.message;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
