/**
 * The fictional municipality Voorbeeldstad (GM9999, a code no real municipality uses): 8 wijken of 5 buurten.
 * The 2019 wijk figures are fixed anchors, so the demo pages show stable, plausible numbers.
 */

export const GEMEENTE = {code: "GM9999", name: "Voorbeeldstad"};

export interface WijkAnchor {
  code: string;
  name: string;
  /** KWB 2019 anchors. */
  inwoners: number;
  laagInkomenPct: number;
  sociaalMinimumPct: number;
  bijstand: number;
  /** Average household size, which sets the number of households. */
  huishoudgrootte: number;
  buurten: string[];
}

export const WIJKEN: WijkAnchor[] = [
  {code: "WK999901", name: "Centrum", inwoners: 12480, laagInkomenPct: 14.2, sociaalMinimumPct: 12.9, bijstand: 610, huishoudgrootte: 1.6,
    buurten: ["Binnenstad", "Marktkwartier", "Kerkbuurt", "Vestingwal", "Stationsbuurt"]},
  {code: "WK999902", name: "Havenkwartier", inwoners: 8930, laagInkomenPct: 18.6, sociaalMinimumPct: 17.1, bijstand: 720, huishoudgrootte: 1.9,
    buurten: ["Haventerrein", "Kadebuurt", "Visserswijk", "Dokken", "Zeeheldenbuurt"]},
  {code: "WK999903", name: "Oude Molen", inwoners: 15210, laagInkomenPct: 9.8, sociaalMinimumPct: 8.7, bijstand: 390, huishoudgrootte: 2.2,
    buurten: ["Molenbuurt", "Korenveld", "Bakkerswei", "Maalderij", "Watergang"]},
  {code: "WK999904", name: "Parkzoom", inwoners: 10340, laagInkomenPct: 6.1, sociaalMinimumPct: 5.4, bijstand: 150, huishoudgrootte: 2.4,
    buurten: ["Parkrand", "Vijverhof", "Lindenlaan", "Beukenhorst", "Rozentuin"]},
  {code: "WK999905", name: "De Velden", inwoners: 7720, laagInkomenPct: 11.5, sociaalMinimumPct: 10.2, bijstand: 280, huishoudgrootte: 2.3,
    buurten: ["Akkerveld", "Weidebuurt", "Hooiberg", "Klaverveld", "Boerenerf"]},
  {code: "WK999906", name: "Spoorwijk", inwoners: 9810, laagInkomenPct: 16.9, sociaalMinimumPct: 15.8, bijstand: 640, huishoudgrootte: 2.0,
    buurten: ["Emplacement", "Seinhuis", "Rails", "Wissel", "Perronbuurt"]},
  {code: "WK999907", name: "Nieuw-Oost", inwoners: 13650, laagInkomenPct: 12.3, sociaalMinimumPct: 11.0, bijstand: 470, huishoudgrootte: 2.1,
    buurten: ["Oosterhof", "Zonnewijzer", "Morgenrood", "Dageraad", "Horizon"]},
  {code: "WK999908", name: "Buitenhof", inwoners: 5120, laagInkomenPct: 4.7, sociaalMinimumPct: 4.1, bijstand: 60, huishoudgrootte: 2.5,
    buurten: ["Landgoed", "Boomgaard", "Hoeve", "Dreef", "Buitenplaats"]}
];

/** Buurten without residents (a port area); CBS leaves their income figures empty. */
export const UNINHABITED = new Set(["BU99990201"]);

/** Buurt code: BU + gemeente (4) + wijk (2) + buurt (2). */
export function buurtCode(wijkIndex: number, buurtIndex: number): string {
  return `BU9999${String(wijkIndex + 1).padStart(2, "0")}${String(buurtIndex + 1).padStart(2, "0")}`;
}

/** Every area with its level, in code order: gemeente, wijken, buurten. */
export function allAreas(): {code: string; name: string; level: "gemeente" | "wijk" | "buurt"; wijk?: number; buurt?: number}[] {
  const areas: ReturnType<typeof allAreas> = [{...GEMEENTE, level: "gemeente"}];
  WIJKEN.forEach((w, wi) => {
    areas.push({code: w.code, name: w.name, level: "wijk", wijk: wi});
    w.buurten.forEach((name, bi) => areas.push({code: buurtCode(wi, bi), name, level: "buurt", wijk: wi, buurt: bi}));
  });
  return areas;
}
