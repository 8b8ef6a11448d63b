/**
 * "Publicatie": review and publication with four eyes. Editors offer the current state for review with a short
 * description; someone else approves it (which publishes it) or sends it back with a comment; earlier published
 * versions can be put back live. The buttons follow the person's role, but the server decides (and says why in
 * Dutch when it refuses). The panel refreshes itself while a version waits or is being published.
 */
import {call, withQuery, type Me} from "./api.js";
import {h} from "./dom.js";
import {renderDiff, type DiffPart} from "./history-ui.js";

interface Person {
  id: string;
  name: string;
}

interface VersionView {
  number: number;
  description: string;
  offeredBy: Person;
  offeredAt: string;
  pages: string[];
  authors: {path: string; people: Person[]}[];
  state: "offered" | "returned" | "approved" | "building" | "published" | "failed" | "interrupted";
  writers: Person[];
  approvedBy: Person | null;
  returnedBy: Person | null;
  returnComment: string | null;
  publishedAt: string | null;
  failure: string | null;
  live: boolean;
}

const STATE: Record<VersionView["state"], string> = {
  offered: "wacht op controle",
  returned: "teruggestuurd",
  approved: "goedgekeurd",
  building: "wordt gepubliceerd…",
  published: "gepubliceerd",
  failed: "publicatie mislukt",
  interrupted: "publicatie onderbroken"
};

const time = new Intl.DateTimeFormat("nl-NL", {dateStyle: "medium", timeStyle: "short"});

/** Fills `root` with the review panel and keeps it current; returns a function that stops the refreshing. */
export function showReview(root: HTMLElement, me: Me): () => void {
  const message = h("p", {id: "review-message", role: "alert"});
  const body = h("div", {class: "review-body"});
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let shown = "";

  const act = async (path: string, payload: Record<string, unknown>, done: string) => {
    message.textContent = "";
    const answer = await call(path, payload);
    message.textContent = answer.ok ? done : answer.error;
    message.className = answer.ok ? "ok" : "error";
    await load();
  };

  const offerForm = () => {
    const description = h("textarea", {id: "offer-description", "aria-label": "Wat is er veranderd?", placeholder: "Wat is er veranderd? (kort)", maxlength: "500"});
    return h(
      "form",
      {
        class: "offer",
        onsubmit: async (e: Event) => {
          e.preventDefault();
          await act("/studio/api/review/offer", {description: description.value}, "Aangeboden ter controle.");
        }
      },
      h("h3", {}, "Ter controle aanbieden"),
      description,
      h("button", {type: "submit", id: "offer"}, "Ter controle aanbieden")
    );
  };

  const waiting = (v: VersionView) => {
    const comment = h("textarea", {id: "review-comment", "aria-label": "Opmerking bij je besluit", placeholder: "Opmerking (nodig bij terugsturen)"});
    const changes = h("div", {class: "version-changes"});
    return h(
      "article",
      {class: "version waiting", "data-version": String(v.number)},
      h("h3", {}, `Versie ${v.number} wacht op controle`),
      h("p", {}, v.description),
      h("p", {class: "meta"}, `Aangeboden door ${v.offeredBy.name}, ${time.format(new Date(v.offeredAt))}.`),
      h("p", {class: "meta writers"}, v.writers.length ? `Geschreven door: ${v.writers.map((p) => p.name).join(", ")}.` : "Geen bewerkingen in Studio vastgelegd sinds de vorige publicatie."),
      h(
        "button",
        {
          type: "button",
          class: "show-changes",
          onclick: async () => {
            const answer = await call<{against: number | null; changes: {path: string; status: string; parts: DiffPart[]}[]}>(withQuery("/studio/api/review/diff", {version: v.number}));
            if (!answer.ok) return void (message.textContent = answer.error);
            changes.replaceChildren(
              h("p", {}, answer.data.against ? `Vergeleken met versie ${answer.data.against} (gepubliceerd):` : "Nog niets gepubliceerd; alles is nieuw:"),
              ...answer.data.changes.map((c) => h("details", {}, h("summary", {}, `${c.path} (${c.status})`), renderDiff(c.parts)))
            );
          }
        },
        "Wijzigingen bekijken"
      ),
      changes,
      me.can.review
        ? h(
            "div",
            {class: "decision"},
            comment,
            h("button", {type: "button", id: "approve", class: "primary", onclick: () => act("/studio/api/review/approve", {version: v.number, comment: comment.value}, `Versie ${v.number} goedgekeurd; de site wordt gebouwd.`)}, "Goedkeuren"),
            h("button", {type: "button", id: "send-back", onclick: () => act("/studio/api/review/return", {version: v.number, comment: comment.value}, `Versie ${v.number} teruggestuurd.`)}, "Terugsturen")
          )
        : null
    );
  };

  const row = (v: VersionView) =>
    h(
      "li",
      {"data-version": String(v.number), "data-state": v.state, class: v.live ? "live" : ""},
      h("strong", {}, `Versie ${v.number}`),
      ` — ${STATE[v.state]}${v.live ? " (live)" : ""}: ${v.description}`,
      v.approvedBy ? h("span", {class: "meta"}, ` · gecontroleerd door ${v.approvedBy.name}`) : null,
      v.returnComment ? h("span", {class: "meta"}, ` · teruggestuurd door ${v.returnedBy?.name}: „${v.returnComment}”`) : null,
      v.failure ? h("pre", {class: "failure"}, v.failure) : null,
      me.can.review && v.publishedAt && !v.live ? h("button", {type: "button", class: "rollback", onclick: () => act("/studio/api/review/rollback", {version: v.number}, `Versie ${v.number} staat weer live.`)}, "Terugzetten") : null,
      me.can.review && (v.state === "failed" || v.state === "interrupted" || v.state === "approved")
        ? h("button", {type: "button", class: "republish", onclick: () => act("/studio/api/review/publish", {version: v.number}, `Versie ${v.number} wordt opnieuw gebouwd.`)}, "Opnieuw publiceren")
        : null
    );

  const load = async () => {
    if (timer) clearTimeout(timer);
    const answer = await call<{versions: VersionView[]; current: number | null}>("/studio/api/review");
    if (stopped) return;
    if (!answer.ok) {
      body.replaceChildren(h("p", {role: "alert"}, answer.error));
      return;
    }
    const {versions, current} = answer.data;
    // Redraw only when something changed: a half-written comment must survive the refresh.
    const key = JSON.stringify([versions.map((v) => [v.number, v.state, v.live]), current]);
    const pending = versions.find((v) => v.state === "offered");
    const busy = versions.some((v) => v.state === "building");
    if (key !== shown) {
      shown = key;
      body.replaceChildren(
        h(
          "p",
          {class: "live-site"},
          current ? `Live: versie ${current}. ` : "Nog niets gepubliceerd. ",
          h("a", {href: "/site/", target: "_blank", rel: "noopener"}, "Gepubliceerde site"),
          " · ",
          h("a", {href: "/site/versies", target: "_blank", rel: "noopener"}, "Versies en logboek")
        ),
        pending ? waiting(pending) : me.can.write && !busy ? offerForm() : h("span", {}),
        busy ? h("p", {class: "building", role: "status"}, "De site wordt gebouwd, met de privacycontrole…") : h("span", {}),
        h("h3", {}, "Versies"),
        versions.length ? h("ul", {class: "versions"}, ...[...versions].reverse().map(row)) : h("p", {}, "Nog geen versies.")
      );
    }
    if (!stopped) timer = setTimeout(load, pending || busy ? 1500 : 5000);
  };

  root.replaceChildren(h("h2", {}, "Publicatie"), message, body);
  void load();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
