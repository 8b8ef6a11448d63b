/**
 * How Studio instances share documents: Hocuspocus's Redis extension, tuned for latency, and the parsing of
 * `STUDIO_REDIS_URL`.
 */
import {Redis} from "@hocuspocus/extension-redis";
import {OutgoingMessage} from "@hocuspocus/server";
import * as Y from "yjs";
import {COALESCE_MS} from "./sockets.js";

/**
 * Hocuspocus's Redis extension, tuned for latency. Upstream, every change publishes a state vector and the
 * other instances answer in a sync-step exchange (four messages and three document diffs per keystroke);
 * here the change itself is published, and the state-vector exchange runs when a document loads and every
 * few seconds, to heal anything pub/sub dropped. The changes to one page within COALESCE_MS go out as one
 * merged update, as the sockets batch their frames: each publish is a system call.
 * Updates applied from Redis are not published again. The store lock is left out: compaction is serialised
 * by the store (PostgreSQL's per-document advisory lock), and the extension logs every lock another instance
 * holds as an error.
 */
export class SharedDocuments extends Redis {
  private heal: NodeJS.Timeout | null = null;
  /** Per page: the changes made since its last publish, while a burst window is open. */
  private readonly bursts = new Map<string, Uint8Array[]>();

  async onConfigure(payload: Parameters<Redis["onConfigure"]>[0]): Promise<void> {
    await super.onConfigure(payload);
    this.heal = setInterval(() => {
      for (const [name, document] of this.instance.documents) void this["publishFirstSyncStep"](name, document);
    }, 5000);
    this.heal.unref();
  }

  async onChange(data: Parameters<Redis["onChange"]>[0]): Promise<void> {
    if (data.transactionOrigin === undefined || data.transactionOrigin === this.redisTransactionOrigin) return;
    const burst = this.bursts.get(data.documentName);
    if (burst) {
      burst.push(data.update);
      return;
    }
    this.bursts.set(data.documentName, [data.update]);
    setTimeout(() => void this.endBurst(data.documentName), COALESCE_MS);
  }

  private endBurst(documentName: string): Promise<void> {
    const burst = this.bursts.get(documentName) ?? [];
    this.bursts.delete(documentName);
    if (burst.length === 0) return Promise.resolve();
    return this.publishUpdate(documentName, burst.length === 1 ? burst[0] : Y.mergeUpdates(burst));
  }

  private async publishUpdate(documentName: string, update: Uint8Array): Promise<void> {
    const message = new OutgoingMessage(documentName).createSyncMessage().writeUpdate(update);
    await this.pub.publish(this["pubKey"](documentName), this["encodeMessage"](message.toUint8Array()));
  }

  async onStoreDocument(): Promise<void> {}

  async onDestroy(): Promise<void> {
    if (this.heal) clearInterval(this.heal);
    // Changes still in a burst window go out before the connection closes.
    await Promise.all([...this.bursts.keys()].map((name) => this.endBurst(name).catch(() => {})));
    await super.onDestroy();
  }
}

/** Host, port and options of a redis:// URL for the Redis extension. */
export function redisConfig(url: string): {host: string; port: number; options: {password?: string; username?: string; db?: number}} {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`STUDIO_REDIS_URL is not a URL: ${url}`);
  }
  if (parsed.protocol !== "redis:") throw new Error(`STUDIO_REDIS_URL must start with redis:// (got ${parsed.protocol})`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    host: parsed.hostname || "127.0.0.1",
    port: Number(parsed.port || 6379),
    options: {
      ...(parsed.password ? {password: decodeURIComponent(parsed.password)} : {}),
      ...(parsed.username ? {username: decodeURIComponent(parsed.username)} : {}),
      ...(db !== undefined && Number.isInteger(db) ? {db} : {})
    }
  };
}
