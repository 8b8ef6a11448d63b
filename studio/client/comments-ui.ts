/** The comments panel: start a thread on the selection, reply, resolve and re-open. */
import type {EditorView} from "@codemirror/view";
import * as Y from "yjs";
import {createThread, listThreads, reply, setResolved, type Author} from "../shared/comments.js";
import {COMMENTS} from "../shared/schema.js";
import {h} from "./dom.js";

const time = new Intl.DateTimeFormat("nl-NL", {dateStyle: "short", timeStyle: "short"});

/** Renders the panel into `root` and keeps it current; returns a function that stops it. */
export function showComments(root: HTMLElement, doc: Y.Doc, view: EditorView, author: Author, canComment: boolean): () => void {
  const comments = doc.getMap(COMMENTS);
  const draft = h("textarea", {id: "new-comment", "aria-label": "Nieuwe opmerking", placeholder: "Selecteer tekst en schrijf een opmerking"});
  const form = h(
    "form",
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        const {from, to} = view.state.selection.main;
        if (!draft.value.trim()) return;
        createThread(doc, {from, to}, author, draft.value);
        draft.value = "";
      }
    },
    draft,
    h("button", {type: "submit", id: "add-comment"}, "Opmerking plaatsen")
  );
  const list = h("div", {class: "threads"});

  const render = () => {
    // Keep half-written answers when someone else's change redraws the list.
    const drafts = new Map<string, string>();
    list.querySelectorAll<HTMLElement>("[data-thread]").forEach((el) => drafts.set(el.dataset.thread!, el.querySelector("textarea")?.value ?? ""));
    list.replaceChildren(
      ...listThreads(doc).map((thread) => {
        const answer = h("textarea", {"aria-label": "Antwoord"});
        answer.value = drafts.get(thread.id) ?? "";
        return h(
          "article",
          {class: `thread${thread.resolved ? " resolved" : ""}`, "data-thread": thread.id},
          h(
            "blockquote",
            {
              title: thread.attached ? "Toon in de tekst" : "De tekst waar dit over ging is verwijderd",
              onclick: () => {
                if (!thread.attached) return;
                view.dispatch({selection: {anchor: thread.from, head: thread.to}, scrollIntoView: true});
                view.focus();
              }
            },
            thread.quote || "(lege selectie)"
          ),
          ...thread.replies.map((r) =>
            h("p", {class: "reply"}, h("span", {class: "author"}, r.author.name), ` (${time.format(r.at)}): `, h("span", {class: "text"}, r.text))
          ),
          thread.resolvedBy && h("p", {class: "resolved-by"}, `Opgelost door ${thread.resolvedBy.name}`),
          canComment &&
            h(
              "form",
              {
                onsubmit: (e: Event) => {
                  e.preventDefault();
                  const text = answer.value;
                  answer.value = "";
                  if (text.trim()) reply(doc, thread.id, author, text);
                }
              },
              answer,
              h("button", {type: "submit"}, "Beantwoorden"),
              h(
                "button",
                {type: "button", class: "resolve", onclick: () => setResolved(doc, thread.id, !thread.resolved, author)},
                thread.resolved ? "Heropenen" : "Oplossen"
              )
            )
        );
      })
    );
  };
  comments.observeDeep(render);
  root.replaceChildren(h("h2", {}, "Opmerkingen"), canComment ? form : h("p", {}, "Je kunt opmerkingen lezen."), list);
  render();
  return () => comments.unobserveDeep(render);
}
