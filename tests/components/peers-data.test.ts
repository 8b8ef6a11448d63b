/**
 * The comparison a study page shows, from the national asset: the three sets, the median, indexes, rank, and
 * peers without a value named with their reason and never counted as zero; also the prose computed from it.
 */
import {describe, expect, it} from "vitest";
import {median, peerSets, peerStats, type NationalData} from "../../src/components/peers-data.js";
import {peerProse} from "../../src/components/peers.js";
import {nationalRows, nationalSql, ranking, summariseNational} from "../../src/components/nederland-data.js";

const INDICATOR = {id: "laag_inkomen_pct", label: "Huishoudens met een laag inkomen (%)", unit: "%", decimals: 1};

/** Six gemeenten: A's size class holds B, C, D and E; D has no value (secret), E's edition is a first release. */
function national(): NationalData {
  const gemeenten = ["A", "B", "C", "D", "E", "F"].map((x, i) => ({code: `GM000${i + 1}`, name: `Gemeente ${x}`, provincie: i < 3 ? "Utrecht" : "Zeeland"}));
  return {
    title: "Test",
    demo: false,
    bronnen: {workspace: {name: "t", title: "Test", demo: false}, tool: null, datasets: {}},
    editions: [2022, 2023],
    indicators: [INDICATOR],
    gemeenten,
    leftOut: [],
    values: {2022: {laag_inkomen_pct: [10, 8, 12, null, null, 20]}, 2023: {laag_inkomen_pct: [9.5, 8.5, 11, 7, 9.5, 21]}},
    status: {2022: {laag_inkomen_pct: {3: "geheim", 4: "nog niet gepubliceerd"}}},
    nederland: {2022: {laag_inkomen_pct: 8}, 2023: {laag_inkomen_pct: 7.6}},
    peers: {
      size: {year: 2023, classes: [{id: 3, label: "10.000 tot 20.000 inwoners"}, {id: 8, label: "250.000 inwoners of meer"}], of: [3, 3, 3, 3, 3, 8], inwoners: [15000, 12000, 18000, 11000, 16000, 400000]},
      stedelijkheid: {year: 2023, classes: [{id: 2, label: "sterk stedelijk"}], of: [2, 2, null, null, null, 2]},
      nearest: {year: 2023, k: 2, features: [{id: "inwoners", label: "inwoners"}], of: [[1, 2, 4], [0, 2], [0, 1], [0, 1], null, [0, 1]], tied: [true, false, false, false, false, false], missing: [[], [], [], [], ["woz"], []]}
    }
  };
}

describe("peer sets from the national asset", () => {
  it("gives three sets without the gemeente itself, each with its year and definition", () => {
    const sets = peerSets(national(), "GM0001");
    expect(sets.map((s) => [s.id, s.year, s.members])).toEqual([["grootte", 2023, [1, 2, 3, 4]], ["stedelijkheid", 2023, [1, 5]], ["kenmerken", 2023, [1, 2, 4]]]);
    expect(sets[0].description).toContain("10.000 tot 20.000 inwoners");
    expect(sets[2].description).toContain("gelijke afstand");
    expect(sets[2].title).toBe("De 3 meest gelijkende gemeenten");
  });

  it("says why a set is empty", () => {
    const sets = peerSets(national(), "GM0005");
    expect(sets[1].empty).toBe("De mate van stedelijkheid van deze gemeente staat niet in de KWB-gegevens.");
    expect(sets[2].empty).toBe("Voor deze gemeente ontbreekt woz in 2023.");
    const alone = peerSets(national(), "GM0006");
    expect(alone[0].empty).toBe("Er zijn geen andere gemeenten in deze werkruimte die hierin overeenkomen.");
  });

  it("computes median, indexes and rank over the peers with a value; missing values are named, not zero", () => {
    const n = national();
    const s = peerStats(n, "GM0001", peerSets(n, "GM0001")[0], "laag_inkomen_pct", 2022);
    expect(s.gemeente.value).toBe(10);
    expect(s.valued.map((p) => p.code)).toEqual(["GM0002", "GM0003"]);
    expect(s.missing.map((p) => [p.code, p.status])).toEqual([["GM0004", "geheim"], ["GM0005", "nog niet gepubliceerd"]]);
    // Median of 8 and 12 = 10, not of 8, 12, 0, 0.
    expect(s.median).toBe(10);
    expect(s.indexPeers).toBe(100);
    expect(s.indexNederland).toBe(125);
    expect([s.rank, s.of]).toEqual([2, 3]);
  });

  it("shares a rank between equal values", () => {
    const n = national();
    const s = peerStats(n, "GM0001", peerSets(n, "GM0001")[0], "laag_inkomen_pct", 2023);
    // 11 is higher; E ties A at 9.5.
    expect([s.rank, s.of]).toEqual([2, 5]);
    expect(s.median).toBe(9);
  });

  it("writes the prose from the numbers", () => {
    const n = national();
    const s = peerStats(n, "GM0001", peerSets(n, "GM0001")[0], "laag_inkomen_pct", 2022);
    const text = peerProse("Gemeente A", INDICATOR, 2022, s);
    expect(text).toContain("Gemeente A heeft 10,0%, gelijk aan de mediaan van de 2 vergelijkbare gemeenten met een waarde (10,0%): index 100 (groep = 100).");
    expect(text).toContain("plaats 2 van 3");
    expect(text).toContain("Ten opzichte van Nederland (8,0%) is de index 125.");
    expect(text).toContain("2 van de 4 vergelijkbare gemeenten hebben in deze editie geen waarde (geheim: Gemeente D; nog niet gepubliceerd: Gemeente E)");
    const without = peerStats(n, "GM0004", peerSets(n, "GM0004")[0], "laag_inkomen_pct", 2022);
    expect(peerProse("Gemeente D", INDICATOR, 2022, without)).toMatch(/^Voor Gemeente D is er in editie 2022 geen waarde \(geheim\)\. De mediaan van de 3 vergelijkbare gemeenten met een waarde is 10,0%\./);
  });

  it("takes the middle of an even count as the mean of the two middle values", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNull();
  });
});

describe("the national overview's rows", () => {
  it("ranks the gemeenten with a value, ties sharing a place, and counts the others by reason", () => {
    const n = national();
    const rows = nationalRows(n, "laag_inkomen_pct", 2022);
    expect(rows.map((r) => r.provincie)).toEqual(["Utrecht", "Utrecht", "Utrecht", "Zeeland", "Zeeland", "Zeeland"]);
    expect(ranking(rows).map((r) => [r.region_code, r.rank])).toEqual([["GM0006", 1], ["GM0003", 2], ["GM0001", 3], ["GM0002", 4]]);
    expect(ranking(nationalRows(n, "laag_inkomen_pct", 2023)).filter((r) => r.value === 9.5).map((r) => r.rank)).toEqual([3, 3]);
    const s = summariseNational(n, rows, "laag_inkomen_pct", 2022);
    expect(s).toMatchObject({total: 6, valued: 4, median: 11, nederland: 8, missing: {geheim: 1, "nog niet gepubliceerd": 1}});
    expect(nationalSql("laag_inkomen_pct", 2022, "ranking")).toContain("ORDER BY value DESC NULLS LAST");
  });
});
