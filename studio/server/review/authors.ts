/**
 * Who edited which page: the basis of the four-eyes rule (nobody approves a version with their own edits). Every
 * text change the server accepts from a person is noted here; a record goes to the journal the first time a
 * person edits a page after each version was offered, not for every keystroke. Offering a version
 * (`review.ts`) flushes the records and starts a new round, in the same tick as it freezes the text.
 *
 * With several instances, an instance learns of a version offered elsewhere within `pollMs`; it then records
 * again everyone who edited shortly before that version was offered, so no edit that reached the frozen text
 * goes unrecorded.
 */
import type {Journal, PersonRef} from "./journal.js";

export class EditRecorder {
  /** `page\0person` recorded since the current round started. */
  private recorded = new Set<string>();
  /** When each `page\0person` last edited (ms), for re-recording after a version offered elsewhere. */
  private readonly lastEdit = new Map<string, {page: string; person: PersonRef; at: number}>();
  private readonly writes = new Set<Promise<unknown>>();
  private knownVersions = 0;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly journal: Journal,
    private readonly log: (line: string) => void = () => {}
  ) {}

  /** A person changed the text of `page`. */
  note(page: string, person: PersonRef): void {
    const key = `${page}\0${person.id}`;
    this.lastEdit.set(key, {page, person, at: Date.now()});
    if (this.recorded.has(key)) return;
    this.recorded.add(key);
    this.write(page, person);
  }

  /** Records an action that counts as an edit (creating, renaming, deleting, restoring a page) at once. */
  async now(page: string, person: PersonRef): Promise<void> {
    this.recorded.add(`${page}\0${person.id}`);
    this.lastEdit.set(`${page}\0${person.id}`, {page, person, at: Date.now()});
    await this.write(page, person);
  }

  private write(page: string, person: PersonRef): Promise<unknown> {
    const job = this.journal.recordEdit(page, {id: person.id, name: person.name}).catch((error) => {
      // Not recorded: try again on the next edit rather than lose the authorship.
      this.recorded.delete(`${page}\0${person.id}`);
      this.log(`authorship of ${page} by ${person.id} not recorded: ${(error as Error).message}`);
    });
    this.writes.add(job);
    void job.finally(() => this.writes.delete(job));
    return job;
  }

  /** Resolves once every record noted so far is in the journal. */
  async flushed(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
  }

  /** Starts a new round: the next edit of every page by every person is recorded again. Synchronous on purpose. */
  newRound(): void {
    this.recorded = new Set();
  }

  /** Watches for versions offered by other instances (several instances only). */
  watch(pollMs = 1000, versionCount: () => Promise<{count: number; offeredAt: string | null}>): void {
    const check = async () => {
      const {count, offeredAt} = await versionCount().catch(() => ({count: this.knownVersions, offeredAt: null}));
      if (count <= this.knownVersions) return;
      this.knownVersions = count;
      this.newRound();
      // Edits made on this instance shortly before the other instance froze the text may be in that version
      // or after it: record them again so the next version counts them too.
      const since = (offeredAt ? Date.parse(offeredAt) : Date.now()) - 2 * pollMs - 1000;
      for (const {page, person, at} of this.lastEdit.values()) if (at >= since) this.note(page, person);
    };
    void check();
    this.poll = setInterval(() => void check(), pollMs);
    this.poll.unref();
  }

  /** The number of versions this instance knows of (set when it offers one itself). */
  sawVersion(count: number): void {
    this.knownVersions = Math.max(this.knownVersions, count);
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
  }
}
