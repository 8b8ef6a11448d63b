/** The peer sets: CBS size classes by inwoners, stedelijkheid classes, standardisation and the k nearest with ties. */
import {describe, expect, it} from "vitest";
import {FEATURES, K, featureVector, nearest, peerSets, sizeClass, standardise, stedelijkheidClass, type PeerInput} from "../../loaders/kwb/peers.js";

describe("gemeentegrootteklasse", () => {
  it("puts inwoners in CBS's classes, the boundary in the upper class", () => {
    const cases: [number, number][] = [[0, 1], [4_999, 1], [5_000, 2], [9_999, 2], [10_000, 3], [19_999, 3], [20_000, 4], [49_999, 4], [50_000, 5], [99_999, 5], [100_000, 6], [149_999, 6], [150_000, 7], [249_999, 7], [250_000, 8], [931_298, 8]];
    for (const [n, c] of cases) expect(sizeClass(n), String(n)).toBe(c);
  });
  it("has no class without a number", () => {
    expect(sizeClass(null)).toBeNull();
    expect(sizeClass(undefined)).toBeNull();
    expect(sizeClass(-1)).toBeNull();
    expect(sizeClass(Number.NaN)).toBeNull();
  });
});

describe("stedelijkheid", () => {
  it("takes KWB's codes 1 to 5 and nothing else", () => {
    for (const v of [1, 2, 3, 4, 5]) expect(stedelijkheidClass(v)).toBe(v);
    for (const v of [0, 6, 2.5, null, undefined]) expect(stedelijkheidClass(v)).toBeNull();
  });
});

describe("k nearest", () => {
  it("standardises each feature to mean 0 and standard deviation 1 (a constant feature to 0)", () => {
    const z = standardise([[1, 10, 7], [2, 20, 7], [3, 30, 7]]);
    const mean = (j: number) => z.reduce((a, v) => a + v[j], 0) / z.length;
    const sd = (j: number) => Math.sqrt(z.reduce((a, v) => a + (v[j] - mean(j)) ** 2, 0) / z.length);
    expect(mean(0)).toBeCloseTo(0);
    expect(sd(0)).toBeCloseTo(1);
    // Scale does not matter after standardising: the two columns are the same.
    expect(z.map((v) => v[0])).toEqual(z.map((v) => v[1]));
    expect(z.map((v) => v[2])).toEqual([0, 0, 0]);
  });

  it("takes the k closest, never the target itself, ordered by distance", () => {
    const points = [[0], [1], [3], [6], [10]];
    expect(nearest(points, 0, 2)).toEqual({members: [1, 2], distances: [1, 3], tied: false});
    expect(nearest(points, 4, 1).members).toEqual([3]);
  });

  it("keeps every gemeente tied at the k-th distance rather than cutting by order", () => {
    // From 0: 1 and 2 at distance 1 (tie for the 1st place), 3 and 4 at distance 2 (tie for the 3rd).
    const points = [[0, 0], [1, 0], [-1, 0], [2, 0], [0, 2], [5, 5]];
    expect(nearest(points, 0, 1)).toEqual({members: [1, 2], distances: [1, 1], tied: true});
    expect(nearest(points, 0, 3)).toEqual({members: [1, 2, 3, 4], distances: [1, 1, 2, 2], tied: true});
    expect(nearest(points, 0, 4)).toEqual({members: [1, 2, 3, 4], distances: [1, 1, 2, 2], tied: false});
  });

  it("returns everyone when there are fewer than k others", () => {
    expect(nearest([[0], [1], [2]], 1, 10)).toEqual({members: [0, 2], distances: [1, 1], tied: false});
  });
});

describe("peer sets of a workspace", () => {
  const g = (code: string, inwoners: number | null, stedelijkheid: number | null, extra: Partial<Record<string, number | null>> = {}): PeerInput => ({
    code,
    inwoners,
    stedelijkheid,
    context: {inwoners, huishoudens: inwoners == null ? null : inwoners / 2, bevolkingsdichtheid: 1000, ouderen: inwoners == null ? null : inwoners / 5, eenpersoonshuishoudens: inwoners == null ? null : inwoners / 6, koopwoningen: 55, woz: 300, ...extra}
  });

  it("classes from inwoners and stedelijkheid, and neighbours only among gemeenten with every feature", () => {
    const sets = peerSets([g("GM0001", 12_000, 4), g("GM0002", 18_000, 4), g("GM0003", 300_000, 1), g("GM0004", 15_000, null), g("GM0005", 14_000, 3, {koopwoningen: null})], 2);
    expect(sets.map((s) => s.size.class)).toEqual([3, 3, 8, 3, 3]);
    expect(sets.map((s) => s.stedelijkheid.class)).toEqual([4, 4, 1, null, 3]);
    // GM0005 lacks koopwoningen: it has no neighbours, and no one has it as a neighbour.
    expect(sets[4].nearest).toEqual({members: null, missing: ["koopwoningen"]});
    for (const s of sets.slice(0, 4)) expect(s.nearest.members).not.toContain(4);
    // Size is the only feature that differs: GM0001's nearest are the two gemeenten closest in (log) size.
    expect(sets[0].nearest).toEqual({members: [3, 1], tied: false});
  });

  it("describes the features it uses, none of them a poverty figure", () => {
    expect(FEATURES.map((f) => f.id)).toEqual(["inwoners", "bevolkingsdichtheid", "ouderen", "eenpersoonshuishoudens", "koopwoningen", "woz"]);
    expect(K).toBe(10);
    expect(featureVector({inwoners: 1000, huishoudens: 500, bevolkingsdichtheid: 100, ouderen: 200, eenpersoonshuishoudens: 100, koopwoningen: 60, woz: 250}).vector).toEqual([3, 2, 20, 20, 60, 250]);
    expect(featureVector({inwoners: 1000}).missing).toEqual(["bevolkingsdichtheid", "ouderen", "eenpersoonshuishoudens", "koopwoningen", "woz"]);
  });
});
