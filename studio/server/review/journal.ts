/**
 * The Studio journal: what review and publication need to remember, in the Studio database (SQLite by default,
 * PostgreSQL with several instances). Everything in it is append-only, enforced by the database itself
 * (triggers refuse UPDATE, DELETE and TRUNCATE): the publication log, the frozen versions, who edited which page,
 * named checkpoints, and the archive of renamed and deleted pages (their text and comments).
 */

/** A person as the journal names them. */
export interface PersonRef {
  id: string;
  name: string;
}

/** What happened to a version or the published site. Dutch labels live in the client. */
export type LogAction =
  | "offered"
  | "approved"
  | "returned"
  | "build-started"
  | "published"
  | "build-failed"
  | "build-interrupted"
  | "rolled-back";

export interface LogEntry {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
  action: LogAction;
  version: number | null;
  person: PersonRef | null;
  /** A comment, a reason, the version rolled back from: small and readable. */
  detail: Record<string, unknown>;
}

/** One page of a frozen version. */
export interface VersionPage {
  path: string;
  text: string;
}

/** Who edited a page between the last publication and the moment a version was offered. */
export interface PageAuthors {
  path: string;
  people: PersonRef[];
}

/** A version: the text of every page, frozen when it was offered for review. Never changed afterwards. */
export interface VersionRecord {
  number: number;
  description: string;
  offeredBy: PersonRef;
  offeredAt: string;
  /** sha256 of the data lock at the moment of offering, or null for a workspace without one. */
  lockSha256: string | null;
  /** The last edit record this version covers; the next version's authors start after it. */
  editsUpto: number;
  /** The edit record the authors were counted from (the previous publication's `editsUpto`). */
  editsFrom: number;
  pages: VersionPage[];
  authors: PageAuthors[];
}

/** A version without its page texts, for lists. */
export type VersionSummary = Omit<VersionRecord, "pages"> & {pages: string[]};

/** One recorded edit: a person changed the text of a page (or created, renamed, deleted or restored it). */
export interface EditRecord {
  id: number;
  page: string;
  person: PersonRef;
  at: string;
}

/** A named checkpoint of one page ("Versie bewaren"). */
export interface Checkpoint {
  id: number;
  page: string;
  name: string;
  text: string;
  person: PersonRef;
  at: string;
}

/** A renamed or deleted page, kept with its text, its comment threads and its whole Yjs state. */
export interface ArchivedPage {
  id: number;
  page: string;
  action: "renamed" | "deleted";
  /** The new name of a renamed page. */
  renamedTo: string | null;
  text: string;
  /** The comment threads as the editor lists them (shared/comments.ts `listThreads`). */
  comments: unknown[];
  state: Uint8Array | null;
  person: PersonRef;
  at: string;
}

export interface Journal {
  /** Runs `work` while no other instance or request runs exclusive work (offers, decisions, publications). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;

  recordEdit(page: string, person: PersonRef): Promise<number>;
  /** The id of the newest edit record (0 when there is none). */
  lastEdit(): Promise<number>;
  /** Edit records with `after < id <= upto`. */
  editsBetween(after: number, upto: number): Promise<EditRecord[]>;

  /** Stores a new version under the next number and logs it as offered, in one transaction. */
  addVersion(version: Omit<VersionRecord, "number">): Promise<VersionRecord>;
  version(number: number): Promise<VersionRecord | null>;
  versions(): Promise<VersionSummary[]>;

  append(entry: Omit<LogEntry, "id" | "at"> & {at?: string}): Promise<LogEntry>;
  log(): Promise<LogEntry[]>;

  addCheckpoint(checkpoint: Omit<Checkpoint, "id" | "at">): Promise<Checkpoint>;
  checkpoints(page: string): Promise<Checkpoint[]>;
  checkpoint(id: number): Promise<Checkpoint | null>;

  archive(page: Omit<ArchivedPage, "id" | "at">): Promise<ArchivedPage>;
  archived(): Promise<ArchivedPage[]>;
  archivedPage(id: number): Promise<ArchivedPage | null>;

  close(): Promise<void>;
}

/** A one-at-a-time queue for exclusive work within one process. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => {});
    return result;
  }
}

export const now = () => new Date().toISOString();
