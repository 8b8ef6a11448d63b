/**
 * Fills Framework's `_npm` cache from node_modules so that builds and previews never reach a CDN.
 *
 * Framework 1.13 resolves every `npm:` import (including the hidden ones behind `sql`, `Inputs` and
 * `FileAttachment`) to `src/.observablehq/cache/_npm/<name>@<version>/_esm.js` and downloads the file
 * from jsDelivr when it is missing. We bundle each browser library with esbuild into exactly that place.
 * Imports between vendored libraries stay relative, so each library is shipped once.
 */
import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {copyFile, mkdir, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {dirname, join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import * as esbuild from "esbuild";

export interface VendoredPackage {
  /** npm package name, as pages import it (`npm:<name>`). */
  name: string;
  /** Module to bundle, relative to the package folder; defaults to esbuild's browser resolution. */
  entry?: string;
  /** Other vendored packages this one imports; they are linked, not inlined. */
  deps?: string[];
  /**
   * Imports answered by another vendored bundle that re-exports them, e.g. vega-lite's `vega-util` from `vega`
   * (vega re-exports vega-util, vega-event-selector and vega-expression). The target must also be in `deps`.
   */
  aliases?: Record<string, string>;
  /** Extra files Framework asks for by path (`npm:<name>/<file>`), copied verbatim. */
  files?: string[];
  /**
   * Extra bundles of the same package, by file name (`npm:<name>/<file>`) → entry module relative to the repository,
   * e.g. vega's slim entry. A page loads one entry of a package, never two, so they may share code.
   */
  entries?: Record<string, string>;
}

/** The browser libraries every Buurtboek page may use. Order does not matter. */
export const packages: VendoredPackage[] = [
  {
    name: "@duckdb/duckdb-wasm",
    entry: "dist/duckdb-browser.mjs",
    deps: ["apache-arrow"],
    // Framework copies both platforms into every build that uses SQL; the browser loads one of them.
    files: ["dist/duckdb-eh.wasm", "dist/duckdb-browser-eh.worker.js", "dist/duckdb-mvp.wasm", "dist/duckdb-browser-mvp.worker.js"]
  },
  {name: "apache-arrow"},
  {name: "arquero", deps: ["@uwdata/flechette"]},
  // A light Arrow reader (45 kB) for pages that read Arrow without SQL; arquero shares it.
  {name: "@uwdata/flechette"},
  // vega-loader reads CSV with d3-dsv and TopoJSON with topojson-client, which pages also import: one copy each.
  {name: "vega", deps: ["d3-dsv", "topojson-client"], entries: {"slim.js": "scripts/vega-slim.js"}},
  // Only the techniek page uses vega-lite in the browser (through vega-embed); linked to vega so vega ships once.
  {name: "vega-lite", deps: ["vega"], aliases: {"vega-util": "vega", "vega-event-selector": "vega", "vega-expression": "vega"}},
  {name: "vega-embed", deps: ["vega", "vega-lite"], aliases: {"vega-util": "vega"}},
  {name: "d3-dsv"},
  {name: "htl"},
  {name: "isoformat"},
  {name: "yjs"},
  {name: "topojson-client"},
  {name: "@observablehq/inputs", deps: ["htl", "isoformat"]}
];

/**
 * Libraries that Framework's client and stdlib name for optional features (JSX, Plot, Leaflet, ECharts,
 * sample data, Parquet). Framework asks the npm registry for their latest version on every cold build, even
 * when no page uses them. An empty cache folder per name answers that question offline. A page that does
 * import one fails the build with this version in the URL, which says what to do: vendor it first.
 */
export const notVendored = [
  "react", "react-dom", "lodash", "d3", "echarts", "leaflet", "mapbox-gl", "parquet-wasm",
  "@observablehq/plot", "@observablehq/sample-datasets"
];
export const NOT_VENDORED = "0.0.0-not-vendored";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Reads the installed version of a package from node_modules. */
export async function installedVersion(name: string): Promise<string> {
  const pkg = JSON.parse(await readFile(packageDir(name) + "/package.json", "utf8"));
  return pkg.version;
}

function packageDir(name: string): string {
  return join(root, "node_modules", name);
}

/** Path of a vendored package's folder inside Framework's cache, e.g. `_npm/vega@6.4.0`. */
export function cachePath(name: string, version: string): string {
  return `_npm/${name}@${version}`;
}

/**
 * Writes every package into `<srcRoot>/.observablehq/cache/_npm`. Returns the files written, relative to the
 * cache folder. Stale versions of vendored packages are removed so Framework cannot pick an older cached
 * version. A stamp of the installed versions and this script skips the work when nothing changed.
 */
export async function vendor(srcRoot = join(root, "src")): Promise<string[]> {
  const cache = join(srcRoot, ".observablehq", "cache");
  const versions = new Map<string, string>();
  for (const p of packages) versions.set(p.name, await installedVersion(p.name));
  const pinned = await frameworkDuckDBVersion();
  if (versions.get("@duckdb/duckdb-wasm") !== pinned) {
    throw new Error(`@duckdb/duckdb-wasm ${versions.get("@duckdb/duckdb-wasm")} is installed, but Framework loads ${pinned}: npm install --save-exact @duckdb/duckdb-wasm@${pinned}`);
  }
  const stampFile = join(cache, "_npm", ".vendored.json");
  const stamp = createHash("sha256")
    .update(await readFile(fileURLToPath(import.meta.url)))
    .update(JSON.stringify([...versions]))
    .update((await Promise.all(packages.flatMap((p) => Object.values(p.entries ?? {})).map((e) => readFile(join(root, e), "utf8")))).join("\n"))
    .digest("hex");
  const previous = await readFile(stampFile, "utf8").then((t) => JSON.parse(t) as VendorStamp, () => null);
  if (previous?.stamp === stamp && previous.files.every((f) => existsSync(join(cache, f)))) return previous.files;

  const written: string[] = [];
  const libraries: Record<string, string[]> = {};
  for (const p of packages) {
    const version = versions.get(p.name)!;
    const dir = join(cache, cachePath(p.name, version));
    await removeOtherVersions(cache, p.name, version);
    await mkdir(dir, {recursive: true});
    const outfile = join(dir, "_esm.js");
    const link = (dep: string) => relative(dir, join(cache, cachePath(dep, versions.get(dep)!), "_esm.js"));
    libraries[p.name] = await bundle(p, join(packageDir(p.name), p.entry ?? ""), outfile, link, !p.entry);
    written.push(relative(cache, outfile));
    for (const [file, entry] of Object.entries(p.entries ?? {})) {
      libraries[`${p.name}/${file}`] = await bundle(p, join(root, entry), join(dir, file), link, false);
      written.push(relative(cache, join(dir, file)));
    }
    for (const file of p.files ?? []) {
      const target = join(dir, file);
      await mkdir(dirname(target), {recursive: true});
      await copyFile(join(packageDir(p.name), file), target);
      written.push(relative(cache, target));
    }
  }
  for (const name of notVendored) {
    await removeOtherVersions(cache, name, NOT_VENDORED);
    await mkdir(join(cache, cachePath(name, NOT_VENDORED)), {recursive: true});
    written.push(cachePath(name, NOT_VENDORED));
  }
  await writeFile(stampFile, JSON.stringify({stamp, files: written, libraries} satisfies VendorStamp, null, 2));
  return written;
}

/** What `_npm/.vendored.json` records: the stamp, the files written, and the npm packages inside each bundle. */
export interface VendorStamp {
  stamp: string;
  files: string[];
  libraries: Record<string, string[]>;
}

/** The npm packages whose code esbuild put into each vendored bundle (from the stamp that `vendor()` wrote). */
export async function bundledLibraries(srcRoot = join(root, "src")): Promise<Record<string, string[]>> {
  const stamp = JSON.parse(await readFile(join(srcRoot, ".observablehq", "cache", "_npm", ".vendored.json"), "utf8")) as VendorStamp;
  return stamp.libraries;
}

/**
 * Libraries that bundles of more than one vendored package contain, with the bundles: a page would download them
 * twice. Entries of one package (`vega` and `vega/slim.js`) are alternatives, so they count as one.
 */
export function duplicateLibraries(libraries: Record<string, string[]>): Record<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [bundleName, libs] of Object.entries(libraries)) for (const lib of libs) owners.set(lib, [...(owners.get(lib) ?? []), bundleName]);
  const packageOf = (bundleName: string) => packages.find((p) => bundleName === p.name || bundleName.startsWith(`${p.name}/`))?.name ?? bundleName;
  return Object.fromEntries([...owners].filter(([, bundles]) => new Set(bundles.map(packageOf)).size > 1));
}

