/**
 * The join between a gemeente's KWB rows and its boundaries, per edition and level: codes in the data without a
 * shape, and shapes without data. Boundaries are of one year and codes change between editions, so older
 * editions often have codes the map cannot draw; the study page shows this report.
 */
import type {Topology} from "topojson-specification";

/** The join of one edition at one level. */
export interface JoinEntry {
  edition: number;
  level: "wijk" | "buurt";
  /** Regions with a row and a shape: what the map draws. */
  matched: number;
  /** Codes in the data without a shape, sorted. */
  withoutShape: string[];
  /** Codes of shapes without a row in this edition, sorted. */
  withoutData: string[];
}

/** The object names of the levels in a geometry snapshot. */
export const LAYER_OF_LEVEL = {wijk: "wijken", buurt: "buurten"} as const;

/** Codes of the features of one topology object (empty when the object is missing). */
export function topologyCodes(topology: Topology, object: string): string[] {
  const o = topology.objects[object];
  if (!o || o.type !== "GeometryCollection") return [];
  return o.geometries.filter((g) => g.type != null).map((g) => String((g.properties as {code?: string} | undefined)?.code ?? g.id));
}

/** Builds the join report from the regions of each edition (`{edition, level, code}`) and the topology. */
export function joinReport(regions: {edition: number; region_level: string; region_code: string}[], topology: Topology): JoinEntry[] {
  const out: JoinEntry[] = [];
  const editions = [...new Set(regions.map((r) => r.edition))].sort((a, b) => a - b);
  for (const level of ["wijk", "buurt"] as const) {
    const shapes = new Set(topologyCodes(topology, LAYER_OF_LEVEL[level]));
    for (const edition of editions) {
      const codes = new Set(regions.filter((r) => r.edition === edition && r.region_level === level).map((r) => r.region_code));
      const withoutShape = [...codes].filter((c) => !shapes.has(c)).sort();
      const withoutData = [...shapes].filter((c) => !codes.has(c)).sort();
      out.push({edition, level, matched: codes.size - withoutShape.length, withoutShape, withoutData});
    }
  }
  return out;
}

/** One line per edition and level with a mismatch, for the pull's log. */
export function formatJoin(entries: JoinEntry[]): string[] {
  return entries
    .filter((e) => e.withoutShape.length || e.withoutData.length)
    .map((e) => `${e.edition} ${e.level}: ${e.matched} matched; ${e.withoutShape.length} code(s) without shape${e.withoutShape.length ? ` (${e.withoutShape.slice(0, 5).join(", ")}${e.withoutShape.length > 5 ? ", …" : ""})` : ""}; ${e.withoutData.length} shape(s) without data${e.withoutData.length ? ` (${e.withoutData.slice(0, 5).join(", ")}${e.withoutData.length > 5 ? ", …" : ""})` : ""}`);
}
