/** Names and roles shared by the Studio server and the browser editor. */

/** The Y.Text that holds a page's Markdown source. */
export const TEXT = "text";

/** The Y.Map of comment threads, keyed by thread id. Commenters may change nothing else. */
export const COMMENTS = "comments";

/**
 * What a person may do. A reviewer checks and publishes what editors wrote: comments, approves and publishes,
 * but never changes the text (so the person who approves a version cannot have written it).
 */
export type Role = "editor" | "reviewer" | "commenter" | "viewer";

export const ROLES: readonly Role[] = ["editor", "reviewer", "commenter", "viewer"];

/** The identity a client puts in its awareness state under `user`; the server checks `id`. */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
  colorLight: string;
  role: Role;
}

/** True when a role may change the page text. */
export function canEditText(role: Role): boolean {
  return role === "editor";
}

/** True when a role may write comments. */
export function canComment(role: Role): boolean {
  return role !== "viewer";
}

/** True when a role may create, rename and delete pages, save checkpoints and offer a version for review. */
export function canWrite(role: Role): boolean {
  return role === "editor";
}

/** True when a role may approve, send back, publish and roll back (never a version with the person's own edits). */
export function canReview(role: Role): boolean {
  return role === "editor" || role === "reviewer";
}

/** Dutch names of the roles, for the editor. */
export const ROLE_LABEL: Record<Role, string> = {editor: "redacteur", reviewer: "controleur", commenter: "commentator", viewer: "lezer"};
