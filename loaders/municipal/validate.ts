/**
 * Validates extract rows against the manifest with zod: required columns present, `by` values filled, counts whole
 * non-negative numbers in the declared number style. Errors name the file, the row, the column and the reason,
 * never the value (it may be personal).
 */
import {z} from "zod";
import {parseNumber, type NumberStyle} from "./numbers.js";
import type {RawExtract} from "./read.js";

/** A validated row: the raw area value (code or postcode), its `by` values and its count (1 for microdata). */
export interface ExtractRow {
  line: number;
  area: string;
  by: string[];
  count: number;
}

export interface ExtractSpec {
  shape: "aggregated" | "microdata";
  area: string;
  by: string[];
  count?: string;
  numbers: NumberStyle;
}

/** An extract that failed validation; `issues` are `row N, column C: reason` lines. */
export class ExtractError extends Error {
  constructor(readonly file: string, readonly issues: string[]) {
    const shown = issues.slice(0, 20);
    super(`${file}: ${issues.length} problem(s):\n  ${shown.join("\n  ")}${issues.length > shown.length ? `\n  … and ${issues.length - shown.length} more` : ""}`);
    this.name = "ExtractError";
  }
}

/** A count cell: a number (XLSX) or text in the declared style; a whole number of at least 0. */
function countSchema(style: NumberStyle) {
  return z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      if (typeof v === "number") return v;
      if (v.trim() === "" || v.trim() === ".") {
        ctx.addIssue({code: "custom", message: "empty count"});
        return z.NEVER;
      }
      const parsed = parseNumber(v, style);
      if ("error" in parsed) {
        ctx.addIssue({code: "custom", message: parsed.error});
        return z.NEVER;
      }
      return parsed.value;
    })
    .pipe(z.number().int("a count must be a whole number").nonnegative("a count cannot be negative"));
}

/** Validates every row; throws {@link ExtractError} listing each bad cell. */
export function validateExtract(raw: RawExtract, spec: ExtractSpec): ExtractRow[] {
  const required = [spec.area, ...spec.by, ...(spec.shape === "aggregated" && spec.count ? [spec.count] : [])];
  const missing = required.filter((c) => !raw.columns.includes(c));
  if (missing.length) throw new ExtractError(raw.file, [`missing column(s) ${missing.map((c) => `"${c}"`).join(", ")}; the file has ${raw.columns.map((c) => `"${c}"`).join(", ")}`]);
  const text = z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, "empty value"));
  const shape: Record<string, z.ZodType> = {[spec.area]: z.union([z.string(), z.number()]).transform((v) => String(v).trim())};
  for (const b of spec.by) shape[b] = text;
  if (spec.shape === "aggregated") shape[spec.count!] = countSchema(spec.numbers);
  const schema = z.object(shape);
  const issues: string[] = [];
  const rows: ExtractRow[] = [];
  for (const raw_ of raw.rows) {
    const result = schema.safeParse(raw_.values);
    if (!result.success) {
      for (const issue of result.error.issues) issues.push(`row ${raw_.line}, column "${String(issue.path[0])}": ${issue.message}`);
      continue;
    }
    const v = result.data as Record<string, string | number>;
    rows.push({line: raw_.line, area: v[spec.area] as string, by: spec.by.map((b) => v[b] as string), count: spec.shape === "aggregated" ? (v[spec.count!] as number) : 1});
  }
  if (issues.length) throw new ExtractError(raw.file, issues);
  return rows;
}
