/**
 * A page's history: every version that holds it (offered, sent back, approved, published), every named
 * checkpoint ("Versie bewaren"), and the archive of the page's earlier names (a renamed page keeps its past) or of
 * its deletion. Any entry can be compared with the current text as a line diff, and restored: restoring is an
 * ordinary edit by the person who does it (review.ts counts them as a writer).
 */
import {diffLines} from "diff";
import type {Journal} from "./review/journal.js";
import {STATE_LABEL} from "./review/labels.js";
import {versionViews} from "./review/states.js";
import type {DiffPart, HistoryEntry} from "../shared/history.js";

export type {DiffPart, HistoryEntry};

/** The page's earlier names, newest first: `b.md` renamed from `a.md` gives ["a.md"]. */
async function formerNames(journal: Journal, page: string): Promise<string[]> {
  const archived = await journal.archived();
  const names: string[] = [];
  let current = page;
  for (;;) {
    const earlier = [...archived].reverse().find((a) => a.action === "renamed" && a.renamedTo === current && !names.includes(a.page));
    if (!earlier) return names;
    names.push(earlier.page);
    current = earlier.page;
  }
}

/** Every history entry of `page` (and of its earlier names), newest first. */
export async function historyOf(journal: Journal, page: string, current: number | null): Promise<HistoryEntry[]> {
  const names = [page, ...(await formerNames(journal, page))];
  const [versions, log, archived] = await Promise.all([journal.versions(), journal.log(), journal.archived()]);
  const entries: HistoryEntry[] = [];
  for (const v of versionViews(versions, log, current)) {
    const name = names.find((n) => v.pages.includes(n));
    if (!name) continue;
    entries.push({kind: "versie", id: v.number, page: name, label: `Versie ${v.number} (${STATE_LABEL[v.state]}${v.live ? ", live" : ""}): ${v.description}`, at: v.offeredAt, by: v.offeredBy.name});
  }
  for (const name of names) {
    for (const c of await journal.checkpoints(name)) entries.push({kind: "checkpoint", id: c.id, page: name, label: `Bewaard: ${c.name}`, at: c.at, by: c.person.name});
  }
  for (const a of archived) {
    if (!names.includes(a.page)) continue;
    const kept = a.comments.length ? ` (${a.comments.length} ${a.comments.length === 1 ? "opmerking" : "opmerkingen"} bewaard)` : "";
    const label = (a.action === "renamed" ? `Tekst vóór het hernoemen naar ${a.renamedTo}` : "Tekst bij het verwijderen") + kept;
    entries.push({kind: "archief", id: a.id, page: a.page, label, at: a.at, by: a.person.name});
  }
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}

/** The text of a history entry of `page` (or of one of its earlier names), or null. */
export async function historyText(journal: Journal, page: string, kind: unknown, id: unknown): Promise<string | null> {
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return null;
  const names = [page, ...(await formerNames(journal, page))];
  if (kind === "versie") {
    const version = await journal.version(n);
    return version?.pages.find((p) => names.includes(p.path))?.text ?? null;
  }
  if (kind === "checkpoint") {
    const c = await journal.checkpoint(n);
    return c && names.includes(c.page) ? c.text : null;
  }
  if (kind === "archief") {
    const a = await journal.archivedPage(n);
    return a && names.includes(a.page) ? a.text : null;
  }
  return null;
}

/** A readable line diff from `before` to `after`. */
export function lineDiff(before: string, after: string): DiffPart[] {
  return diffLines(before, after).map((c) => ({op: c.added ? "+" : c.removed ? "-" : "=", text: c.value}));
}
