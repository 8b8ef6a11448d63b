/**
 * KWB measures that describe a gemeente rather than its poverty: they place it among comparable gemeenten
 * (loaders/kwb/peers.ts). Found by title like the stable indicators, because keys drift between editions; in the
 * tidy snapshot they keep their CBS key as indicator id, and `<name>.editions.json` records key and title.
 */
import {normaliseTitle} from "./indicators.js";

/** A context measure: an id of our own, a Dutch label and the normalised CBS titles that mean it. */
export interface ContextMeasure {
  id: string;
  label: string;
  titles: string[];
}

export const CONTEXT_MEASURES: readonly ContextMeasure[] = [
  {id: "stedelijkheid", label: "Mate van stedelijkheid", titles: ["mate van stedelijkheid"]},
  {id: "adressendichtheid", label: "Omgevingsadressendichtheid (adressen per km²)", titles: ["omgevingsadressendichtheid"]},
  {id: "bevolkingsdichtheid", label: "Bevolkingsdichtheid (inwoners per km²)", titles: ["bevolkingsdichtheid"]},
  {id: "ouderen", label: "Inwoners van 65 jaar of ouder", titles: ["65 jaar of ouder", "leeftijdsgroep 65 jaar of ouder"]},
  {id: "eenpersoonshuishoudens", label: "Eenpersoonshuishoudens", titles: ["eenpersoonshuishoudens"]},
  {id: "koopwoningen", label: "Koopwoningen (%)", titles: ["koopwoningen"]},
  {id: "woz", label: "Gemiddelde WOZ-waarde van woningen (× € 1.000)", titles: ["gemiddelde woningwaarde", "gemiddelde woz waarde van woningen"]}
];

const BY_TITLE = new Map<string, string>();
for (const m of CONTEXT_MEASURES) for (const t of m.titles) BY_TITLE.set(t, m.id);

/** The context measure a CBS title stands for, or null. */
export function contextOfTitle(title: string): string | null {
  return BY_TITLE.get(normaliseTitle(title).core) ?? null;
}
