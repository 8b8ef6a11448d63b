/**
 * Creating, renaming, deleting, checkpointing and restoring pages. Each is an edit by the person who does it (the
 * four-eyes rule counts them). A renamed or deleted page's text, comment threads and whole Yjs state go to the
 * journal's archive first, so nothing is lost and the history shows them; a renamed page keeps its comments, and a
 * deleted page can come back with them.
 */
import {existsSync} from "node:fs";
import {mkdir, rm, writeFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import * as Y from "yjs";
import {listThreads} from "../shared/comments.js";
import {canWrite, TEXT, type Role} from "../shared/schema.js";
import {historyText} from "./history.js";
import {mergePatches} from "./merge.js";
import {checkName, checkTitle, nameFromTitle, PageError, renderTemplate, templateById} from "./notebooks.js";
import {pagePath} from "./pages.js";
import type {EditRecorder} from "./review/authors.js";
import {Mutex, type Journal, type PersonRef} from "./review/journal.js";

/** The transaction origin of a restore, so it is not mistaken for a client's or the file's change. */
export const RESTORE_ORIGIN = "studio:restore";

export interface Actor extends PersonRef {
  role: Role;
}

/** What page operations need from the server: its live documents and its store. */
export interface LiveDocuments {
  /** Runs `work` on the page's live document (loading it when needed) and returns its result. */
  withDocument<T>(page: string, work: (doc: Y.Doc) => T): Promise<T>;
  /** Takes a page out of service: no more write-through, sockets closed, document unloaded, stored rows removed. */
  retire(page: string): Promise<void>;
  /** Stores `state` as the first state of a new page (its file holds `text`). */
  seed(page: string, state: Uint8Array, text: string): Promise<void>;
}

export interface PageOpsOptions {
  srcDir: string;
  dataDir: string;
  journal: Journal;
  recorder: EditRecorder;
  live: LiveDocuments;
}

const folderOf = (page: string) => (page.includes("/") ? page.slice(0, page.lastIndexOf("/")) : "");

export class PageOps {
  private readonly mutex = new Mutex();

  constructor(private readonly opts: PageOpsOptions) {}

  private mayWrite(actor: Actor, what: string): void {
    if (!canWrite(actor.role)) throw new PageError(403, `Alleen redacteuren kunnen ${what}.`);
  }

  private existing(page: unknown): string {
    if (typeof page !== "string" || !pagePath(this.opts.srcDir, page)) throw new PageError(404, `Er is geen pagina ${typeof page === "string" ? page.slice(0, 120) : ""}.`.replace(" .", "."));
    return page;
  }

  /** "Nieuwe notebook": a page from a template, under a name made from the title unless one is given. */
  create(actor: Actor, title: unknown, templateId: unknown, name?: unknown): Promise<string> {
    this.mayWrite(actor, "een notebook maken");
    return this.mutex.run(async () => {
      const t = checkTitle(title);
      const template = templateById(this.opts.dataDir, templateId);
      const wanted = name === undefined || name === "" ? nameFromTitle(t) : name;
      if (wanted === "") throw new PageError(400, "Uit deze titel valt geen bestandsnaam te maken; geef er zelf een op.");
      const page = checkName(this.opts.srcDir, template.folder, wanted);
      const file = join(this.opts.srcDir, page);
      await mkdir(dirname(file), {recursive: true});
      await writeFile(file, renderTemplate(template, t), {flag: "wx"}).catch((error: NodeJS.ErrnoException) => {
        throw error.code === "EEXIST" ? new PageError(409, `Er is al een pagina ${page}; kies een andere naam.`) : error;
      });
      await this.opts.recorder.now(page, actor);
      return page;
    });
  }

  /** The page's text, comments and Yjs state, for the archive. */
  private snapshot(page: string) {
    return this.opts.live.withDocument(page, (doc) => ({text: doc.getText(TEXT).toString(), comments: listThreads(doc), state: Y.encodeStateAsUpdate(doc)}));
  }

  /** "Hernoemen": moves a page to another file name in its folder, with its text, comments and history. */
  rename(actor: Actor, page: unknown, name: unknown): Promise<string> {
    this.mayWrite(actor, "pagina's hernoemen");
    return this.mutex.run(async () => {
      const from = this.existing(page);
      const to = checkName(this.opts.srcDir, folderOf(from), name);
      const {text, comments, state} = await this.snapshot(from);
      await this.opts.journal.archive({page: from, action: "renamed", renamedTo: to, text, comments, state, person: actor});
      await writeFile(join(this.opts.srcDir, to), text, {flag: "wx"});
      await this.opts.live.seed(to, state, text);
      await rm(join(this.opts.srcDir, from), {force: true});
      await this.opts.live.retire(from);
      await rm(join(this.opts.srcDir, from), {force: true}); // a write-through that was under way when it stopped
      await this.opts.recorder.now(from, actor);
      await this.opts.recorder.now(to, actor);
      return to;
    });
  }

  /** "Verwijderen": archives the page (text, comments, state) and removes it. `confirm` must repeat the page name. */
  delete(actor: Actor, page: unknown, confirm: unknown): Promise<void> {
    this.mayWrite(actor, "pagina's verwijderen");
    return this.mutex.run(async () => {
      const name = this.existing(page);
      if (confirm !== name) throw new PageError(400, `Bevestig het verwijderen met de naam van de pagina (${name}).`);
      if (name === "index.md") throw new PageError(409, "De startpagina kan niet worden verwijderd.");
      const {text, comments, state} = await this.snapshot(name);
      await this.opts.journal.archive({page: name, action: "deleted", renamedTo: null, text, comments, state, person: actor});
      await rm(join(this.opts.srcDir, name), {force: true});
      await this.opts.live.retire(name);
      await rm(join(this.opts.srcDir, name), {force: true});
      await this.opts.recorder.now(name, actor);
    });
  }

  /** Deleted pages that can come back: the latest deletion of each page that does not exist now. */
  async deleted(): Promise<Array<{id: number; page: string; at: string; by: string; comments: number}>> {
    const latest = new Map<string, Awaited<ReturnType<Journal["archived"]>>[number]>();
    for (const a of await this.opts.journal.archived()) if (a.action === "deleted") latest.set(a.page, a);
    return [...latest.values()]
      .filter((a) => !existsSync(join(this.opts.srcDir, a.page)))
      .map((a) => ({id: a.id, page: a.page, at: a.at, by: a.person.name, comments: a.comments.length}))
      .sort((a, b) => b.id - a.id); // newest deletion first (a Map keeps each page where it was first seen)
  }

  /** "Terugzetten" of a deleted page: its text and whole state (comments included) come back under its name. */
  undelete(actor: Actor, id: unknown): Promise<string> {
    this.mayWrite(actor, "een verwijderde pagina terugzetten");
    return this.mutex.run(async () => {
      const entry = Number.isInteger(id) ? await this.opts.journal.archivedPage(id as number) : null;
      if (!entry || entry.action !== "deleted") throw new PageError(404, "Die verwijderde pagina bestaat niet.");
      const file = join(this.opts.srcDir, entry.page);
      await mkdir(dirname(file), {recursive: true});
      await writeFile(file, entry.text, {flag: "wx"}).catch((error: NodeJS.ErrnoException) => {
        throw error.code === "EEXIST" ? new PageError(409, `Er is weer een pagina ${entry.page}; hernoem die eerst.`) : error;
      });
      if (entry.state) await this.opts.live.seed(entry.page, entry.state, entry.text);
      await this.opts.recorder.now(entry.page, actor);
      return entry.page;
    });
  }

  /** "Versie bewaren": a named checkpoint of the page's current text. */
  async checkpoint(actor: Actor, page: unknown, name: unknown): Promise<number> {
    this.mayWrite(actor, "een versie bewaren");
    const p = this.existing(page);
    const label = typeof name === "string" ? name.trim() : "";
    if (!label) throw new PageError(400, "Geef de bewaarde versie een naam.");
    if (label.length > 100) throw new PageError(400, "De naam is te lang (hoogstens 100 tekens).");
    const text = await this.opts.live.withDocument(p, (doc) => doc.getText(TEXT).toString());
    return (await this.opts.journal.addCheckpoint({page: p, name: label, text, person: actor})).id;
  }

  /** "Terugzetten": makes the page's text that of a history entry, as an edit by `actor` (comments stay). */
  async restore(actor: Actor, page: unknown, kind: unknown, id: unknown): Promise<void> {
    this.mayWrite(actor, "een eerdere tekst terugzetten");
    const p = this.existing(page);
    const target = await historyText(this.opts.journal, p, kind, id);
    if (target === null) throw new PageError(404, "Die versie van deze pagina bestaat niet.");
    await this.opts.live.withDocument(p, (doc) => {
      const text = doc.getText(TEXT);
      const current = text.toString();
      doc.transact(() => {
        for (const {index, deleteCount, insert} of mergePatches(current, target, current)) {
          if (deleteCount > 0) text.delete(index, deleteCount);
          if (insert) text.insert(index, insert);
        }
      }, RESTORE_ORIGIN);
    });
    await this.opts.recorder.now(p, actor);
  }
}

