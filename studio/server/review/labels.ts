/** Dutch words for the publication log and version states, shared by the server's pages and the editor. */
import type {LogAction} from "./journal.js";

export const ACTION_LABEL: Record<LogAction, string> = {
  offered: "ter controle aangeboden",
  approved: "goedgekeurd",
  returned: "teruggestuurd",
  "build-started": "publicatie gestart",
  published: "gepubliceerd",
  "build-failed": "publicatie mislukt",
  "build-interrupted": "publicatie onderbroken",
  "rolled-back": "teruggezet"
};

/** Where a version stands. */
export type VersionState = "offered" | "returned" | "approved" | "building" | "published" | "failed" | "interrupted";

export const STATE_LABEL: Record<VersionState, string> = {
  offered: "wacht op controle",
  returned: "teruggestuurd",
  approved: "goedgekeurd",
  building: "wordt gepubliceerd",
  published: "gepubliceerd",
  failed: "publicatie mislukt",
  interrupted: "publicatie onderbroken"
};
