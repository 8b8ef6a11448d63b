/** Where each version stands, read from the append-only log (versions themselves never change). */
import type {LogEntry, PersonRef, VersionSummary} from "./journal.js";
import type {VersionState} from "./labels.js";

export interface VersionView extends VersionSummary {
  state: VersionState;
  /** Everyone who edited a page of this version since the last publication. */
  writers: PersonRef[];
  approvedBy: PersonRef | null;
  approvedAt: string | null;
  returnedBy: PersonRef | null;
  returnComment: string | null;
  publishedAt: string | null;
  /** Why the last publication attempt failed (Dutch). */
  failure: string | null;
  /** When the last build of this version started. */
  buildStartedAt: string | null;
  /** True when `published/current` points at this version. */
  live: boolean;
}

const NEXT: Partial<Record<LogEntry["action"], VersionState>> = {
  offered: "offered",
  returned: "returned",
  approved: "approved",
  "build-started": "building",
  published: "published",
  "build-failed": "failed",
  "build-interrupted": "interrupted"
};

export function versionViews(versions: VersionSummary[], log: LogEntry[], current: number | null): VersionView[] {
  const views = new Map<number, VersionView>();
  for (const v of versions) {
    const writers = new Map<string, PersonRef>();
    for (const page of v.authors) for (const p of page.people) writers.set(p.id, p);
    views.set(v.number, {
      ...v,
      state: "offered",
      writers: [...writers.values()],
      approvedBy: null,
      approvedAt: null,
      returnedBy: null,
      returnComment: null,
      publishedAt: null,
      failure: null,
      buildStartedAt: null,
      live: v.number === current
    });
  }
  for (const e of log) {
    const view = e.version == null ? undefined : views.get(e.version);
    const state = NEXT[e.action];
    if (!view || !state) continue;
    view.state = state;
    if (e.action === "approved") (view.approvedBy = e.person), (view.approvedAt = e.at);
    if (e.action === "returned") (view.returnedBy = e.person), (view.returnComment = String(e.detail.comment ?? ""));
    if (e.action === "published") (view.publishedAt = e.at), (view.failure = null);
    if (e.action === "build-started") view.buildStartedAt = e.at;
    if (e.action === "build-failed" || e.action === "build-interrupted") view.failure = String(e.detail.reason ?? "");
  }
  return [...views.values()];
}
