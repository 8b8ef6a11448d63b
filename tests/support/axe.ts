/**
 * Accessibility checks with axe-core 4 in a real page. axe is injected from node_modules (no network) and runs the
 * WCAG 2 A/AA rules plus best practices; tests assert on the serious and critical violations it returns. Duplicate
 * ids count too: axe 4.7 retired its rule for ids no ARIA attribute references, but a link to `#kaart` or a label
 * still goes to the first of two, as Framework's heading anchors and a page's own ids can clash.
 */
import {createRequire} from "node:module";
import type {Page} from "playwright-core";

const AXE_SCRIPT = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The rule sets every page must pass. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** One failing rule with the elements it failed on. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** CSS selector and axe's explanation per failing element. */
  nodes: {target: string; summary: string}[];
}

/** Impacts a page may not have. */
const BLOCKING = new Set(["serious", "critical"]);

/**
 * Runs axe on the page as it is now and returns its serious and critical violations (empty when the page passes).
 * `include` narrows the check to a selector.
 */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({path: AXE_SCRIPT});
  const results = await page.evaluate(
    async ({tags, include}) => {
      const axe = (window as any).axe;
      const r = await axe.run(include ? {include: [include]} : document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
      return r.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n: any) => ({target: n.target.join(" "), summary: String(n.failureSummary ?? "").replace(/\s+/g, " ").trim()}))
      }));
    },
    {tags: AXE_TAGS, include}
  );
  const duplicates = await page.evaluate((include) => {
    const scope = include ? document.querySelector(include) : document;
    const ids = [...(scope?.querySelectorAll("[id]") ?? [])].map((e) => e.id).filter(Boolean);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  }, include);
  const duplicateIds: AxeViolation[] = duplicates.length
    ? [{id: "duplicate-id", impact: "serious", help: "ids must be unique", helpUrl: "https://www.w3.org/TR/html52/dom.html#the-id-attribute", nodes: duplicates.map((id) => ({target: `#${id}`, summary: `id "${id}" is used more than once`}))}]
    : [];
  return [...(results as AxeViolation[]).filter((v) => BLOCKING.has(v.impact)), ...duplicateIds];
}

/** The violations as lines a person can act on: rule, impact, help, then each element with axe's reason. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => [`${v.id} (${v.impact}): ${v.help}`, ...v.nodes.map((n) => `  ${n.target}: ${n.summary}`)].join("\n"))
    .join("\n");
}
