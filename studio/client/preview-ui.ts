/**
 * The live preview beside the editor, in a sandboxed frame on the preview's own origin. A parameterized page
 * (`gemeente/[code]/armoede.md`) is previewed at a concrete route: a picker above the frame lists the routes the
 * build makes for it (from the server, which reads the config's `dynamicPaths`), with each gemeente's name. The
 * choice is remembered per person and page in this origin's storage.
 */
import {call, withQuery, type Me} from "./api.js";
import {h} from "./dom.js";

interface RouteValue {
  params: Record<string, string>;
  label: string;
  path: string;
}

const memoryKey = (me: Me, page: string) => `buurtboek-studio:voorbeeld:${me.id}:${page}`;

function remembered(me: Me, page: string): string | null {
  try {
    return localStorage.getItem(memoryKey(me, page));
  } catch {
    return null;
  }
}

function remember(me: Me, page: string, path: string): void {
  try {
    localStorage.setItem(memoryKey(me, page), path);
  } catch {
    // Storage disabled: the choice lasts until the page is reopened.
  }
}

/** The route of a page that has no parameters. */
export function staticRoute(page: string): string {
  return "/" + page.replace(/(^|\/)index\.md$/, "$1").replace(/\.md$/, "");
}

/** Fills `root` with the picker (for parameterized pages) and the preview frame of `page`. */
export async function showPreview(root: HTMLElement, page: string, me: Me, params: string[]): Promise<void> {
  if (!me.preview) {
    root.replaceChildren(h("p", {}, "Geen voorbeeldserver actief (gestart met --no-preview)."));
    return;
  }
  const frame = (path: string) =>
    // Another origin, and sandboxed: page code cannot reach the editor, navigate it, or use its session.
    h("iframe", {
      src: `${me.preview}&next=${encodeURIComponent(path)}`,
      title: `Voorbeeld van ${page}`,
      sandbox: "allow-scripts allow-same-origin allow-forms allow-popups allow-downloads",
      referrerpolicy: "no-referrer"
    });
  if (!params.length) {
    root.replaceChildren(frame(staticRoute(page)));
    return;
  }
  root.replaceChildren(h("p", {}, "Voorbeeld laden…"));
  const answer = await call<{values: RouteValue[]}>(withQuery("/studio/api/routes", {page}));
  const values = answer.ok ? answer.data.values : [];
  if (!values.length) {
    root.replaceChildren(
      h("p", {role: "note"}, answer.ok ? `Deze pagina wordt per ${params.join(", ")} gebouwd, maar de werkruimte heeft er nog geen (voeg een gemeente toe met npx buurtboek init).` : answer.error)
    );
    return;
  }
  const saved = remembered(me, page);
  const chosen = values.find((v) => v.path === saved) ?? values[0];
  const select = h(
    "select",
    {id: "preview-route"},
    ...values.map((v) => {
      const option = h("option", {value: v.path}, v.label);
      option.selected = v === chosen;
      return option;
    })
  );
  const label = h("label", {for: "preview-route"}, params.includes("code") ? "Gemeente" : params.join(", "));
  const holder = h("div", {class: "preview-frame"}, frame(chosen.path));
  select.addEventListener("change", () => {
    remember(me, page, select.value);
    holder.replaceChildren(frame(select.value));
  });
  root.replaceChildren(h("div", {class: "preview-picker"}, label, select), holder);
}
