/** The answers of `/studio/api/history` and its diffs, shared by server and editor. */

export interface HistoryEntry {
  /** "versie", "checkpoint" or "archief". */
  kind: "versie" | "checkpoint" | "archief";
  id: number;
  /** The page's name in that entry (it may have been renamed since). */
  page: string;
  label: string;
  at: string;
  by: string;
}

/** One piece of a line diff: unchanged, only in the old text, or only in the current text. */
export interface DiffPart {
  op: "=" | "-" | "+";
  text: string;
}
