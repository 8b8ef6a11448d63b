/**
 * New notebooks from templates, and the names pages may have. Templates are Markdown files in studio/templates/
 * (Dutch, generic over workspaces: no dataset names or CBS keys; they read the gemeente's data through the same
 * assets as the study pages). `{{titel}}` in a template becomes the notebook's title.
 */
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {takeUpPaths} from "../../loaders/municipal/study.js";
import {isPageName} from "./pages.js";

export interface Template {
  id: string;
  /** What the dialog shows. */
  label: string;
  description: string;
  /** The folder under src/ new pages go to ("" or "gemeente/[code]"). */
  folder: string;
  file: string;
  /** Offered only when the workspace has a take-up study (a published municipal table). */
  needsTakeUp: boolean;
}

export const TEMPLATES: readonly Template[] = [
  {id: "leeg", label: "Lege notebook", description: "Een titel en de bronvermelding, verder niets.", folder: "", file: "lege-notebook.md", needsTakeUp: false},
  {
    id: "gemeente",
    label: "Analyse per gemeente",
    description: "Een pagina per gemeente over de kerncijfers van het CBS: onderwerp en editie kiezen, tabel, grafiek, gegevens en bron.",
    folder: "gemeente/[code]",
    file: "analyse-per-gemeente.md",
    needsTakeUp: false
  },
  {
    id: "regeling",
    label: "Regeling en bereik",
    description: "Een pagina per gemeente over het gebruik van regelingen, uit de gepubliceerde tabel van de gemeente (na privacycontrole).",
    folder: "gemeente/[code]",
    file: "regeling-en-bereik.md",
    needsTakeUp: true
  }
];

const TEMPLATE_DIR = fileURLToPath(new URL("../templates/", import.meta.url));

/** The templates this workspace can use ("Regeling en bereik" only with a municipal table). */
export function availableTemplates(dataDir: string): Template[] {
  const takeUp = takeUpPaths(dataDir).length > 0;
  return TEMPLATES.filter((t) => !t.needsTakeUp || takeUp);
}

/** A refused page operation, with a Dutch message for the person. */
export class PageError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = "PageError";
  }
}

const TITLE = /^[\p{L}\p{N} ,.:;'’"()?!&%/+–—-]+$/u;
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;
/** Names that would hide or clash with something the site or Studio serves. */
const RESERVED = new Set(["index", "versies", "gemeente", "data", "components", "lib", "site", "studio", "_file", "_npm", "_import", "_observablehq"]);

/** Checks a title; returns it trimmed. */
export function checkTitle(title: unknown): string {
  const t = typeof title === "string" ? title.trim().replace(/\s+/g, " ") : "";
  if (!t) throw new PageError(400, "Geef de notebook een titel.");
  if (t.length > 100) throw new PageError(400, `De titel is te lang (${t.length} tekens, hoogstens 100).`);
  if (!TITLE.test(t)) throw new PageError(400, "Gebruik in de titel alleen letters, cijfers, spaties en gewone leestekens (geen $, {, }, <, > of \\).");
  return t;
}

/** A file name from a title: "Armoede & schulden 2024" → "armoede-schulden-2024". */
export function nameFromTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** Checks a file name (without `.md`) for a page in `folder` under `srcDir`; returns the page's document name. */
export function checkName(srcDir: string, folder: string, name: unknown): string {
  if (typeof name !== "string" || !name) throw new PageError(400, "Geef een bestandsnaam op.");
  if (!NAME.test(name)) throw new PageError(400, `"${name.slice(0, 80)}" is geen geldige bestandsnaam: gebruik kleine letters, cijfers en streepjes (hoogstens 60 tekens), zonder punten of schuine strepen.`);
  if (RESERVED.has(name)) throw new PageError(400, `De naam "${name}" is gereserveerd; kies een andere.`);
  const page = folder ? `${folder}/${name}.md` : `${name}.md`;
  if (!isPageName(page)) throw new PageError(400, `"${name}" is geen geldige paginanaam.`);
  if (existsSync(join(srcDir, page))) throw new PageError(409, `Er is al een pagina ${page}; kies een andere naam.`);
  if (existsSync(join(srcDir, folder, name))) throw new PageError(409, `Er is al een map ${folder ? `${folder}/` : ""}${name}; kies een andere naam.`);
  return page;
}

/** The text of a new notebook: the template with its title filled in (as a YAML string in the front matter). */
export function renderTemplate(template: Template, title: string): string {
  const text = readFileSync(join(TEMPLATE_DIR, template.file), "utf8");
  return text.replace(/^title: \{\{titel\}\}$/m, `title: ${JSON.stringify(title)}`).replaceAll("{{titel}}", title);
}

/** The template with this id among those available, or a Dutch refusal. */
export function templateById(dataDir: string, id: unknown): Template {
  const template = availableTemplates(dataDir).find((t) => t.id === id);
  if (!template) {
    const known = TEMPLATES.find((t) => t.id === id);
    if (known) throw new PageError(409, `Het sjabloon "${known.label}" kan in deze werkruimte niet: er is geen gepubliceerde tabel van de gemeente.`);
    throw new PageError(400, `Onbekend sjabloon${typeof id === "string" ? ` "${id.slice(0, 40)}"` : ""}.`);
  }
  return template;
}
