/**
 * Context for the take-up study: published (non-)take-up figures from ../shared/reference/niet-gebruik.csv and
 * Amsterdam's own take-up figures from ../shared/municipal/amsterdam-bereik/, read in place at build time when the
 * folder is there (never copied into the repository). Without it the page gets a clearly labelled synthetic example.
 */
import {existsSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {join, resolve} from "node:path";
import {parse} from "csv-parse/sync";
import {repoRoot} from "../snapshot/paths.js";

export interface ContextRow {
  regeling: string;
  jaar: string;
  waarde: string;
  eenheid: string;
  groep: string;
  bron: string;
}

export interface TakeUpContext {
  /** `shared`: real published figures; `synthetisch`: invented example figures. */
  kind: "shared" | "synthetisch";
  national: ContextRow[];
  amsterdam: ContextRow[];
  /** Where the figures come from, for the page's source line. */
  sources: string[];
}

/** The shared folder: `BUURTBOEK_SHARED`, else `../shared` beside the repository. */
export function sharedDir(): string {
  return resolve(process.env.BUURTBOEK_SHARED ?? resolve(repoRoot, "../shared"));
}

const SYNTHETIC: TakeUpContext = {
  kind: "synthetisch",
  national: [{regeling: "Voorbeeldregeling", jaar: "2020", waarde: "60", eenheid: "% gebruik", groep: "huishoudens met recht", bron: "synthetisch voorbeeld"}],
  amsterdam: [],
  sources: ["Synthetische voorbeeldcijfers — geen echte bron"]
};

/** The files of the shared folder the take-up page reads (the loader cache's stamp hashes them too). */
export function contextFiles(dir = sharedDir()): {national: string; amsterdam: string} {
  return {national: join(dir, "reference/niet-gebruik.csv"), amsterdam: join(dir, "municipal/amsterdam-bereik/bereik_minimaregelingen_amsterdam.csv")};
}

/** Reads the context figures, or the synthetic example when the shared folder is missing. */
export async function readTakeUpContext(dir = sharedDir()): Promise<TakeUpContext> {
  const {national: nationalFile, amsterdam: amsterdamFile} = contextFiles(dir);
  if (!existsSync(nationalFile) || !existsSync(amsterdamFile)) return SYNTHETIC;
  const national: Record<string, string>[] = parse(await readFile(nationalFile, "utf8"), {columns: true, bom: true, trim: true});
  // The Amsterdam file has bare quotes inside its comment column.
  const amsterdam: Record<string, string>[] = parse(await readFile(amsterdamFile, "utf8"), {columns: true, bom: true, trim: true, relax_quotes: true});
  return {
    kind: "shared",
    national: national
      .filter((r) => /gebruik|bereik/.test(r.maat) && /pct|%/.test(r.eenheid))
      .map((r) => ({regeling: r.regeling, jaar: r.peiljaar.slice(0, 4), waarde: r.waarde, eenheid: r.maat === "niet-gebruik" ? "% niet-gebruik" : "% gebruik", groep: r.populatie, bron: `${r.bron}${r.bron_url ? ` (${r.bron_url})` : ""}`})),
    amsterdam: amsterdam.map((r) => ({regeling: r.regeling, jaar: r.jaar, waarde: r.bereik_pct, eenheid: "% bereik", groep: r.groep + (/schatting/.test(r.opmerking) ? " (schatting)" : ""), bron: "Gemeente Amsterdam, Dashboard Armoede (MPL-2.0)"})),
    sources: ["Verzamelde publicaties over niet-gebruik (Inspectie SZW, SCP, SEO, CPB, CBS, Amsterdam)", "Gemeente Amsterdam, Dashboard Armoede: bereik minimaregelingen"]
  };
}
