/** Resolving measures by key or by exact title, because keys drift between yearly editions of a table. */
import type {MeasureInfo} from "./types.js";

/** Thrown for a measure that is neither a key nor an exact title; lists close candidates. */
export class UnknownMeasureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownMeasureError";
  }
}

/**
 * Resolves each requested name to a measure: first an exact key, then an exact title (case and surrounding
 * whitespace ignored, nothing fuzzier, so a typo fails loudly instead of picking the wrong column).
 * A title shared by several measures (KWB has "Appartement" under both electricity and gas) is an error naming the keys.
 */
export function resolveMeasures(requested: string[] | undefined, available: MeasureInfo[], where: {table: string; url: string}): MeasureInfo[] {
  if (!requested || requested.length === 0) return available;
  const byKey = new Map(available.map((m) => [m.key, m]));
  const out: MeasureInfo[] = [];
  for (const name of requested) {
    const exact = byKey.get(name) ?? available.find((m) => m.key.toLowerCase() === name.toLowerCase());
    const found = exact ? [exact] : available.filter((m) => norm(m.title) === norm(name));
    if (found.length === 0) {
      const hints = available.filter((m) => norm(m.title).includes(norm(name)) || m.key.toLowerCase().includes(name.toLowerCase())).slice(0, 5);
      const hint = hints.length ? `; did you mean ${hints.map((m) => `${m.key} ("${m.title}")`).join(", ")}?` : "";
      throw new UnknownMeasureError(`CBS table ${where.table}: unknown measure "${name}" (not a key or exact title at ${where.url})${hint}`);
    }
    if (found.length > 1) {
      throw new UnknownMeasureError(
        `CBS table ${where.table}: measure title "${name}" is ambiguous, use a key: ${found.map((m) => m.key).join(", ")} (${where.url})`
      );
    }
    if (!out.includes(found[0])) out.push(found[0]);
  }
  return out;
}

function norm(s: string): string {
  return s.trim().replace(/\s+/g, " ").toLowerCase();
}
