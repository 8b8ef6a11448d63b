/**
 * Studio in the browser: log in with a token, pick a page (or make a new notebook), edit it together, comment,
 * watch the preview (at a chosen gemeente for parameterized pages), insert data, look back in the history, and
 * take the workspace through review to publication.
 */
import {HocuspocusProvider} from "@hocuspocus/provider";
import type {EditorView} from "@codemirror/view";
import * as Y from "yjs";
import {canComment, canEditText, type PresenceUser} from "../shared/schema.js";
import {csrfToken, fetchMe, fetchPages, holderOf, lastSignedInAs, onSessionChangedElsewhere, signIn, signOut, takeTokenFromLink, type Me, type PageEntry, type TemplateInfo} from "./api.js";
import {showComments} from "./comments-ui.js";
import {showData} from "./data-ui.js";
import {h} from "./dom.js";
import {createEditor} from "./editor.js";
import {showHistory} from "./history-ui.js";
import {newNotebook, pageActions, renderDeleted, renderPageList} from "./pages-ui.js";
import {showPresence} from "./presence.js";
import {showPreview} from "./preview-ui.js";
import {showReview} from "./review-ui.js";

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

interface Session {
  page: string;
  provider: HocuspocusProvider;
  view: EditorView;
  stop: Array<() => void>;
}

let session: Session | null = null;
let pages: PageEntry[] = [];
let templates: TemplateInfo[] = [];

// First thing: the token leaves the address bar before anything else runs or is loaded.
const linkToken = takeTokenFromLink();
const hasLinkToken = () => new URLSearchParams(location.hash.slice(1)).has("token");
// A #token= link opened in this tab later (the editor or the login form showing): load again, so the link goes
// through the same steps as on arrival, question included.
window.addEventListener("hashchange", () => {
  if (hasLinkToken()) location.reload();
});

/**
 * Signs in only by intent: a `#token=` link never silently replaces a session. When someone is signed in (or
 * was, in this browser), the editor asks first; links can come from anyone, including page code in the preview,
 * which may open popups. Only a browser that never had a session here signs in from a link without asking.
 * Returns who to continue as (null: nobody, show the login form) and what went wrong, if anything.
 */
async function fromLink(token: string, current: Me | null): Promise<{me: Me | null; error: string}> {
  const invalid = "Deze toegangscode is niet (meer) geldig.";
  const previous = current ?? lastSignedInAs();
  if (!previous) {
    const me = await signIn(token);
    return {me, error: me ? "" : invalid};
  }
  const holder = await holderOf(token);
  if (!holder) return {me: current, error: invalid};
  if (holder.id !== previous.id) {
    const question = current ? `Je bent aangemeld als ${current.name}. Wisselen naar ${holder.name}?` : `Je was aangemeld als ${previous.name}. Aanmelden als ${holder.name}?`;
    const yes = current ? `Wisselen naar ${holder.name}` : `Aanmelden als ${holder.name}`;
    if (!(await confirmSwitch(question, yes, current ? `Blijven als ${current.name}` : "Niet aanmelden"))) return {me: current, error: ""};
  } else if (current) return {me: current, error: ""}; // the same person's link: nothing to change
  const me = await signIn(token);
  return me ? {me, error: ""} : {me: current, error: invalid};
}

async function login(): Promise<Me> {
  const current = await fetchMe();
  const {me, error} = linkToken ? await fromLink(linkToken, current) : {me: current, error: ""};
  if (me) {
    if (error) $("#status").textContent = `${error} Je blijft aangemeld als ${me.name}.`;
    return me;
  }
  const form = $<HTMLFormElement>("#login");
  $("#login-error").textContent = error;
  for (;;) {
    form.hidden = false;
    const token = await new Promise<string>((ok) => form.addEventListener("submit", (e) => (e.preventDefault(), ok($<HTMLInputElement>("#token").value.trim())), {once: true}));
    $<HTMLInputElement>("#token").value = "";
    const signedIn = await signIn(token);
    if (signedIn) {
      form.hidden = true;
      return signedIn;
    }
    $("#login-error").textContent = "Deze toegangscode is niet (meer) geldig.";
  }
}

/** Asks in a modal dialog; true when the person chose `yes`. */
function confirmSwitch(question: string, yes: string, no: string): Promise<boolean> {
  const dialog = $<HTMLDialogElement>("#switch");
  $("#switch-question").textContent = question;
  $("#switch-yes").textContent = yes;
  $("#switch-no").textContent = no;
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((ok) => dialog.addEventListener("close", () => ok(dialog.returnValue === "switch"), {once: true}));
}

function currentPage(): string | null {
  return new URLSearchParams(location.hash.slice(1)).get("page");
}

const go = (page: string) => (location.hash = `page=${encodeURIComponent(page)}`);

