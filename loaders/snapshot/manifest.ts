/**
 * The workspace manifest (`data/workspace.json`): the declarative list of datasets a workspace uses.
 * Validated with zod; every error names the path of the bad field, e.g. `datasets[1].table`.
 */
import {readFile} from "node:fs/promises";
import {z} from "zod";

/** Dataset names become file names in `data/snapshots/` and loader parameters, so keep them plain. */
const datasetName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and dashes");
const regionCode = z.string().regex(/^(NL00|PV\d{2}|GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$/, "not a CBS region code");
const gemeenteCode = z.string().regex(/^GM\d{4}$/, "not a gemeente code such as GM0518");
const level = z.enum(["land", "provincie", "gemeente", "wijk", "buurt"]);

/** A CBS StatLine table, fetched with the CBS client (v3 or v4) and the filters the client accepts. */
export const cbsDataset = z.strictObject({
  name: datasetName,
  kind: z.literal("cbs"),
  /** Reader-facing title; defaults to the CBS table title. */
  title: z.string().optional(),
  table: z.string().regex(/^[0-9]{5}[A-Z]{3}$/i, "not a CBS table id such as 84583NED"),
  api: z.enum(["v3", "v4"]).default("v3"),
  levels: z.array(level).nonempty().optional(),
  regions: z.array(regionCode).nonempty().optional(),
  within: regionCode.optional(),
  /** Measure keys or exact titles (titles survive the key drift between yearly editions). */
  measures: z.array(z.string().min(1)).nonempty().optional(),
  periods: z.array(z.string().regex(/^\d{4}[A-Z]{2}\d{2}$/, "not a CBS period code such as 2023JJ00")).nonempty().optional()
});

/** One layer of a geometry dataset: a GeoJSON file (relative to the data folder) or URL, keyed by CBS code. */
export const geometryLayer = z
  .strictObject({
    name: datasetName,
    path: z.string().min(1).optional(),
    url: z.url().optional(),
    /** Property holding the CBS code (`statcode`, `buurtcode`, ...). */
    code: z.string().min(1),
    /** Property holding the area name. */
    label: z.string().min(1).optional()
  })
  .refine((layer) => (layer.path == null) !== (layer.url == null), {message: "give exactly one of path or url"});

/** Boundaries, converted to one TopoJSON topology with one object per layer. */
export const geometryDataset = z
  .strictObject({
    name: datasetName,
    kind: z.literal("geometry"),
    title: z.string().optional(),
    /** The geometry year, shown on pages beside the table version. */
    year: z.int().min(1900).max(2100),
    /** The gemeente these boundaries belong to; without `layers`, its wijken and buurten come from PDOK. */
    gemeente: gemeenteCode.optional(),
    /**
     * `["gemeenten"]` without `gemeente`: PDOK's collection of every gemeente's boundary in `year` (the national
     * overview's map). Absent: the wijken and buurten of `gemeente`.
     */
    collections: z.tuple([z.literal("gemeenten")]).optional(),
    /** GeoJSON files or URLs; absent means PDOK's wijken and buurten of `gemeente` in `year`. */
    layers: z.array(geometryLayer).nonempty().optional(),
    /** Served by the demo generator instead of PDOK (demo workspaces only). */
    demo: z.literal(true).optional(),
    /** Quantization of the topology (default 1e5). */
    quantization: z.int().positive().optional(),
    /** Simplify: drop vertices whose triangle with their neighbours is under this many m² (e.g. 500); borders stay shared. */
    simplify: z.number().nonnegative().optional()
  })
  .refine((d) => d.layers != null || d.gemeente != null || d.collections != null, {message: "give layers, or a gemeente whose PDOK boundaries to fetch", path: ["layers"]})
  .refine((d) => d.collections == null || (d.gemeente == null && d.layers == null), {message: "the gemeenten collection covers every gemeente: drop gemeente and layers", path: ["collections"]});

/**
 * KWB ("Kerncijfers wijken en buurten") for one gemeente across editions, as tidy rows of stable indicators
 * (see loaders/kwb). Each edition is pulled at levels gemeente, wijk and buurt, plus the Nederland row.
 */
export const kwbDataset = z.strictObject({
  name: datasetName,
  kind: z.literal("kwb"),
  title: z.string().optional(),
  gemeente: gemeenteCode,
  /** Edition years, e.g. [2020, 2021, 2022, 2023, 2024]. */
  editions: z.array(z.int().min(2013).max(2100)).nonempty(),
  /** Table ids that differ from the built-in list (confirmed against the CBS catalogue by `buurtboek init`). */
  tables: z.record(z.string().regex(/^\d{4}$/, "an edition year"), z.string().regex(/^[0-9]{5}[A-Z]{3}$/i, "not a CBS table id")).optional(),
  api: z.enum(["v3", "v4"]).default("v3"),
  /**
   * Which measures the snapshot keeps: `all` (default) or `study`, the stable indicators plus the context measures
   * the comparison with other gemeenten uses (loaders/kwb/peers.ts); a national workspace stays a few times smaller.
   */
  measures: z.enum(["all", "study"]).optional(),
  /** The gemeente's provincie (CBS "Gebieden in Nederland"), for the home page's list by provincie. */
  provincie: z.strictObject({code: z.string().regex(/^PV\d{2}$/, "not a provincie code such as PV26"), name: z.string().min(1)}).optional(),
  /** Served by the demo generator instead of CBS (demo workspaces only). */
  demo: z.literal(true).optional()
});

/** Disclosure-control options; every one defaults to the CBS-style value (threshold 10, round 5, minDenominator 100). */
const disclosure = z.strictObject({
  /** Counts from 1 up to (not including) this are suppressed. */
  threshold: z.int().min(1).optional(),
  /** Published counts are rounded to multiples of this. */
  round: z.int().min(1).optional(),
  /** Rates are published only when their denominator is at least this. */
  minDenominator: z.int().min(1).optional(),
  /** How wide a reader's interval for a small suppressed count must be: `protection` (default) or `minimum`. */
  intervals: z.enum(["protection", "minimum"]).optional()
});

/**
 * A municipal extract (CSV or XLSX) that becomes a disclosure-controlled table of counts per buurt, wijk and
 * gemeente. `aggregated`: rows of area code, `by` columns and a `count`; `microdata`: one row per household or
 * decision, with an area code or a PC6 postcode (mapped to buurten with `postcodes`).
 */
export const municipalDataset = z
  .strictObject({
    name: datasetName,
    kind: z.literal("municipal"),
    title: z.string().min(1),
    publisher: z.string().min(1),
    shape: z.enum(["aggregated", "microdata"]),
    /**
     * The gemeente the extract covers; rows with areas of another gemeente are reported as unmapped. Defaults to
     * the workspace's `municipality`; a regional workspace names it on each extract, one extract per gemeente.
     */
    gemeente: gemeenteCode.optional(),
    /** The extract, relative to the data folder; must lie in `private/` unless `public` is true. */
    path: z.string().min(1),
    /** XLSX: the worksheet to read, by name. */
    sheet: z.string().min(1).optional(),
    /** The column with the area code (buurt or wijk) or, for microdata with `postcodes`, the PC6 postcode. */
    area: z.string().min(1),
    /** A postcode → buurt table (columns `postcode` and `buurtcode`), relative to the data folder. */
    postcodes: z.string().min(1).optional(),
    /** The grouping columns (scheme, year, …). */
    by: z.array(z.string().min(1)).default([]),
    /** aggregated: the count column. */
    count: z.string().min(1).optional(),
    /** Number style of text cells: `nl` (1.234,5) or `en` (1,234.5). */
    numbers: z.enum(["nl", "en"]).default("nl"),
    disclosure: disclosure.default({}),
    /** The extract is already public, so it may live outside `private/`. */
    public: z.boolean().optional()
  })
  .superRefine((d, ctx) => {
    if (d.shape === "aggregated" && !d.count) ctx.addIssue({code: "custom", path: ["count"], message: 'an aggregated extract needs "count": the column with the counts'});
    if (d.shape === "microdata" && d.count) ctx.addIssue({code: "custom", path: ["count"], message: 'microdata are counted row by row (column "aantal"); remove "count"'});
    if (d.shape === "aggregated" && d.postcodes) ctx.addIssue({code: "custom", path: ["postcodes"], message: "postcodes only apply to microdata"});
    const names = [d.area, ...d.by, ...(d.count ? [d.count] : [])];
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({code: "custom", path: ["by"], message: `column "${dup}" is used twice`});
    for (const reserved of ["region_code", "region_level"]) if (d.by.includes(reserved)) ctx.addIssue({code: "custom", path: ["by"], message: `"${reserved}" is a column of the published table; rename it`});
  });

/** A part of the seeded demo workspace Voorbeeldstad (synthetic; see `buurtboek demo`). */
export const demoDataset = z.strictObject({
  name: datasetName,
  kind: z.literal("demo"),
  title: z.string().optional(),
  part: z.enum(["kwb-2018", "kwb-2019", "kwb-2020", "gebieden"])
});

export const dataset = z.discriminatedUnion("kind", [cbsDataset, kwbDataset, geometryDataset, municipalDataset, demoDataset]);

export const manifestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1),
    /** Workspace id, e.g. `voorbeeldstad`. */
    name: datasetName,
    title: z.string().min(1),
    municipality: z.strictObject({code: regionCode, name: z.string().min(1)}).optional(),
    /**
     * Present in demo workspaces: the generator seed, and for a synthetic national workspace the number of
     * gemeenten (`buurtboek demo --gemeenten 342`). Pages built from demo data show a banner.
     */
    demo: z.strictObject({seed: z.int(), gemeenten: z.int().min(2).max(999).optional()}).optional(),
    datasets: z.array(dataset).nonempty()
  })
  .superRefine((manifest, ctx) => {
    const seen = new Map<string, number>();
    manifest.datasets.forEach((d, i) => {
      if (seen.has(d.name)) ctx.addIssue({code: "custom", path: ["datasets", i, "name"], message: `duplicate dataset name "${d.name}" (also datasets[${seen.get(d.name)}])`});
      else seen.set(d.name, i);
      if (d.kind === "demo" && !manifest.demo) ctx.addIssue({code: "custom", path: ["datasets", i, "kind"], message: 'kind "demo" needs a top-level "demo": {"seed": …}'});
      if (d.kind !== "demo" && "demo" in d && d.demo && !manifest.demo) ctx.addIssue({code: "custom", path: ["datasets", i, "demo"], message: '"demo": true needs a top-level "demo": {"seed": …}'});
    });
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type Dataset = z.infer<typeof dataset>;
export type CbsDataset = z.infer<typeof cbsDataset>;
export type KwbDataset = z.infer<typeof kwbDataset>;
export type GeometryDataset = z.infer<typeof geometryDataset>;
export type MunicipalDataset = z.infer<typeof municipalDataset>;
export type DemoDataset = z.infer<typeof demoDataset>;

/** A manifest that failed validation; `issues` are `path: message` lines. */
export class ManifestError extends Error {
  constructor(readonly file: string, readonly issues: string[]) {
    super(`${file}: invalid manifest: ${issues.join("; ")}`);
    this.name = "ManifestError";
  }
}

/** Formats a zod issue path as `datasets[1].measures[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
  return out || "(root)";
}

/** Validates parsed JSON as a manifest; throws {@link ManifestError} naming each bad field's path. */
export function parseManifest(value: unknown, file = "workspace.json"): Manifest {
  const result = manifestSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ManifestError(file, result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
}

/** Reads and validates a manifest file. */
export async function loadManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new ManifestError(file, ["(root): file not found; run `buurtboek demo` or write a manifest"]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(file, [`(root): not valid JSON: ${(error as Error).message}`]);
  }
  return parseManifest(json, file);
}
