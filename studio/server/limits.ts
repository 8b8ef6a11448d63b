/** Per-socket message size and rate limits. */

export interface Limits {
  /** Largest WebSocket message accepted, in bytes; ws closes the socket with 1009 above it. */
  maxMessageBytes: number;
  /** Sustained messages per second per socket, with bursts up to `burstMessages`. */
  messagesPerSecond: number;
  burstMessages: number;
  /** Sustained bytes per second per socket, with bursts up to `burstBytes`. */
  bytesPerSecond: number;
  burstBytes: number;
  /** A socket that has not authenticated within this time is closed. */
  authTimeoutMs: number;
  /**
   * Updates with missing dependencies held back per socket and document, by count and by bytes; a socket that
   * needs more is closed (4429). An honest client holds a few, briefly, after reconnecting.
   */
  maxHeld: number;
  maxHeldBytes: number;
}

/**
 * Defaults sized for people typing: a fast typist sends a few dozen small updates a second, and the initial
 * sync of a long notebook is well under a megabyte.
 */
export const defaultLimits: Limits = {
  maxMessageBytes: 2 * 1024 * 1024,
  messagesPerSecond: 100,
  burstMessages: 400,
  bytesPerSecond: 512 * 1024,
  burstBytes: 4 * 1024 * 1024,
  authTimeoutMs: 10_000,
  maxHeld: 100,
  maxHeldBytes: 4 * 1024 * 1024
};

/** A token bucket: `take` returns false once the sustained rate plus burst is used up. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly rate: number, private readonly burst: number, now = Date.now()) {
    this.tokens = burst;
    this.last = now;
  }

  take(amount = 1, now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
