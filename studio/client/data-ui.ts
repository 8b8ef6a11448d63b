/**
 * The "Gegevens" panel: the workspace's datasets (name, kind, source and version, rows, columns or indicators and
 * editions), each with "Invoegen", which puts the cells that read the dataset and cite it at the cursor. Municipal
 * data is listed only as its published, disclosure-controlled table (the server never sends another path).
 */
import type {EditorView} from "@codemirror/view";
import {call, withQuery, type Me} from "./api.js";
import {h} from "./dom.js";
import type {DatasetInfo} from "../shared/datasets.js";


const number = new Intl.NumberFormat("nl-NL");
const date = new Intl.DateTimeFormat("nl-NL", {dateStyle: "medium"});
const day = (iso: string | null) => (iso ? date.format(new Date(iso)) : null);

/** Puts `text` at the cursor of `view`, on lines of its own, and selects nothing. */
export function insertAtCursor(view: EditorView, text: string): void {
  const {from} = view.state.selection.main;
  const line = view.state.doc.lineAt(from);
  const at = from === line.from ? from : line.to;
  const insert = `${at === line.from ? "" : "\n"}${text}`;
  view.dispatch({changes: {from: at, insert}, selection: {anchor: at + insert.length}, scrollIntoView: true});
  view.focus();
}

/** Fills `root` with the datasets for `page`; "Invoegen" edits `view` (editors only). */
export async function showData(root: HTMLElement, page: string, me: Me, view: () => EditorView | null): Promise<void> {
  root.replaceChildren(h("h2", {}, "Gegevens"), h("p", {}, "Laden…"));
  const answer = await call<{datasets: DatasetInfo[]}>(withQuery("/studio/api/datasets", {page}));
  if (!answer.ok) {
    root.replaceChildren(h("h2", {}, "Gegevens"), h("p", {role: "alert"}, answer.error));
    return;
  }
  const items = answer.data.datasets.map((d) => {
    const facts: Array<[string, string | null]> = [
      ["Soort", d.kind],
      ["Bron", d.source],
      ["Versie", d.version ? (/^\d{4}-\d\d-\d\d/.test(d.version) ? day(d.version) : d.version) : null],
      ["Opgehaald", day(d.fetchedAt)],
      ["Rijen", d.rows == null ? null : number.format(d.rows)],
      [d.indicators ? "Indicatoren" : "Kolommen", d.indicators ? `${d.indicators.length}: ${d.indicators.slice(0, 8).join(", ")}${d.indicators.length > 8 ? ", …" : ""}` : d.columns == null ? null : number.format(d.columns)],
      ["Edities", d.editions?.join(", ") ?? null],
      ["Privacycontrole", d.disclosure]
    ];
    return h(
      "article",
      {class: "dataset", "data-dataset": d.name},
      h("h3", {}, d.title, " ", h("code", {}, d.name)),
      h("dl", {}, ...facts.filter(([, v]) => v).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v!)])),
      me.can.write
        ? h(
            "button",
            {
              type: "button",
              class: "insert",
              "aria-label": `${d.name} invoegen`,
              onclick: () => {
                const v = view();
                if (v) insertAtCursor(v, d.snippet);
              }
            },
            "Invoegen"
          )
        : null
    );
  });
  root.replaceChildren(h("h2", {}, "Gegevens"), items.length ? h("div", {class: "datasets"}, ...items) : h("p", {}, "Deze werkruimte heeft nog geen gegevens."));
}
