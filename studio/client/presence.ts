/** The "who is here" list, from the Yjs awareness states. */
import type {Awareness} from "y-protocols/awareness";
import {ROLE_LABEL, type PresenceUser} from "../shared/schema.js";
import {h} from "./dom.js";

/** Keeps `list` showing one entry per person present; returns a function that stops it. */
export function showPresence(list: HTMLElement, awareness: Awareness): () => void {
  const render = () => {
    const people = new Map<string, PresenceUser>();
    for (const state of awareness.getStates().values()) {
      const user = (state as {user?: PresenceUser}).user;
      if (user?.id) people.set(user.id, user);
    }
    list.replaceChildren(
      ...[...people.values()]
        .sort((a, b) => a.name.localeCompare(b.name, "nl"))
        .map((user) => h("li", {style: `background:${user.color}`, title: ROLE_LABEL[user.role] ?? ""}, user.name))
    );
  };
  awareness.on("change", render);
  render();
  return () => awareness.off("change", render);
}
