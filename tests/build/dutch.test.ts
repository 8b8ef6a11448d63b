/**
 * scripts/dutch.ts on the markup Framework 1.13 writes (render.js), including the table of contents, which the
 * demo pages do not have yet; the built site itself is checked in tests/browser/frame.test.ts.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {dutchHtml, dutchScript, INTERFACE_TEXT} from "../../scripts/dutch.js";
import {repoRoot} from "../support/paths.js";

const render = readFileSync(join(repoRoot, "node_modules/@observablehq/framework/dist/render.js"), "utf8");

describe("Framework's interface text in Dutch", () => {
  it("still finds the markup it rewrites in Framework's renderer", () => {
    expect(render).toContain('<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">');
    expect(render).toContain('<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>');
    expect(render).toContain('<nav id="observablehq-sidebar">');
    expect(render).toMatch(/<aside id="observablehq-toc" data-selector="\$\{tocSelector\}">\n<nav>\$\{headers\.length > 0 \? html`\n<div>\$\{label\}<\/div>/);
  });

  it("names the table of contents and its landmark in Dutch, once", () => {
    const toc = `<aside id="observablehq-toc" data-selector="h2">\n<nav>\n<div>Contents</div>\n<ol>\n<li class="observablehq-secondary-link"><a href="#a">A</a></li>\n</ol>\n</nav>\n</aside>`;
    const once = dutchHtml(toc);
    expect(once).toContain(`<nav aria-label="${INTERFACE_TEXT.tocNav}">\n<div>Inhoud</div>`);
    expect(dutchHtml(once)).toBe(once);
  });

  it("translates the runtime's error messages and the copy button", () => {
    const runtime = 'throw new E(`${e} is not defined`);new E(`${e} is defined more than once`);new E("circular definition")';
    expect(dutchScript(runtime)).toBe('throw new E(`${e} is niet gedefinieerd`);new E(`${e} is meer dan eens gedefinieerd`);new E("kringverwijzing: de cel hangt van zichzelf af")');
    expect(dutchScript('B.innerHTML=\'<button title="Copy code" class="x">\'')).toBe(`B.innerHTML='<button title="Code kopiëren" aria-label="Code kopiëren" class="x">'`);
  });
});
