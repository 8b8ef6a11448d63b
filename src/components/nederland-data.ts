/**
 * Pure functions for the national overview `/nederland` over `data/nederland.json`: one row per gemeente for an
 * indicator and edition (in the tidy snapshot's shape, so the study's legend, distribution and CSV download fit),
 * the figures the prose cites, and the SQL over the national CSV that gives the same rows. No DOM.
 */
import type {AreaRow} from "./study-data.js";
import {median, valueOf, type NationalData} from "./peers-data.js";

/** A gemeente's row, with its provincie. */
export type NationalRow = AreaRow & {provincie: string | null};

/** Every gemeente's row for an indicator and edition, in code order. */
export function nationalRows(national: NationalData, indicator: string, edition: number): NationalRow[] {
  return national.gemeenten.map((g, i) => {
    const v = valueOf(national, i, indicator, edition);
    return {region_code: g.code, region_name: g.name, region_level: "gemeente", edition, indicator, value: v.value, status: v.status, provincie: g.provincie};
  });
}

/** The rows with a value, highest first (ties by name), each with its place. */
export function ranking(rows: NationalRow[]): (NationalRow & {rank: number})[] {
  const valued = rows.filter((r) => r.value != null).sort((a, b) => b.value! - a.value! || a.region_name.localeCompare(b.region_name, "nl"));
  return valued.map((r) => ({...r, rank: 1 + valued.filter((o) => o.value! > r.value!).length}));
}

/** Whether an edition has the indicator but no gemeente has a value yet (a first release). */
export function notYetPublishedNationally(national: NationalData, indicator: string, edition: number): boolean {
  const column = national.values[edition]?.[indicator];
  if (!column) return false;
  const statuses = Object.values(national.status[edition]?.[indicator] ?? {});
  return column.every((v) => v == null) && statuses.length > 0 && statuses.every((s) => s === "nog niet gepubliceerd");
}

/** The figures the overview's prose cites. */
export interface NationalSummary {
  total: number;
  valued: number;
  highest: NationalRow | null;
  lowest: NationalRow | null;
  median: number | null;
  nederland: number | null;
  /** Gemeenten without a value, counted by reason. */
  missing: Record<string, number>;
}

export function summariseNational(national: NationalData, rows: NationalRow[], indicator: string, edition: number): NationalSummary {
  const ranked = ranking(rows);
  const missing: Record<string, number> = {};
  for (const r of rows) if (r.value == null) missing[r.status ?? "niet beschikbaar"] = (missing[r.status ?? "niet beschikbaar"] ?? 0) + 1;
  return {
    total: rows.length,
    valued: ranked.length,
    highest: ranked[0] ?? null,
    lowest: ranked.at(-1) ?? null,
    median: median(ranked.map((r) => r.value!)),
    nederland: national.nederland[edition]?.[indicator] ?? null,
    missing
  };
}

/** The SQL over the national CSV (table `nederland`) that selects the overview's rows. */
export function nationalSql(indicator: string, edition: number, order: "code" | "ranking" = "code"): string {
  return [
    "SELECT region_code, region_name, region_level, edition, indicator, value, status",
    "FROM nederland",
    `WHERE indicator = '${indicator}'`,
    `  AND edition = ${edition}`,
    "  AND region_level = 'gemeente'",
    order === "ranking" ? "ORDER BY value DESC NULLS LAST, region_name;" : "ORDER BY region_code;"
  ].join("\n");
}
