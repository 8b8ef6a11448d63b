/**
 * Review and publication with four eyes. An editor offers the current state for review: that freezes a version
 * (every page's text, the data lock's hash, who edited what since the last publication). Someone else approves
 * it, which publishes it (publisher.ts), or sends it back with a comment. Every rule is checked here, on the
 * server, inside the journal's exclusive section, and every step is appended to the publication log.
 *
 * Rules:
 * - offering: editors only; one version waits for review at a time; not while a version is being published;
 *   something must have changed since the last publication (a page or the data);
 * - approving, publishing again after a failed build: editors and reviewers, never the person who offered the
 *   version or anyone who edited it since the last publication; the data must be the data the version was
 *   offered with;
 * - sending back: editors and reviewers, with a comment;
 * - rolling back: editors and reviewers, to a version that was published before, not while publishing.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {sha256} from "../auth.js";
import {canReview, canWrite, type Role} from "../../shared/schema.js";
import type {EditRecorder} from "./authors.js";
import {commitPublication} from "./git.js";
import type {Journal, LogEntry, PageAuthors, PersonRef, VersionPage, VersionRecord} from "./journal.js";
import {now} from "./journal.js";
import type {Publisher} from "./publisher.js";
import {versionViews, type VersionView} from "./states.js";

/** A refused request: the HTTP status and the reason, in Dutch. */
export class ReviewError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = "ReviewError";
  }
}

/** Someone acting: who, and in which role. */
export interface Actor extends PersonRef {
  role: Role;
}

/** The pages as they are now: `prepare` loads them (async), `texts` reads them all at once (synchronously). */
export interface PageSource {
  prepare(): Promise<void>;
  texts(): VersionPage[];
}

export interface ReviewOptions {
  root: string;
  dataDir: string;
  journal: Journal;
  recorder: EditRecorder;
  publisher: Publisher;
  pages: PageSource;
  /** Commit and tag publications when the workspace is a git repository (default true). */
  git?: boolean;
  log?: (line: string) => void;
}

export interface Overview {
  versions: VersionView[];
  log: LogEntry[];
  /** The live version, or null. */
  current: number | null;
}

const MAX_DESCRIPTION = 500;
const MAX_COMMENT = 2000;

