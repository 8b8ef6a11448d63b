/**
 * Vega-Lite → Vega at build time. Chart loaders in `src/data/charts/` call `emitChart(spec)`; pages draw the
 * compiled Vega with `chart()` from `src/components/chart.ts` and the vega runtime only, so readers never
 * download vega-lite (808 kB) or vega-embed.
 */
import {compile, type TopLevelSpec} from "vega-lite";
import {emit} from "../snapshot/loader-args.js";

/** A compiled Vega specification, as JSON. */
export type VegaSpec = Record<string, unknown>;

/**
 * Compiles a Vega-Lite spec to Vega. Throws naming the chart on a Vega-Lite error; warnings (usually a typo in an
 * encoding) are errors too, because a chart that silently drops an encoding misinforms readers.
 */
export function compileChart(spec: TopLevelSpec, name = spec.description ?? "chart"): VegaSpec {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...m: unknown[]) => void warnings.push(m.join(" ")),
    warn: (...m: unknown[]) => void warnings.push(m.join(" ")),
    info: () => logger,
    debug: () => logger
  };
  let compiled: VegaSpec;
  try {
    compiled = compile(spec, {logger: logger as never}).spec as VegaSpec;
  } catch (error) {
    throw new Error(`chart "${name}": Vega-Lite could not compile it: ${(error as Error).message}`);
  }
  if (warnings.length) throw new Error(`chart "${name}": ${warnings.join("; ")}`);
  // The schema URL is metadata only; the site names no other host, not even in JSON.
  delete compiled.$schema;
  return compiled;
}

/** A chart loader's whole body: `await emitChart({...vega-lite spec...})`. */
export async function emitChart(spec: TopLevelSpec): Promise<void> {
  await emit(JSON.stringify(compileChart(spec)));
}
