/**
 * axe-core in the page, from node_modules (vendored, offline). A small local helper until tests/support/axe.ts
 * (engineer E, branch issue-12) lands; then use that one.
 */
import {createRequire} from "node:module";
import type {Page} from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Violations of impact serious or critical, as `id: help (n nodes)` lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({path: axePath});
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as {axe: {run: (o: unknown) => Promise<{violations: {id: string; impact: string; help: string; nodes: {target: string[]}[]}[]}>}}).axe.run({resultTypes: ["violations"]});
    return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3)}));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.join("; ")})`);
}
