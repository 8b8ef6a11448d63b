import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {notebookNavigation, notebookPaths} from "../../loaders/notebooks.js";
import {listDatasets} from "../../studio/server/datasets.js";
import {checkName, checkTitle, nameFromTitle, PageError, renderTemplate, TEMPLATES, templateById} from "../../studio/server/notebooks.js";
import {describePages, titleOf} from "../../studio/server/page-list.js";
import {isPageName, listPages, pagePath} from "../../studio/server/pages.js";
import {routeOf, Routes} from "../../studio/server/routes.js";
import {repoRoot} from "../support/paths.js";
import {addGemeente, workspaceCopy} from "./workspace-copy.js";

describe("page names", () => {
  let src: string;
  beforeAll(() => {
    src = mkdtempSync(join(tmpdir(), "studio-pages-"));
    mkdirSync(join(src, "gemeente/[code]"), {recursive: true});
    mkdirSync(join(src, "data"), {recursive: true});
    writeFileSync(join(src, "index.md"), "# Thuis\n");
    writeFileSync(join(src, "gemeente/[code]/armoede.md"), "---\ntitle: Armoede\n---\n# Armoede in ${naam}\n");
    writeFileSync(join(src, "[land].md"), "# Alle gemeenten\n");
    writeFileSync(join(src, "data/notities.md"), "geen pagina\n");
    writeFileSync(join(tmpdir(), "buiten.md"), "buiten\n");
    symlinkSync(join(tmpdir(), "buiten.md"), join(src, "link.md"));
  });
  afterAll(() => rmSync(src, {recursive: true, force: true}));

  it("opens parameterized pages and keeps traversal out", () => {
    expect(pagePath(src, "gemeente/[code]/armoede.md")).toBe(join(src, "gemeente/[code]/armoede.md"));
    for (const bad of ["../index.md", "gemeente/../index.md", "/etc/passwd.md", ".observablehq/x.md", "data/notities.md", "link.md", "gemeente/[code]/niet.md", "index.md\0.md", "a\\b.md"]) {
      expect(pagePath(src, bad), bad).toBeNull();
    }
    expect(isPageName("gemeente/[code]/armoede.md")).toBe(true);
    expect(listPages(src)).toEqual(["[land].md", "gemeente/[code]/armoede.md", "index.md"]); // a symlink is no page
  });

  it("titles pages by front matter, else the first heading outside code, and groups the parameterized ones", () => {
    expect(titleOf("---\ntitle: Mijn titel\n---\n# Kop\n")).toBe("Mijn titel");
    expect(titleOf("```js\n# geen kop\n```\n\n# Echte kop\n")).toBe("Echte kop");
    expect(titleOf("Geen kop.\n")).toBeNull();
    expect(describePages(src)).toEqual([
      {path: "gemeente/[code]/armoede.md", title: "Armoede", group: "Per gemeente", params: ["code"]},
      {path: "[land].md", title: "Alle gemeenten", group: "Landelijk", params: ["land"]},
      {path: "index.md", title: "Thuis", group: "Overige pagina's", params: []}
    ]);
    expect(routeOf("gemeente/[code]/armoede.md")).toBe("/gemeente/[code]/armoede");
    expect(routeOf("index.md")).toBe("/");
  });
});

describe("new notebook names and templates", () => {
  let src: string;
  beforeAll(() => {
    src = mkdtempSync(join(tmpdir(), "studio-names-"));
    mkdirSync(join(src, "gemeente/[code]"), {recursive: true});
    writeFileSync(join(src, "gemeente/[code]/armoede.md"), "# A\n");
  });
  afterAll(() => rmSync(src, {recursive: true, force: true}));

  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(PageError);
      return (error as PageError).message;
    }
    throw new Error("not refused");
  };

  it("makes file names from Dutch titles and refuses clashes, tricks and reserved names in Dutch", () => {
    expect(nameFromTitle("Armoede & schulden in ’s-Hertogenbosch (2024)")).toBe("armoede-schulden-in-s-hertogenbosch-2024");
    expect(nameFromTitle("Café één")).toBe("cafe-een");
    expect(checkName(src, "gemeente/[code]", "schulden")).toBe("gemeente/[code]/schulden.md");
    expect(refusal(() => checkName(src, "gemeente/[code]", "armoede"))).toBe("Er is al een pagina gemeente/[code]/armoede.md; kies een andere naam.");
    expect(refusal(() => checkName(src, "", "gemeente"))).toMatch(/gereserveerd/);
    expect(refusal(() => checkName(src, "", "versies"))).toMatch(/gereserveerd/);
    for (const bad of ["../x", "a/b", "x.md", "-x", "X", "a b", "", "a".repeat(61)]) expect(refusal(() => checkName(src, "", bad)), bad).toMatch(/Geef een bestandsnaam op|geen geldige bestandsnaam/);
    expect(refusal(() => checkTitle("<script>"))).toMatch(/alleen letters, cijfers/);
    expect(checkTitle("  Bereik   van de Stadspas ")).toBe("Bereik van de Stadspas");
  });

  it("fills the title into the front matter as a YAML string and into the heading", () => {
    for (const template of TEMPLATES) {
      const text = renderTemplate(template, 'Het "echte" bereik: 2024');
      expect(text, template.id).toMatch(/^---\ntitle: "Het \\"echte\\" bereik: 2024"\n/);
      expect(text, template.id).toContain('# Het "echte" bereik: 2024');
      expect(text, template.id).not.toContain("{{titel}}");
      // Generic: no dataset names, gemeente codes or CBS keys; private data never.
      expect(text, template.id).not.toMatch(/kwb-gm\d|GM\d{4}|\d{5}NED|_\d+\b|private\//);
    }
  });

  it("offers \"Regeling en bereik\" only in a workspace with a published municipal table", () => {
    const empty = mkdtempSync(join(tmpdir(), "studio-empty-ws-"));
    try {
      expect(refusal(() => templateById(empty, "regeling"))).toMatch(/geen gepubliceerde tabel van de gemeente/);
      expect(templateById(join(repoRoot, "data"), "regeling").id).toBe("regeling");
    } finally {
      rmSync(empty, {recursive: true, force: true});
    }
  });
});