/** Reloads the page list from the server and redraws it. */
async function refreshPages(): Promise<void> {
  const answer = await fetchPages();
  pages = answer?.pages ?? [];
  templates = answer?.templates ?? [];
  renderPageList($("#page-list"), pages, session?.page ?? currentPage());
  if (signedIn) {
    renderDeleted($("#deleted-pages"), answer?.deleted ?? [], signedIn, async (page) => {
      await refreshPages();
      go(page);
    });
  }
}

/** Who is signed in, once known. */
let signedIn: Me | null = null;

/** The side panel's tabs: comments, data, history and publication; data and history follow the open page. */
type Tab = "comments" | "data" | "history" | "review";
let tab: Tab = "comments";
let stopReview: (() => void) | null = null;

function showTab(next: Tab, me: Me): void {
  tab = next;
  for (const t of ["comments", "data", "history", "review"] as Tab[]) {
    const button = $(`#tab-${t}`);
    button.setAttribute("aria-selected", String(t === next));
    $(`#${t}`).hidden = t !== next;
  }
  if (next === "review") stopReview ??= showReview($("#review"), me);
  else if (stopReview) (stopReview(), (stopReview = null));
  fillTab(me);
}

function fillTab(me: Me): void {
  const page = session?.page;
  if (!page) return;
  if (tab === "data") void showData($("#data"), page, me, () => session?.view ?? null);
  if (tab === "history") void showHistory($("#history"), page, me);
}

function open(page: string, me: Me): void {
  if (session) {
    session.stop.forEach((stop) => stop());
    session.view.destroy();
    session.provider.destroy();
  }
  const entry = pages.find((p) => p.path === page);
  $("#page-title").replaceChildren(h("strong", {}, entry?.title ?? page), " ", h("code", {}, page));
  $("#page-actions").replaceChildren(
    pageActions(
      me,
      page,
      async (to) => {
        await refreshPages();
        go(to);
      },
      async () => {
        await refreshPages();
        go(pages[0]?.path ?? "index.md");
      }
    )
  );
  renderPageList($("#page-list"), pages, page);

  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/studio/collab`,
    name: page,
    // The session's CSRF token: the server takes the credential from the session cookie it names, never from
    // the page (and never from a cookie that page code in the preview added).
    token: () => csrfToken(),
    document: doc
  });
  const user: PresenceUser = {id: me.id, name: me.name, color: me.color, colorLight: `${me.color}33`, role: me.role};
  provider.setAwarenessField("user", user);

  const status = $("#status");
  const showStatus = () => {
    const connected = provider.configuration.websocketProvider.status === "connected";
    status.textContent = !connected ? "Offline: wijzigingen worden bewaard en later samengevoegd" : provider.hasUnsyncedChanges ? "Opslaan…" : "Opgeslagen";
  };
  provider.on("status", showStatus);
  provider.on("unsyncedChanges", showStatus);
  provider.on("authenticationFailed", async () => {
    await refreshPages();
    status.textContent = pages.some((p) => p.path === page) ? "Geen toegang tot deze pagina" : `De pagina ${page} bestaat niet (meer); kies een andere.`;
  });

  const editorRoot = $("#editor");
  editorRoot.replaceChildren();
  const view = createEditor(editorRoot, doc, provider.awareness!, !canEditText(me.role));
  const stop = [
    showPresence($("#presence"), provider.awareness!),
    showComments($("#comments"), doc, view, {id: me.id, name: me.name}, canComment(me.role))
  ];
  void showPreview($("#preview"), page, me, entry?.params ?? [...page.matchAll(/\[([^\]/]+)\]/g)].map((m) => m[1]));
  session = {page, provider, view, stop};
  fillTab(me);
  // For tests and debugging from the console.
  Object.assign(window, {studio: {doc, provider, view}});
}

async function main(): Promise<void> {
  const me = await login();
  signedIn = me;
  $("#whoami").textContent = me.name;
  $("#account").hidden = false;
  $("#logout").addEventListener("click", async () => {
    await signOut();
    location.reload();
  });
  onSessionChangedElsewhere(() => ($("#status").textContent = "Je bent in een ander tabblad aan- of afgemeld. Laad deze pagina opnieuw."));
  await refreshPages();
  if (me.can.write) {
    $("#new-notebook-slot").replaceChildren(
      h("button", {type: "button", id: "new-notebook", onclick: async () => {
        const page = await newNotebook(templates);
        if (page) {
          await refreshPages();
          go(page);
        }
      }}, "Nieuwe notebook")
    );
  }
  for (const t of ["comments", "data", "history", "review"] as Tab[]) $(`#tab-${t}`).addEventListener("click", () => showTab(t, me));
  const show = () => {
    const page = currentPage() ?? pages[0]?.path;
    if (page && page !== session?.page) open(page, me);
  };
  window.addEventListener("hashchange", () => {
    if (!hasLinkToken()) show();
  });
  // Notebooks made, renamed or deleted by others appear without a reload.
  setInterval(() => void refreshPages(), 10_000);
  show();
}

main();
