/** Names and roles shared by the Studio server and the browser editor. */

/** The Y.Text that holds a page's Markdown source. */
export const TEXT = "text";

/** The Y.Map of comment threads, keyed by thread id. Commenters may change nothing else. */
export const COMMENTS = "comments";

/** What a person may do with a page. */
export type Role = "editor" | "commenter" | "viewer";

export const ROLES: readonly Role[] = ["editor", "commenter", "viewer"];

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
  return role === "editor" || role === "commenter";
}