describe("the workspace's routes, notebooks and datasets", () => {
  let ws: Awaited<ReturnType<typeof workspaceCopy>>;
  beforeAll(async () => {
    ws = await workspaceCopy();
    await addGemeente(ws.dataDir);
    writeFileSync(join(ws.root, "src/gemeente/[code]/schulden.md"), "---\ntitle: Schulden\n---\n");
    writeFileSync(join(ws.root, "src/gemeente/[code]/stadspas.md"), "---\ntitle: Stadspas\nvereist: regelingen\n---\n");
    writeFileSync(join(ws.root, "src/notities.md"), "# Notities\n");
    writeFileSync(join(ws.root, "src/[land].md"), "# Alle gemeenten\n");
  });
  afterAll(() => ws?.cleanup());

  it("builds a notebook under gemeente/[code] for every gemeente, or only where the take-up study exists", () => {
    const src = join(ws.root, "src");
    const takeUp = ["/gemeente/GM9999/regelingen"];
    const known = ["/gemeente/GM9999/armoede", "/gemeente/GM9998/armoede", "/gemeente/GM9999/techniek", "/gemeente/GM9998/techniek", ...takeUp];
    expect(notebookPaths(takeUp, known, ws.dataDir, src).sort()).toEqual(["/gemeente/GM9998/schulden", "/gemeente/GM9999/schulden", "/gemeente/GM9999/stadspas"]);
    const overview = [{name: "Nederland: alle gemeenten", path: "/nederland"}];
    expect(notebookNavigation(overview, src)).toEqual([...overview, {name: "Notebooks", pages: [{name: "Notities", path: "/notities"}]}]);
  });

  it("offers the preview routes the config's dynamicPaths lists, with gemeente names", async () => {
    const routes = new Routes(ws.root, ws.dataDir);
    expect((await routes.valuesOf("gemeente/[code]/armoede.md")).map((v) => [v.label, v.path])).toEqual([
      ["Voorbeeldstad (GM9999)", "/gemeente/GM9999/armoede"],
      ["Tweedestad (GM9998)", "/gemeente/GM9998/armoede"]
    ]);
    expect((await routes.valuesOf("gemeente/[code]/regelingen.md")).map((v) => v.path)).toEqual(["/gemeente/GM9999/regelingen"]);
    expect((await routes.valuesOf("gemeente/[code]/stadspas.md")).map((v) => v.path)).toEqual(["/gemeente/GM9999/stadspas"]);
    expect(await routes.valuesOf("index.md")).toEqual([]);
  });

  it("lists every dataset with its facts, and never a private path, in what it shows or inserts", () => {
    const datasets = listDatasets(ws.dataDir, "gemeente/[code]/schulden.md", "");
    expect(datasets.map((d) => d.name)).toEqual(["kwb-gm9999", "gebieden-gm9999", "kwb-2019", "regelingen", "kwb-gm9998"]);
    const kwb = datasets[0];
    expect(kwb).toMatchObject({rows: 3750, editions: [2020, 2021, 2022, 2023, 2024]});
    expect(kwb.indicators).toContain("laag_inkomen_pct");
    expect(kwb.snippet).toContain("const kwbFile = FileAttachment(`../../data/gemeente/${observable.params.code}/kwb.csv`);");
    expect(kwb.snippet).toContain("display(provenance(bronnen, [{name: studies.find((s) => s.code === observable.params.code).kwb, file: kwbFile}]));");
    const municipal = datasets.find((d) => d.name === "regelingen")!;
    expect(municipal.kind).toBe("Gemeentelijke tabel, na privacycontrole");
    expect(municipal.disclosure).toMatch(/onder 10\) afgeschermd, de rest afgerond op 5/);
    expect(municipal.snippet).toContain('FileAttachment("../../data/snapshots/regelingen.csv")');
    expect(JSON.stringify(datasets)).not.toMatch(/private|postcodes|requests/);
    // On a page in src/ itself: relative paths from there, and what the page declares already is left out.
    const root = listDatasets(ws.dataDir, "notities.md", 'import {provenance} from "./components/provenance.js";\nconst bronnen = FileAttachment("data/bronnen.json").json();')[0];
    expect(root.snippet).toBe(
      [
        "```js",
        'const kwbGm9999File = FileAttachment("data/snapshots/kwb-gm9999.csv");',
        "const kwbGm9999 = await kwbGm9999File.csv({typed: true});",
        "```",
        "",
        "```js",
        'display(provenance(bronnen, [{name: "kwb-gm9999", file: FileAttachment("data/snapshots/kwb-gm9999.csv")}]));',
        "```",
        ""
      ].join("\n")
    );
  });
});