export class Review {
  /** Versions being built by this instance. */
  private readonly active = new Set<number>();
  private readonly builds = new Set<Promise<void>>();
  private readonly log: (line: string) => void;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly opts: ReviewOptions) {
    this.log = opts.log ?? (() => {});
  }

  /** Cleans up after builds that died with their Studio, now and every few seconds. */
  start(intervalMs = 5000): void {
    void this.reconcile();
    this.sweeper = setInterval(() => void this.reconcile(), intervalMs);
    this.sweeper.unref();
  }

  async overview(): Promise<Overview> {
    const [versions, log] = await Promise.all([this.opts.journal.versions(), this.opts.journal.log()]);
    return {versions: versionViews(versions, log, this.opts.publisher.current()), log, current: this.opts.publisher.current()};
  }

  private async views(): Promise<VersionView[]> {
    return (await this.overview()).versions;
  }

  /** The data lock's hash now (null without a lock). */
  lockSha256(): string | null {
    try {
      return sha256(readFileSync(join(this.opts.dataDir, "data.lock.json"), "utf8"));
    } catch {
      return null;
    }
  }

  /** "Ter controle aanbieden": freezes the current state as a new version. */
  async offer(actor: Actor, description: unknown): Promise<VersionRecord> {
    if (!canWrite(actor.role)) throw new ReviewError(403, "Alleen redacteuren kunnen een versie ter controle aanbieden.");
    const text = typeof description === "string" ? description.trim() : "";
    if (!text) throw new ReviewError(400, "Geef een korte omschrijving van wat er in deze versie veranderd is.");
    if (text.length > MAX_DESCRIPTION) throw new ReviewError(400, `De omschrijving is te lang (${text.length} tekens, hoogstens ${MAX_DESCRIPTION}).`);
    await this.opts.pages.prepare();
    const {journal, recorder} = this.opts;
    return journal.exclusive(async () => {
      const views = await this.views();
      const waiting = views.find((v) => v.state === "offered");
      if (waiting) throw new ReviewError(409, `Versie ${waiting.number} wacht al op controle; keur die eerst goed of stuur haar terug.`);
      const building = views.find((v) => v.state === "building");
      if (building) throw new ReviewError(409, `Versie ${building.number} wordt nu gepubliceerd; wacht tot dat klaar is.`);
      await recorder.flushed();
      // Freeze the text and start a new authorship round in one tick: an edit after this moment is recorded for
      // the next version, an edit before it is in this one.
      const pages = this.opts.pages.texts();
      recorder.newRound();
      await recorder.flushed();
      const lock = this.lockSha256();
      const lastPublished = [...views].reverse().find((v) => v.publishedAt !== null) ?? null;
      const previous = lastPublished ? await journal.version(lastPublished.number) : null;
      if (previous && previous.lockSha256 === lock && samePages(previous.pages, pages)) {
        throw new ReviewError(409, `Er is niets veranderd sinds de publicatie van versie ${previous.number}.`);
      }
      const editsFrom = previous?.editsUpto ?? 0;
      const editsUpto = await journal.lastEdit();
      const authors = authorsOf(await journal.editsBetween(editsFrom, editsUpto));
      const version = await journal.addVersion({
        description: text,
        offeredBy: {id: actor.id, name: actor.name},
        offeredAt: now(),
        lockSha256: lock,
        editsFrom,
        editsUpto,
        pages,
        authors
      });
      recorder.sawVersion(version.number);
      this.log(`version ${version.number} offered by ${actor.id}`);
      return version;
    });
  }

  /** Why `actor` may not approve or publish `version`, or null. */
  private fourEyes(actor: Actor, version: VersionView): string | null {
    if (version.offeredBy.id === actor.id) return "Je kunt een versie die je zelf hebt aangeboden niet goedkeuren; iemand anders moet haar controleren.";
    const own = version.authors.filter((a) => a.people.some((p) => p.id === actor.id)).map((a) => a.path);
    if (own.length) return `Je kunt deze versie niet goedkeuren: je hebt er zelf aan geschreven (${own.join(", ")}). Iemand anders moet haar controleren.`;
    return null;
  }

  /** "Goedkeuren": approves a version that waits for review and publishes it. */
  async approve(actor: Actor, number: unknown, comment?: unknown): Promise<void> {
    if (!canReview(actor.role)) throw new ReviewError(403, "Alleen redacteuren en controleurs kunnen een versie goedkeuren.");
    const note = typeof comment === "string" ? comment.trim().slice(0, MAX_COMMENT) : "";
    const version = await this.opts.journal.exclusive(async () => {
      const view = await this.checkPublishable(actor, number, ["offered"]);
      await this.opts.journal.append({action: "approved", version: view.number, person: ref(actor), detail: note ? {comment: note} : {}});
      return this.startBuild(actor, view.number);
    });
    this.publishInBackground(actor, version);
  }

  /** "Opnieuw publiceren": publishes an approved version whose build failed or was interrupted. */
  async publishAgain(actor: Actor, number: unknown): Promise<void> {
    if (!canReview(actor.role)) throw new ReviewError(403, "Alleen redacteuren en controleurs kunnen publiceren.");
    const version = await this.opts.journal.exclusive(async () => {
      const view = await this.checkPublishable(actor, number, ["approved", "failed", "interrupted"]);
      return this.startBuild(actor, view.number);
    });
    this.publishInBackground(actor, version);
  }

  private async checkPublishable(actor: Actor, number: unknown, states: VersionView["state"][]): Promise<VersionView> {
    const views = await this.views();
    const view = views.find((v) => v.number === number);
    if (!view) throw new ReviewError(404, `Er is geen versie ${String(number)}.`);
    if (!states.includes(view.state)) throw new ReviewError(409, `Versie ${view.number} kan nu niet worden goedgekeurd of gepubliceerd (${view.state === "published" ? "al gepubliceerd" : view.state}).`);
    const refusal = this.fourEyes(actor, view);
    if (refusal) throw new ReviewError(403, refusal);
    if (view.lockSha256 !== this.lockSha256()) throw new ReviewError(409, "De gegevens (het data-lock) zijn veranderd sinds deze versie werd aangeboden; bied een nieuwe versie aan.");
    const building = views.find((v) => v.state === "building");
    if (building) throw new ReviewError(409, `Versie ${building.number} wordt nu gepubliceerd; wacht tot dat klaar is.`);
    return view;
  }

  private async startBuild(actor: Actor, number: number): Promise<VersionRecord> {
    const version = (await this.opts.journal.version(number))!;
    await this.opts.journal.append({action: "build-started", version: number, person: ref(actor), detail: {}});
    this.active.add(number);
    return version;
  }

  private publishInBackground(actor: Actor, version: VersionRecord): void {
    const job = this.build(actor, version).finally(() => {
      this.active.delete(version.number);
      this.builds.delete(job);
    });
    this.builds.add(job);
  }

  private async build(actor: Actor, version: VersionRecord): Promise<void> {
    const at = now();
    const {journal, publisher} = this.opts;
    let result;
    try {
      result = await publisher.publish(version, {at, version: version.number, reviewer: actor.name});
    } catch (error) {
      result = {ok: false as const, reason: `De publicatie is mislukt: ${(error as Error).message}`, detail: ""};
    }
    if (!result.ok) {
      this.log(`publication of version ${version.number} failed: ${result.reason}\n${result.detail}`);
      await journal.append({action: result.interrupted ? "build-interrupted" : "build-failed", version: version.number, person: ref(actor), detail: {reason: result.reason}});
      return;
    }
    let git: Record<string, string> = {};
    if (this.opts.git !== false) {
      try {
        const commit = await commitPublication(this.opts.root, version, ref(actor), at);
        if (commit) git = {commit: commit.commit, tag: commit.tag};
      } catch (error) {
        git = {git: `niet vastgelegd in git: ${(error as Error).message.split("\n")[0]}`};
        this.log(`publication ${version.number}: git commit failed: ${(error as Error).message}`);
      }
    }
    await journal.append({action: "published", version: version.number, person: ref(actor), detail: {folder: `published/${version.number}`, ...git}});
    this.log(`version ${version.number} published`);
  }

  /** "Terugsturen": sends a version back to its writers with a comment. */
  async sendBack(actor: Actor, number: unknown, comment: unknown): Promise<void> {
    if (!canReview(actor.role)) throw new ReviewError(403, "Alleen redacteuren en controleurs kunnen een versie terugsturen.");
    const text = typeof comment === "string" ? comment.trim() : "";
    if (!text) throw new ReviewError(400, "Schrijf erbij waarom je de versie terugstuurt.");
    if (text.length > MAX_COMMENT) throw new ReviewError(400, `De toelichting is te lang (hoogstens ${MAX_COMMENT} tekens).`);
    await this.opts.journal.exclusive(async () => {
      const view = (await this.views()).find((v) => v.number === number);
      if (!view) throw new ReviewError(404, `Er is geen versie ${String(number)}.`);
      if (view.state !== "offered") throw new ReviewError(409, `Versie ${view.number} wacht niet op controle.`);
      await this.opts.journal.append({action: "returned", version: view.number, person: ref(actor), detail: {comment: text}});
    });
  }

  /** "Terugzetten": makes an earlier published version the live one again. */
  async rollback(actor: Actor, number: unknown): Promise<void> {
    if (!canReview(actor.role)) throw new ReviewError(403, "Alleen redacteuren en controleurs kunnen een eerdere versie terugzetten.");
    await this.opts.journal.exclusive(async () => {
      const views = await this.views();
      const view = views.find((v) => v.number === number);
      if (!view || !this.opts.publisher.has(view.number)) throw new ReviewError(404, `Versie ${String(number)} is nooit gepubliceerd.`);
      const from = this.opts.publisher.current();
      if (from === view.number) throw new ReviewError(409, `Versie ${view.number} is al de gepubliceerde versie.`);
      const building = views.find((v) => v.state === "building");
      if (building) throw new ReviewError(409, `Versie ${building.number} wordt nu gepubliceerd; wacht tot dat klaar is.`);
      await this.opts.publisher.switchTo(view.number);
      await this.opts.journal.append({action: "rolled-back", version: view.number, person: ref(actor), detail: {from}});
    });
  }

  /**
   * Builds that died with their Studio: the staging folder is removed, and the version is logged as interrupted
   * (or as published, when the switch happened and only the log entry was lost).
   */
  async reconcile(): Promise<void> {
    const {journal, publisher} = this.opts;
    await journal
      .exclusive(async () => {
        await publisher.sweep();
        for (const view of await this.views()) {
          if (view.state !== "building" || this.active.has(view.number)) continue;
          if (await publisher.building(view.number)) continue;
          // Another instance may have logged the start a moment before it created its staging folder.
          if (view.buildStartedAt && Date.now() - Date.parse(view.buildStartedAt) < 10_000) continue;
          if (publisher.has(view.number)) {
            await journal.append({action: "published", version: view.number, person: null, detail: {recovered: true}});
          } else {
            await journal.append({action: "build-interrupted", version: view.number, person: null, detail: {reason: "De publicatie werd onderbroken (Studio stopte tijdens de bouw); er is niets gepubliceerd."}});
          }
        }
      })
      .catch((error) => this.log(`review: reconcile failed: ${(error as Error).message}`));
  }

  /** Resolves once builds started by this instance have finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.builds.size > 0) await Promise.allSettled([...this.builds]);
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}

const ref = (p: PersonRef): PersonRef => ({id: p.id, name: p.name});

function samePages(a: VersionPage[], b: VersionPage[]): boolean {
  if (a.length !== b.length) return false;
  const texts = new Map(a.map((p) => [p.path, p.text]));
  return b.every((p) => texts.get(p.path) === p.text);
}

/** Distinct people per page, pages in name order. */
function authorsOf(edits: {page: string; person: PersonRef}[]): PageAuthors[] {
  const pages = new Map<string, Map<string, PersonRef>>();
  for (const {page, person} of edits) {
    if (!pages.has(page)) pages.set(page, new Map());
    pages.get(page)!.set(person.id, person);
  }
  return [...pages.keys()].sort().map((path) => ({path, people: [...pages.get(path)!.values()]}));
}
