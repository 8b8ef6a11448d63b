/**
 * "Geschiedenis": a page's versions (offered, approved, published), its named checkpoints and its archived texts,
 * each comparable with the current text as a line diff and restorable ("Terugzetten", an edit by whoever does it).
 * "Versie bewaren" stores a named checkpoint of the current text.
 */
import {call, withQuery, type Me} from "./api.js";
import {h} from "./dom.js";
import type {DiffPart, HistoryEntry} from "../shared/history.js";

export type {DiffPart};


const time = new Intl.DateTimeFormat("nl-NL", {dateStyle: "short", timeStyle: "short"});

/** A line diff as a readable block: removed lines struck through, added lines marked, long unchanged runs folded. */
export function renderDiff(parts: DiffPart[]): HTMLElement {
  const out = h("div", {class: "diff", role: "region", "aria-label": "Verschillen"});
  if (!parts.some((p) => p.op !== "=")) return out.append(h("p", {}, "Geen verschillen met de huidige tekst.")), out;
  for (const part of parts) {
    const lines = part.text.replace(/\n$/, "").split("\n");
    if (part.op === "=") {
      const shown = lines.length > 6 ? [...lines.slice(0, 2), `… ${lines.length - 4} ongewijzigde regels …`, ...lines.slice(-2)] : lines;
      out.append(h("pre", {class: "same"}, shown.join("\n")));
    } else {
      const tag = part.op === "+" ? "ins" : "del";
      out.append(h("pre", {class: part.op === "+" ? "added" : "removed"}, h(tag, {}, lines.map((l) => `${part.op} ${l}`).join("\n"))));
    }
  }
  return out;
}

/** Fills `root` with the history of `page`; `refresh` is called after a restore. */
export async function showHistory(root: HTMLElement, page: string, me: Me): Promise<void> {
  const status = h("p", {class: "history-status", role: "status"});
  const detail = h("div", {class: "history-detail"});
  const name = h("input", {id: "checkpoint-name", "aria-label": "Naam van de bewaarde versie", placeholder: "bijv. vóór de nieuwe kaart", maxlength: "100"});
  const save = h(
    "form",
    {
      class: "checkpoint",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const answer = await call<{id: number}>("/studio/api/history/checkpoint", {page, name: name.value});
        status.textContent = answer.ok ? `Versie „${name.value.trim()}” bewaard.` : answer.error;
        if (answer.ok) {
          name.value = "";
          await load();
        }
      }
    },
    name,
    h("button", {type: "submit", id: "save-checkpoint"}, "Versie bewaren")
  );
  const list = h("ul", {class: "history"});
  const load = async () => {
    const answer = await call<{entries: HistoryEntry[]}>(withQuery("/studio/api/history", {page}));
    if (!answer.ok) return void (status.textContent = answer.error);
    list.replaceChildren(
      ...answer.data.entries.map((entry) =>
        h(
          "li",
          {"data-kind": entry.kind, "data-id": String(entry.id)},
          h("span", {class: "history-label"}, entry.label),
          h("span", {class: "history-meta"}, ` — ${entry.by}, ${time.format(new Date(entry.at))}`),
          h("button", {type: "button", class: "compare", onclick: () => compare(entry)}, "Vergelijken"),
          me.can.write ? h("button", {type: "button", class: "restore", onclick: () => restore(entry)}, "Terugzetten") : null
        )
      )
    );
    if (!answer.data.entries.length) list.replaceChildren(h("li", {}, "Nog geen bewaarde of aangeboden versies van deze pagina."));
  };
  const compare = async (entry: HistoryEntry) => {
    const answer = await call<{parts: DiffPart[]}>(withQuery("/studio/api/history/diff", {page, kind: entry.kind, id: entry.id}));
    if (!answer.ok) return void (status.textContent = answer.error);
    detail.replaceChildren(h("h3", {}, `${entry.label} → huidige tekst`), renderDiff(answer.data.parts));
  };
  const restore = async (entry: HistoryEntry) => {
    if (!confirm(`De tekst van „${entry.label}” terugzetten? Je wijziging telt als een bewerking door jou.`)) return;
    const answer = await call("/studio/api/history/restore", {page, kind: entry.kind, id: entry.id});
    status.textContent = answer.ok ? "Teruggezet." : answer.error;
    detail.replaceChildren();
  };
  root.replaceChildren(h("h2", {}, "Geschiedenis"), me.can.write ? save : h("span", {}), status, list, detail);
  await load();
}
