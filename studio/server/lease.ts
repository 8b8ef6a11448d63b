/**
 * The write-through lease: among several Studio instances, exactly one writes pages to `src/` and merges
 * outside edits. It holds a Redis key (`SET NX PX`) and renews it every third of its lifetime; when the
 * holder dies the key expires and another instance takes it at its next try, within `ttlMs` plus one try.
 * A holder that cannot renew in time gives the lease up itself, before the key can expire elsewhere.
 */
import type {RedisInstance} from "@hocuspocus/extension-redis";

/** Renews the key only while it still names this instance. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the key only while it still names this instance. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  redis: RedisInstance;
  key: string;
  /** This instance's name, stored as the key's value. */
  id: string;
  ttlMs: number;
  /** Called when this instance gains (true) or loses (false) the lease. */
  onChange(held: boolean): void;
  log?: (line: string) => void;
}

export class Lease {
  private timer: NodeJS.Timeout | null = null;
  private heldUntil = 0;
  private busy = false;
  held = false;

  constructor(private readonly opts: LeaseOptions) {}

  /** Tries at once, then every third of the lease's lifetime. */
  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(50, Math.floor(this.opts.ttlMs / 3)));
  }

  /** Stops trying and releases the key if held, so another instance can take over at once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.held) {
      this.set(false);
      await this.opts.redis.eval(RELEASE, 1, this.opts.key, this.opts.id).catch(() => {});
    }
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const {redis, key, id, ttlMs} = this.opts;
    const started = Date.now();
    try {
      const ok = this.held
        ? (await redis.eval(RENEW, 1, key, id, String(ttlMs))) === 1
        : (await redis.set(key, id, "PX", ttlMs, "NX")) === "OK";
      if (ok) this.heldUntil = started + ttlMs;
      if (ok !== this.held) this.set(ok);
    } catch (error) {
      this.opts.log?.(`lease: ${(error as Error).message}`);
      // Redis unreachable: stop writing well before the key could expire and another instance take over.
      if (this.held && Date.now() > this.heldUntil - ttlMs / 3) this.set(false);
    } finally {
      this.busy = false;
    }
  }

  private set(held: boolean): void {
    this.held = held;
    this.opts.log?.(held ? `lease: ${this.opts.id} writes through to src/` : `lease: ${this.opts.id} stopped writing through`);
    this.opts.onChange(held);
  }
}
