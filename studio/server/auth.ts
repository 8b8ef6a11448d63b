/**
 * Users and their tokens. A token maps to one person and one role. Tokens are looked up by their SHA-256,
 * so the file may hold either the token or only its hash (`tokenSha256`), and the lookup does not compare
 * secrets character by character.
 */
import {createHash, randomBytes} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
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

/** Resolves tokens to people. */
export class Users {
  private readonly byHash = new Map<string, Person>();

  constructor(entries: UserEntry[]) {
    entries.forEach((entry, i) => {
      if (!entry || typeof entry.name !== "string" || !entry.name.trim()) throw new Error(`user ${i}: name is required`);
      if (!ROLES.includes(entry.role)) throw new Error(`user ${entry.name}: role must be one of ${ROLES.join(", ")}`);
      const hash = entry.tokenSha256?.toLowerCase() ?? (entry.token ? sha256(entry.token) : null);
      if (!hash || !/^[0-9a-f]{64}$/.test(hash)) throw new Error(`user ${entry.name}: token or tokenSha256 is required`);
      if (entry.token !== undefined && entry.token.length < 16) throw new Error(`user ${entry.name}: token must be at least 16 characters`);
      if (this.byHash.has(hash)) throw new Error(`user ${entry.name}: token is used twice`);
      this.byHash.set(hash, {
        id: entry.id ?? entry.name,
        name: entry.name.trim(),
        role: entry.role,
        color: entry.color ?? PALETTE[i % PALETTE.length]
      });
    });
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
  const parsed = JSON.parse(json);
  const list = Array.isArray(parsed) ? parsed : parsed?.users;
  if (!Array.isArray(list)) throw new Error(`${source}: expected an array of users or {"users": [...]}`);
  return list;
}
