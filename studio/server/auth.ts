/**
 * Users and their tokens. A token maps to one person and one role. Tokens are looked up by their SHA-256,
 * so the file may hold either the token or only its hash (`tokenSha256`), and the lookup does not compare
 * secrets character by character.
 */
import {createHash, randomBytes} from "node:crypto";
import {existsSync, readFileSync, statSync, watch} from "node:fs";
import {basename, dirname} from "node:path";
import {ROLES, type Role} from "../shared/schema.js";

export interface Person {
  id: string;
  name: string;
  role: Role;
  color: string;
}

export interface UserEntry {
  /** Stable id; defaults to the name. */
  id?: string;
  name: string;
  role: Role;
  color?: string;
  token?: string;
  tokenSha256?: string;
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e377c2", "#8c564b", "#ff7f0e", "#17becf"];

/**
 * Resolves tokens to people. The list can be replaced while the server runs (`replace`); listeners registered
 * with `onChange` then re-check every open session.
 */
export class Users {
  private byHash = new Map<string, Person>();
  private readonly listeners = new Set<() => void>();

  constructor(entries: UserEntry[]) {
    this.byHash = index(entries);
  }

  /** Swaps in another list (validated already, as a Users) and notifies listeners. */
  replace(next: Users): void {
    this.byHash = next.byHash;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every `replace`; returns a function that unsubscribes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The person with this id, or null (sessions that carry only an id re-check it here). */
  byId(id: string): Person | null {
    for (const person of this.byHash.values()) if (person.id === id) return person;
    return null;
  }

  /** The person a token belongs to, or null. */
  lookup(token: unknown): Person | null {
    if (typeof token !== "string" || token.length === 0 || token.length > 512) return null;
    return this.byHash.get(sha256(token)) ?? null;
  }

  get size(): number {
    return this.byHash.size;
  }
}

function index(entries: UserEntry[]): Map<string, Person> {
  const byHash = new Map<string, Person>();
  const ids = new Set<string>();
  entries.forEach((entry, i) => {
    if (!entry || typeof entry.name !== "string" || !entry.name.trim()) throw new Error(`user ${i}: name is required`);
    if (!ROLES.includes(entry.role)) throw new Error(`user ${entry.name}: role must be one of ${ROLES.join(", ")}`);
    const hash = entry.tokenSha256?.toLowerCase() ?? (entry.token ? sha256(entry.token) : null);
    if (!hash || !/^[0-9a-f]{64}$/.test(hash)) throw new Error(`user ${entry.name}: token or tokenSha256 is required`);
    if (entry.token !== undefined && entry.token.length < 16) throw new Error(`user ${entry.name}: token must be at least 16 characters`);
    if (byHash.has(hash)) throw new Error(`user ${entry.name}: token is used twice`);
    const id = entry.id ?? entry.name;
    if (ids.has(id)) throw new Error(`user ${entry.name}: id ${id} is used twice`);
    ids.add(id);
    byHash.set(hash, {id, name: entry.name.trim(), role: entry.role, color: entry.color ?? PALETTE[i % PALETTE.length]});
  });
  return byHash;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A random token suitable for users.json. */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Reads users from `STUDIO_USERS` (a JSON array) if set, else from the given file (a JSON array or
 * `{"users": [...]}`). Returns null when neither exists.
 */
export function loadUsers(file: string, env: NodeJS.ProcessEnv = process.env): Users | null {
  if (env.STUDIO_USERS) return new Users(parseUsers(env.STUDIO_USERS, "STUDIO_USERS"));
  if (!existsSync(file)) return null;
  return new Users(parseUsers(readFileSync(file, "utf8"), file));
}

function parseUsers(json: string, source: string): UserEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as {users?: unknown} | null)?.users;
  if (!Array.isArray(list)) throw new Error(`${source}: expected an array of users or {"users": [...]}`);
  return list;
}

export interface WatchOptions {
  /** Why a change was not applied (the previous list stays). */
  onError?(message: string): void;
  /** After a new list was swapped in. */
  onReload?(users: Users): void;
  /** Interval of the stat poll that backs up the folder watch. */
  pollMs?: number;
}

/**
 * Re-reads `file` whenever it changes (a folder watch, so editors that replace the file are seen, plus a
 * stat poll as a fallback where watching is unreliable, or while the folder does not exist) and swaps the list
 * into `users`. The file need not exist yet: the first users can be added while the server runs. A file that is
 * missing (editors move it aside while saving), empty or half-written (does not parse) keeps the previous list,
 * and the reason goes to `onError`; to remove everyone, write `{"users": []}`. Returns a function that stops.
 */
export function watchUsers(file: string, users: Users, {onError = () => {}, onReload = () => {}, pollMs = 250}: WatchOptions = {}): () => void {
  let last = stamp(file);
  let timer: NodeJS.Timeout | null = null;
  const keep = (why: string) => onError(`users not reloaded, keeping the previous list: ${why}`);
  const reload = () => {
    timer = null;
    last = stamp(file);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return keep(code === "ENOENT" ? `${file} is missing (moved aside while saving?); to remove everyone, write {"users": []}` : `${file}: ${(error as Error).message}`);
    }
    if (text.trim() === "") return keep(`${file} is empty (still being written?)`);
    let next: Users;
    try {
      next = new Users(parseUsers(text, file));
    } catch (error) {
      return keep((error as Error).message);
    }
    users.replace(next);
    onReload(users);
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    // Editors write in several steps; read once they are done.
    timer = setTimeout(reload, 30);
  };
  const name = basename(file);
  let watcher: ReturnType<typeof watch> | null = null;
  try {
    watcher = watch(dirname(file), (_event, changed) => {
      if (changed === null || changed === name) soon();
    });
    watcher.on("error", () => {});
  } catch {
    // The folder may not exist yet; the poll below still notices the file.
  }
  const poll = setInterval(() => {
    if (stamp(file) !== last) soon();
  }, pollMs);
  return () => {
    watcher?.close();
    clearInterval(poll);
    if (timer) clearTimeout(timer);
  };
}

function stamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return "missing";
  }
}
