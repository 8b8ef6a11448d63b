/**
 * The home page's way to a gemeente: a search box (type part of a name, Enter opens the best match's study) and the
 * gemeenten by provincie in collapsible lists. Instead of a sidebar: with hundreds of gemeenten a sidebar helps
 * nobody, and it would make every page change with the list. Browser code.
 */
import {el as html} from "./dom.js";

/** A gemeente with a study, as `data/studies.json` lists it. */
export interface StudyEntry {
  code: string;
  name: string;
  provincie?: string;
  editions: number[];
  demo?: boolean;
}

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

/** Gemeenten whose name matches what was typed: the name starting with it first, then containing it. */
export function findGemeenten(studies: StudyEntry[], query: string): StudyEntry[] {
  const q = fold(query);
  if (!q) return [];
  const starts = studies.filter((s) => fold(s.name).startsWith(q) || s.code.toLowerCase() === q.replace(/\s/g, ""));
  const contains = studies.filter((s) => !starts.includes(s) && fold(s.name).includes(q));
  return [...starts, ...contains];
}

/** The home page's search box: type a gemeente's name, go to its study (Enter or the button opens the best match). */
export function gemeenteSearch(studies: StudyEntry[], studyHref: (code: string) => string): HTMLFormElement {
  const input = html("input", {id: "gemeente-zoeken", type: "search", list: "gemeenten-namen", autocomplete: "off", "aria-describedby": "gemeente-zoeken-uitleg"});
  const results = html("ul", {id: "zoekresultaten", "aria-label": "Gevonden gemeenten"});
  const status = html("p", {id: "zoekstatus", role: "status"});
  const form = html("form", {role: "search", class: "bb-search", "aria-label": "Gemeente zoeken"},
    html("label", {for: "gemeente-zoeken"}, "Zoek een gemeente"),
    html("p", {id: "gemeente-zoeken-uitleg", class: "bb-search-help"}, `Typ een deel van de naam; Enter opent de studie van de beste treffer. ${studies.length} gemeenten.`),
    html("div", {class: "bb-search-row"}, input, html("button", {type: "submit"}, "Naar de studie")),
    html("datalist", {id: "gemeenten-namen"}, ...studies.map((s) => html("option", {value: s.name}))),
    status,
    results);
  const update = () => {
    const found = findGemeenten(studies, input.value);
    results.replaceChildren(...found.slice(0, 10).map((s) => html("li", {}, html("a", {href: studyHref(s.code)}, `${s.name}`), ` (${s.code}${s.provincie ? `, ${s.provincie}` : ""})`)));
    status.textContent = input.value.trim() ? (found.length ? `${found.length} ${found.length === 1 ? "gemeente" : "gemeenten"} gevonden${found.length > 10 ? "; de eerste 10 staan hieronder" : ""}.` : "Geen gemeente gevonden met deze naam.") : "";
  };
  input.addEventListener("input", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const found = findGemeenten(studies, input.value);
    const exact = found.find((s) => fold(s.name) === fold(input.value));
    const target = exact ?? (found.length ? found[0] : null);
    if (target) location.href = studyHref(target.code);
    else update();
  });
  return form;
}

/** The gemeenten by provincie: a collapsible list per provincie, gemeenten without one last. */
export function provincieList(studies: StudyEntry[], studyHref: (code: string) => string): HTMLElement {
  const groups = new Map<string, StudyEntry[]>();
  for (const s of studies) groups.set(s.provincie ?? "", [...(groups.get(s.provincie ?? "") ?? []), s]);
  const names = [...groups.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b, "nl")));
  return html("div", {id: "studies", class: "bb-provincies"}, ...names.map((p) => {
    const list = groups.get(p)!.sort((a, b) => a.name.localeCompare(b.name, "nl"));
    return html("details", {"data-provincie": p},
      html("summary", {}, `${p || "Provincie onbekend"} (${list.length} ${list.length === 1 ? "gemeente" : "gemeenten"})`),
      html("ul", {class: "bb-gemeenten"}, ...list.map((s) => html("li", {}, html("a", {href: studyHref(s.code)}, `Armoede in ${s.name}`), ` (${s.code})`))));
  }));
}
