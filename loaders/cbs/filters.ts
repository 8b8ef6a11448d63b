/**
 * Region, period and measure selection: a precise client-side predicate, plus the part of it that can be
 * pushed down to the server as an OData `$filter` (padded literals for v3, plain ones for v4).
 */
import {LEVEL_PREFIX, municipalityOf, normaliseMunicipality, pad, regionLevel, type RegionLevel} from "./regions.js";
import type {DimensionInfo, Selection} from "./types.js";

/** A filter on one dimension: the OData clause sent to the server (if any) and what the server will then return. */
export interface Pushdown {
  clause: string | undefined;
  /** True for codes the server returns under `clause`; used to estimate result size before asking. */
  server: (code: string) => boolean;
  /** True for codes the user wants; applied to every returned row, so an over-broad server filter is harmless. */
  client: (code: string) => boolean;
}

// Long `or` chains make URLs that proxies reject; past this many codes we filter on our side instead.
const MAX_PUSHED_CODES = 60;

/** Literal quoting for OData: a single quote is doubled. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function literal(dim: DimensionInfo, code: string): string {
  return quote(dim.width > 0 ? pad(code, dim.width) : code);
}

function eqChain(field: string, literals: string[]): string {
  return literals.map((l) => `(${field} eq ${l})`).join(" or ");
}

/**
 * The region selection for a region dimension. `within` keeps the gemeente (or each of several) and its wijken and
 * buurten; several gemeenten are pushed down as one `or` chain while it stays short, else filtered on our side.
 */
export function regionPushdown(dim: DimensionInfo, sel: Selection): Pushdown {
  const levels = sel.levels && sel.levels.length ? new Set<RegionLevel>(sel.levels) : null;
  const within = sel.within == null || (Array.isArray(sel.within) && !sel.within.length) ? null : new Set([sel.within].flat().map(normaliseMunicipality));
  const regions = sel.regions && sel.regions.length ? new Set(sel.regions.map((r) => r.trim().toUpperCase())) : null;
  const client = (code: string) =>
    (!regions || regions.has(code)) && (!levels || levels.has(regionLevel(code))) && (!within || within.has(municipalityOf(code) ?? ""));
  const all = () => true;
  if (regions) {
    if (regions.size > MAX_PUSHED_CODES) return {clause: undefined, server: all, client};
    return {clause: eqChain(dim.key, [...regions].map((r) => literal(dim, r))), server: (c) => regions.has(c), client};
  }
  if (within) {
    const wanted = (["gemeente", "wijk", "buurt"] as RegionLevel[]).filter((l) => !levels || levels.has(l));
    const parts = [...within].flatMap((gemeente) => {
      const digits = gemeente.slice(2);
      return wanted.map((l) => (l === "gemeente" ? `(${dim.key} eq ${literal(dim, gemeente)})` : `startswith(${dim.key},${quote(LEVEL_PREFIX[l]! + digits)})`));
    });
    if (parts.length === 0) return {clause: `(${dim.key} eq '')`, server: () => false, client: () => false};
    if (parts.length > MAX_PUSHED_CODES) return {...levelPushdown(dim, new Set(wanted)), client};
    return {clause: parts.join(" or "), server: client, client};
  }
  if (levels) return {...levelPushdown(dim, levels), client};
  return {clause: undefined, server: all, client: all};
}

/** Levels as `startswith` on their code prefixes. */
function levelPushdown(dim: DimensionInfo, levels: Set<RegionLevel>): Omit<Pushdown, "client"> {
  // "overig" has no prefix, so a level list containing it cannot be pushed down.
  if (levels.has("overig")) return {clause: undefined, server: () => true};
  const parts = [...levels].map((l) => `startswith(${dim.key},${quote(LEVEL_PREFIX[l]!)})`);
  const prefixes = [...levels].map((l) => LEVEL_PREFIX[l]!);
  return {clause: parts.join(" or "), server: (c) => prefixes.some((p) => c.startsWith(p))};
}

/** A list of wanted codes on any dimension (periods, v4 measures): `eq` chains. */
export function codePushdown(dim: Pick<DimensionInfo, "key" | "width">, codes: string[] | undefined): Pushdown {
  if (!codes || codes.length === 0) return {clause: undefined, server: () => true, client: () => true};
  const set = new Set(codes.map((c) => c.trim()));
  if (set.size > MAX_PUSHED_CODES) return {clause: undefined, server: () => true, client: (c) => set.has(c)};
  return {clause: eqChain(dim.key, [...set].map((c) => literal(dim as DimensionInfo, c))), server: (c) => set.has(c), client: (c) => set.has(c)};
}

/** Joins clauses with `and`, parenthesising each. */
export function andAll(clauses: (string | undefined)[]): string | undefined {
  const cs = clauses.filter((c): c is string => !!c);
  if (cs.length === 0) return undefined;
  return cs.length === 1 ? cs[0] : cs.map((c) => `(${c})`).join(" and ");
}
