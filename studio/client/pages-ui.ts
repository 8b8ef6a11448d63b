/**
 * The page list (titles with their paths, grouped "Per gemeente", "Landelijk" and the rest, as the site is) and the page
 * actions of editors: "Nieuwe notebook" from a template, "Hernoemen" and "Verwijderen" (after confirmation). The
 * server checks every name and role again and answers in Dutch; its answer is shown as it is.
 */
import {call, type DeletedPage, type Me, type PageEntry, type TemplateInfo} from "./api.js";
import {h} from "./dom.js";

/** Renders the grouped list into `list`; links go to `#page=<path>`. */
export function renderPageList(list: HTMLElement, pages: PageEntry[], current: string | null): void {
  const groups = new Map<string, PageEntry[]>();
  for (const page of pages) groups.set(page.group, [...(groups.get(page.group) ?? []), page]);
  list.replaceChildren(
    ...[...groups].map(([group, entries]) =>
      h(
        "section",
        {class: "page-group"},
        h("h3", {}, group),
        h(
          "ul",
          {},
          ...entries.map((p) => {
            const a = h("a", {href: `#page=${encodeURIComponent(p.path)}`, "data-page": p.path}, h("span", {class: "page-name"}, p.title), h("span", {class: "page-path"}, p.path));
            if (p.path === current) a.setAttribute("aria-current", "page");
            return h("li", {}, a);
          })
        )
      )
    )
  );
}

const when = new Intl.DateTimeFormat("nl-NL", {dateStyle: "short", timeStyle: "short"});

/**
 * Deleted pages, kept with their text and comments: a folded list under the pages; editors can put one back
 * ("Terugzetten"). `onRestored` gets the page's name.
 */
export function renderDeleted(root: HTMLElement, deleted: DeletedPage[], me: Me, onRestored: (page: string) => void): void {
  if (!deleted.length) return void root.replaceChildren();
  const open = root.querySelector("details")?.open ?? false;
  const details = h(
    "details",
    {class: "deleted-pages"},
    h("summary", {}, `Verwijderd (${deleted.length})`),
    h(
      "ul",
      {},
      ...deleted.map((d) =>
        h(
          "li",
          {"data-page": d.page},
          h("span", {class: "page-path"}, d.page),
          h("span", {class: "history-meta"}, `${d.by}, ${when.format(new Date(d.at))}${d.comments ? `, ${d.comments} ${d.comments === 1 ? "opmerking" : "opmerkingen"}` : ""}`),
          me.can.write
            ? h(
                "button",
                {
                  type: "button",
                  class: "undelete",
                  "aria-label": `${d.page} terugzetten`,
                  onclick: async () => {
                    const answer = await call<{page: string}>("/studio/api/pages/undelete", {id: d.id});
                    if (answer.ok) onRestored(answer.data.page);
                    else root.append(h("p", {role: "alert", class: "dialog-error"}, answer.error));
                  }
                },
                "Terugzetten"
              )
            : null
        )
      )
    )
  );
  details.open = open;
  root.replaceChildren(details);
}

/** A modal dialog with a form; resolves with the form's values, or null when cancelled. */
function ask(title: string, fields: HTMLElement[], submit: string): {dialog: HTMLDialogElement; done: Promise<FormData | null>; error: HTMLElement} {
  const error = h("p", {class: "dialog-error", role: "alert"});
  const form = h("form", {method: "dialog"}, h("h2", {}, title), ...fields, error, h("div", {class: "dialog-buttons"}, h("button", {type: "submit", value: "ok", class: "primary"}, submit), h("button", {type: "button", value: "cancel", class: "cancel"}, "Annuleren")));
  const dialog = h("dialog", {class: "studio-dialog", "aria-label": title}, form);
  document.body.append(dialog);
  const done = new Promise<FormData | null>((ok) => {
    form.querySelector<HTMLButtonElement>(".cancel")!.addEventListener("click", () => (dialog.close(), ok(null)));
    dialog.addEventListener("cancel", () => ok(null));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      ok(new FormData(form));
    });
  });
  dialog.showModal();
  return {dialog, done, error};
}

/**
 * "Nieuwe notebook": asks for a title and a template (and, optionally, a file name), creates the page on the server
 * and returns its path; null when cancelled. A refusal is shown in the dialog, which stays open to correct it.
 */
