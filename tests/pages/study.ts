/** What the poverty-study browser tests read from a built page: drawn paths, legend, tables and CSV downloads. */
import {parse} from "csv-parse/sync";
import type {Page} from "playwright-core";

/** The fills and codes of the map's paths: `code` of the boundary, `region` of the row drawn in it (an earlier code after a re-coding). */
export function mapPaths(page: Page): Promise<{code: string; region: string; fill: string; value: string; status: string}[]> {
  return page.$$eval("#kaart svg path", (paths) => paths.map((p) => ({
    code: p.getAttribute("data-code")!, region: p.getAttribute("data-region") ?? p.getAttribute("data-code")!,
    fill: p.getAttribute("fill")!, value: p.getAttribute("data-value")!, status: p.getAttribute("data-status")!
  })));
}

/** The legend's text. */
export async function legendText(page: Page): Promise<string> {
  return (await page.textContent("#kaart .bb-legend")) ?? "";
}

/** Opens every reproduce panel, clicks its download and returns each CSV parsed, by chart (`data-chart`). */
export async function downloads(page: Page): Promise<Map<string, Record<string, string>[]>> {
  const out = new Map<string, Record<string, string>[]>();
  const panels = await page.$$("[data-chart] .bb-reproduce");
  for (const panel of panels) {
    const chart = await panel.evaluate((d) => d.closest("[data-chart]")!.getAttribute("data-chart")!);
    await panel.evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const link = await panel.$("a.bb-download");
    // The file is made on click; keep the browser from navigating to the blob.
    await link!.evaluate((a) => a.addEventListener("click", (e) => e.preventDefault(), {once: true}));
    await link!.click();
    const text = await link!.evaluate(async (a) => (await fetch((a as HTMLAnchorElement).href)).text());
    out.set(chart, parse(text, {columns: true}) as Record<string, string>[]);
  }
  return out;
}

/** Region codes of the rows of a table inside `selector`. */
export function tableCodes(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(`${selector} tbody tr`, (rows) => rows.map((r) => r.getAttribute("data-code")!));
}
