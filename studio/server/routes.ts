/**
 * The concrete routes of a parameterized page, for the preview's picker: Framework builds `gemeente/[code]/armoede.md`
 * once per path its config's `dynamicPaths` lists (`/gemeente/GM9999/armoede`, …), so the picker offers exactly
 * those, taken from the same `dynamicPaths` the build uses, with each gemeente's name.
 */
import {existsSync} from "node:fs";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import {gemeenteNames} from "../../loaders/kwb/route.js";
import {paramsOf} from "./page-list.js";

/** One value of a parameterized page's route. */
export interface RouteValue {
  /** The parameter values, e.g. {code: "GM9999"}. */
  params: Record<string, string>;
  /** What the picker shows, e.g. "Voorbeeldstad (GM9999)". */
  label: string;
  /** The route to preview, e.g. /gemeente/GM9999/armoede. */
  path: string;
}

/** The route of a page: `/gemeente/[code]/armoede` for `gemeente/[code]/armoede.md`, `/` for `index.md`. */
export function routeOf(page: string): string {
  return "/" + page.replace(/\.md$/, "").replace(/(^|\/)index$/, "$1");
}

type DynamicPaths = undefined | string[] | Iterable<string> | AsyncIterable<string> | (() => Iterable<string> | AsyncIterable<string> | Promise<Iterable<string>>);

export class Routes {
  constructor(
    private readonly root: string,
    private readonly dataDir: string
  ) {}

  /** Every path the workspace's config lists in `dynamicPaths`, for this workspace's data folder. */
  async dynamicPaths(): Promise<string[]> {
    const file = join(this.root, "observablehq.config.ts");
    if (!existsSync(file)) return [];
    // The config reads the data folder (BUURTBOEK_DATA_DIR) and the pages (BUURTBOEK_SRC_DIR, else ./src) when
    // loaded and when called, as it does in the build; point both at this workspace meanwhile.
    const env = {BUURTBOEK_DATA_DIR: this.dataDir, BUURTBOEK_SRC_DIR: join(this.root, "src")};
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    let result: unknown;
    try {
      const config = ((await import(pathToFileURL(file).href)) as {default?: {dynamicPaths?: DynamicPaths}}).default;
      const spec = config?.dynamicPaths;
      result = typeof spec === "function" ? spec() : spec;
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const paths: string[] = [];
    const value = await result;
    if (value && typeof (value as AsyncIterable<string>)[Symbol.asyncIterator] === "function") for await (const p of value as AsyncIterable<string>) paths.push(p);
    else if (value) for (const p of value as Iterable<string>) paths.push(p);
    return paths;
  }

  /** The values a parameterized page can be previewed with, in the order `dynamicPaths` lists them; [] for others. */
  async valuesOf(page: string): Promise<RouteValue[]> {
    const params = paramsOf(page);
    if (!params.length) return [];
    const pattern = new RegExp(`^${routeOf(page).split(/\[[^\]/]+\]/).map(escapeRegExp).join("([^/]+)")}(?:\\.html)?$`);
    const names = this.gemeenteNames();
    const seen = new Set<string>();
    const values: RouteValue[] = [];
    for (const path of await this.dynamicPaths()) {
      const m = pattern.exec(path);
      if (!m || seen.has(path)) continue;
      seen.add(path);
      const bound = Object.fromEntries(params.map((p, i) => [p, m[i + 1]]));
      const label = params.map((p) => (p === "code" && names.has(bound[p]) ? `${names.get(bound[p])} (${bound[p]})` : bound[p])).join(", ");
      values.push({params: bound, label, path: path.replace(/\.html$/, "")});
    }
    return values;
  }

  /** Gemeente code → name, from the workspace's KWB snapshots. */
  private gemeenteNames(): Map<string, string> {
    return gemeenteNames(this.dataDir);
  }

}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