/** The version of DuckDB-wasm that Framework's `sql` and `DuckDBClient` pin (its `DUCKDB_WASM_VERSION`). */
export async function frameworkDuckDBVersion(): Promise<string> {
  const source = await readFile(join(packageDir("@observablehq/framework"), "dist", "duckdb.js"), "utf8");
  const version = source.match(/DUCKDB_WASM_VERSION\s*=\s*"([^"]+)"/)?.[1];
  if (!version) throw new Error("cannot find DUCKDB_WASM_VERSION in @observablehq/framework/dist/duckdb.js");
  return version;
}

/** Bundles one package; returns the npm packages whose code ended up inside (from esbuild's metafile). */
async function bundle(p: VendoredPackage, entry: string, outfile: string, link: (dep: string) => string, byName: boolean): Promise<string[]> {
  const deps = new Set(p.deps ?? []);
  const aliases = p.aliases ?? {};
  const result = await esbuild.build({
    // A bare name lets esbuild pick the package's browser/module entry itself.
    entryPoints: [byName ? p.name : entry],
    absWorkingDir: root,
    outfile,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "error",
    metafile: true,
    plugins: [
      {
        name: "link-vendored",
        setup(build) {
          build.onResolve({filter: /^[^./]/}, (args) => {
            const name = aliases[args.path] ?? packageName(args.path);
            if (!deps.has(name) || (args.path !== name && !(args.path in aliases))) return undefined;
            const path = link(name);
            return {path: path.startsWith(".") ? path : `./${path}`, external: true};
          });
        }
      }
    ]
  });
  const libraries = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = input.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m) libraries.add(m[1]);
  }
  return [...libraries].sort();
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

async function removeOtherVersions(cache: string, name: string, version: string): Promise<void> {
  const scope = name.startsWith("@") ? name.split("/")[0] : "";
  const base = name.startsWith("@") ? name.split("/")[1] : name;
  const dir = join(cache, "_npm", scope);
  let entries: string[] = [];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith(`${base}@`) && entry !== `${base}@${version}`) {
      await rm(join(dir, entry), {recursive: true, force: true});
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await vendor();
  console.log(`vendored ${packages.length} browser libraries (${files.length} files) into src/.observablehq/cache/_npm`);
}
