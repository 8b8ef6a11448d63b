/** v4 long format (one observation per cell) to the wide output (one row per dimension tuple, one column per measure). */
import type {Observation} from "./v4.js";
import type {MeasureInfo, Row} from "./types.js";

/**
 * Accumulates observations into wide rows. A cell without an observation (v4 omits empty cells) stays null;
 * a tuple without any observation produces no row. Rows keep the order in which tuples first appear.
 */
export class Pivot {
  private readonly rows = new Map<string, Row>();
  private readonly wanted: Map<string, MeasureInfo>;

  constructor(
    private readonly dimensions: string[],
    measures: MeasureInfo[],
    private readonly makeRow: (obs: Observation) => Row | null
  ) {
    this.wanted = new Map(measures.map((m) => [m.key, m]));
  }

  /** Adds one page of observations. */
  add(observations: Observation[]): void {
    const dims = this.dimensions;
    for (const obs of observations) {
      const measure = this.wanted.get(obs.Measure);
      if (!measure) continue;
      // Inlined `dims.map(d => obs[d]).join("\u0001")`: this loop runs once per observation (millions for big tables).
      let key = "";
      for (let i = 0; i < dims.length; i++) key += (i ? "\u0001" : "") + String(obs[dims[i]]);
      let row = this.rows.get(key);
      if (row === undefined) {
        const made = this.makeRow(obs);
        if (made === null) continue;
        row = made;
        for (const m of this.wanted.keys()) row[m] = null;
        this.rows.set(key, row);
      }
      row[measure.key] = cellOf(obs, measure);
    }
  }

  /** The wide rows so far. */
  result(): Row[] {
    return [...this.rows.values()];
  }
}

/** The value of an observation: `Value` for numbers, `StringValue` for text; null when flagged or absent. */
export function cellOf(obs: Observation, measure: MeasureInfo): string | number | null {
  if (measure.datatype === "string") return obs.StringValue == null ? null : String(obs.StringValue).trim();
  if (obs.Value == null || (typeof obs.Value === "number" && !Number.isFinite(obs.Value))) return null;
  return typeof obs.Value === "number" ? obs.Value : Number(obs.Value);
}
