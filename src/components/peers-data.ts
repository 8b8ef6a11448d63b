/**
 * Pure functions over the national asset (`data/nederland.json`, loaders/site/national.ts): a gemeente's three
 * sets of comparable gemeenten, and for an indicator and edition its value among theirs (median, indexes, rank, the
 * peers without a value and why). No DOM, so Node tests use the same code as the page.
 */
import type {NationalData, NationalIndicator} from "../../loaders/site/national.js";

export type {NationalData, NationalIndicator};

/** One set of comparable gemeenten, as indexes into `national.gemeenten` (the gemeente itself left out). */
export interface PeerSet {
  id: "grootte" | "stedelijkheid" | "kenmerken";
  /** A short Dutch title, e.g. "Zelfde gemeentegrootteklasse". */
  title: string;
  /** What the set is, in words: the class, or the k nearest on which features. */
  description: string;
  /** The edition its definition comes from. */
  year: number | null;
  members: number[];
  /** Why the set is empty, when it is. */
  empty: string | null;
}

/** A peer's (or the gemeente's) value for the chosen indicator and edition. */
export interface PeerValue {
  index: number;
  code: string;
  name: string;
  value: number | null;
  status: string | null;
}

/** The gemeente among its peers for one indicator and edition. */
export interface PeerStats {
  gemeente: PeerValue;
  peers: PeerValue[];
  /** Peers with a value. */
  valued: PeerValue[];
  /** Peers without one, with the reason (never counted as zero). */
  missing: PeerValue[];
  median: number | null;
  nederland: number | null;
  /** The gemeente's value as an index: peer median = 100, and Nederland = 100. */
  indexPeers: number | null;
  indexNederland: number | null;
  /** Its place among the peers with a value and itself, 1 = the highest value; null without a value. */
  rank: number | null;
  of: number;
}

/** The position of a gemeente in the national asset, or -1. */
export function gemeenteIndex(national: NationalData, code: string): number {
  return national.gemeenten.findIndex((g) => g.code === code);
}

const listOf = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(", ")} en ${items.at(-1)}` : items.join(""));

/** The three peer sets of a gemeente. */
export function peerSets(national: NationalData, code: string): PeerSet[] {
  const i = gemeenteIndex(national, code);
  const p = national.peers;
  const n = national.gemeenten.length;
  const others = (pred: (j: number) => boolean) => Array.from({length: n}, (_, j) => j).filter((j) => j !== i && pred(j));
  const sets: PeerSet[] = [];
  const sizeClass = i >= 0 ? p.size.of[i] : null;
  const sizeLabel = p.size.classes.find((c) => c.id === sizeClass)?.label;
  sets.push({
    id: "grootte",
    title: "Zelfde gemeentegrootteklasse",
    description: sizeLabel ? `gemeenten met ${sizeLabel} (CBS-gemeentegrootteklasse, inwoners in ${p.size.year})` : "gemeentegrootteklasse onbekend",
    year: p.size.year,
    members: sizeClass == null ? [] : others((j) => p.size.of[j] === sizeClass),
    empty: sizeClass == null ? `Het aantal inwoners van deze gemeente ontbreekt${p.size.year ? ` in ${p.size.year}` : ""}.` : null
  });
  const sted = i >= 0 ? p.stedelijkheid.of[i] : null;
  const stedLabel = p.stedelijkheid.classes.find((c) => c.id === sted)?.label;
  sets.push({
    id: "stedelijkheid",
    title: "Zelfde stedelijkheid",
    description: stedLabel ? `${stedLabel} (CBS: mate van stedelijkheid, ${p.stedelijkheid.year})` : "mate van stedelijkheid onbekend",
    year: p.stedelijkheid.year,
    members: sted == null ? [] : others((j) => p.stedelijkheid.of[j] === sted),
    empty: sted == null ? "De mate van stedelijkheid van deze gemeente staat niet in de KWB-gegevens." : null
  });
  const near = i >= 0 ? p.nearest.of[i] : null;
  const features = listOf(p.nearest.features.map((f) => f.label));
  sets.push({
    id: "kenmerken",
    title: near && near.length < p.nearest.k ? `De ${near.length === 1 ? "meest gelijkende gemeente" : `${near.length} meest gelijkende gemeenten`}` : `De ${near?.length ?? p.nearest.k} meest gelijkende gemeenten`,
    description: `gemeenten die het dichtst bij liggen op ${features} (gestandaardiseerd, ${p.nearest.year})${i >= 0 && p.nearest.tied[i] ? "; gemeenten op gelijke afstand van de laatste plaats tellen allemaal mee" : ""}`,
    year: p.nearest.year,
    members: near ?? [],
    empty: near == null ? `Voor deze gemeente ontbreekt ${listOf((i >= 0 ? p.nearest.missing[i] : []).map((id) => p.nearest.features.find((f) => f.id === id)?.label ?? id))}${p.nearest.year ? ` in ${p.nearest.year}` : ""}.` : null
  });
  for (const s of sets) if (!s.empty && !s.members.length) s.empty = "Er zijn geen andere gemeenten in deze werkruimte die hierin overeenkomen.";
  return sets;
}

/** The median of numbers (null for none). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A gemeente's value or status for an indicator in an edition. */
export function valueOf(national: NationalData, index: number, indicator: string, edition: number): PeerValue {
  const g = national.gemeenten[index];
  const value = national.values[edition]?.[indicator]?.[index] ?? null;
  const status = value == null ? national.status[edition]?.[indicator]?.[index] ?? "niet beschikbaar" : null;
  return {index, code: g.code, name: g.name, value, status};
}

/** The gemeente among a set of peers for an indicator and edition. */
export function peerStats(national: NationalData, code: string, set: PeerSet, indicator: string, edition: number): PeerStats {
  const i = gemeenteIndex(national, code);
  if (i < 0) throw new Error(`${code} staat niet in de landelijke gegevens`);
  const gemeente = valueOf(national, i, indicator, edition);
  const peers = set.members.map((j) => valueOf(national, j, indicator, edition)).sort((a, b) => a.name.localeCompare(b.name, "nl"));
  const valued = peers.filter((p) => p.value != null);
  const missing = peers.filter((p) => p.value == null);
  const med = median(valued.map((p) => p.value!));
  const nl = national.nederland[edition]?.[indicator] ?? null;
  const idx = (v: number | null, base: number | null) => (v == null || base == null || base === 0 ? null : (100 * v) / base);
  const rank = gemeente.value == null ? null : 1 + valued.filter((p) => p.value! > gemeente.value!).length;
  return {gemeente, peers, valued, missing, median: med, nederland: nl, indexPeers: idx(gemeente.value, med), indexNederland: idx(gemeente.value, nl), rank, of: valued.length + (gemeente.value == null ? 0 : 1)};
}