export async function newNotebook(templates: TemplateInfo[]): Promise<string | null> {
  const radios = templates.map((t, i) => {
    const input = h("input", {type: "radio", name: "template", value: t.id, id: `template-${t.id}`});
    if (i === 0) input.checked = true;
    return h("div", {class: "template"}, input, h("label", {for: `template-${t.id}`}, h("strong", {}, t.label), ` — ${t.description}`));
  });
  const {dialog, done, error} = ask(
    "Nieuwe notebook",
    [
      h("label", {for: "notebook-title"}, "Titel"),
      h("input", {id: "notebook-title", name: "title", required: true, maxlength: "100", autocomplete: "off"}),
      h("fieldset", {}, h("legend", {}, "Sjabloon"), ...radios),
      h("label", {for: "notebook-name"}, "Bestandsnaam (leeg: uit de titel)"),
      h("input", {id: "notebook-name", name: "name", autocomplete: "off", pattern: "[a-z0-9-]*"})
    ],
    "Maken"
  );
  let form = await done;
  for (;;) {
    if (!form) return (dialog.remove(), null);
    const answer = await call<{page: string}>("/studio/api/pages", {title: form.get("title"), template: form.get("template"), name: form.get("name") ?? ""});
    if (answer.ok) return (dialog.close(), dialog.remove(), answer.data.page);
    error.textContent = answer.error;
    form = await nextSubmit(dialog);
  }
}

/** "Hernoemen": asks for the new file name; returns the new path, or null when cancelled. */
export async function renamePage(page: string): Promise<string | null> {
  const current = page.split("/").pop()!.replace(/\.md$/, "");
  const input = h("input", {id: "rename-name", name: "name", required: true, autocomplete: "off", value: current});
  const {dialog, done, error} = ask(`${page} hernoemen`, [h("label", {for: "rename-name"}, "Nieuwe bestandsnaam"), input], "Hernoemen");
  let form = await done;
  for (;;) {
    if (!form) return (dialog.remove(), null);
    const answer = await call<{page: string}>("/studio/api/pages/rename", {page, name: form.get("name")});
    if (answer.ok) return (dialog.close(), dialog.remove(), answer.data.page);
    error.textContent = answer.error;
    form = await nextSubmit(dialog);
  }
}

/** "Verwijderen": asks for confirmation by typing the page's name; true when it was deleted. */
export async function deletePage(page: string): Promise<boolean> {
  const {dialog, done, error} = ask(
    `${page} verwijderen`,
    [
      h("p", {}, "De tekst en de opmerkingen blijven bewaard in de geschiedenis. Typ de naam van de pagina om te bevestigen."),
      h("label", {for: "delete-confirm"}, "Naam van de pagina"),
      h("input", {id: "delete-confirm", name: "confirm", required: true, autocomplete: "off", placeholder: page})
    ],
    "Verwijderen"
  );
  let form = await done;
  for (;;) {
    if (!form) return (dialog.remove(), false);
    const answer = await call("/studio/api/pages/delete", {page, confirm: form.get("confirm")});
    if (answer.ok) return (dialog.close(), dialog.remove(), true);
    error.textContent = answer.error;
    form = await nextSubmit(dialog);
  }
}

function nextSubmit(dialog: HTMLDialogElement): Promise<FormData | null> {
  const form = dialog.querySelector("form")!;
  return new Promise((ok) => {
    form.addEventListener("submit", () => ok(new FormData(form)), {once: true});
    form.querySelector<HTMLButtonElement>(".cancel")!.addEventListener("click", () => (dialog.close(), ok(null)), {once: true});
    dialog.addEventListener("cancel", () => ok(null), {once: true});
  });
}

/** The editor's page actions for the open page (editors only). */
export function pageActions(me: Me, page: string, onRenamed: (to: string) => void, onDeleted: () => void): HTMLElement {
  if (!me.can.write) return h("span", {});
  return h(
    "span",
    {class: "page-actions"},
    h("button", {type: "button", id: "rename-page", onclick: async () => {
      const to = await renamePage(page);
      if (to) onRenamed(to);
    }}, "Hernoemen"),
    h("button", {type: "button", id: "delete-page", onclick: async () => {
      if (await deletePage(page)) onDeleted();
    }}, "Verwijderen")
  );
}
