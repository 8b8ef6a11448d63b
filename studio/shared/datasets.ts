/** What the "Gegevens" panel shows of one dataset: the answer of `/studio/api/datasets`. */
export interface DatasetInfo {
  name: string;
  title: string;
  /** Dutch description of the kind, e.g. "Kerncijfers wijken en buurten (CBS)". */
  kind: string;
  /** Who publishes it: "CBS, tabel 84583NED", the gemeente, PDOK, the demo generator. */
  source: string;
  /** The source's version (CBS `Modified`, the geometry year), or null. */
  version: string | null;
  fetchedAt: string | null;
  rows: number | null;
  columns: number | null;
  /** For KWB data: the indicators and editions. */
  indicators: string[] | null;
  editions: number[] | null;
  /** For municipal data: the disclosure-control rules its published table passed. */
  disclosure: string | null;
  /** What "Invoegen" puts at the cursor. */
  snippet: string;
}
