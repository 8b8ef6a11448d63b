import seedrandom from "seedrandom";
import {describe, expect, it} from "vitest";
import {applyPatches, mergePatches} from "../../studio/server/merge.js";

const merge = (base: string, theirs: string, ours: string) => applyPatches(ours, mergePatches(base, theirs, ours));

describe("three-way merge of outside edits", () => {
  it("takes the file as is when the document has not changed", () => {
    expect(merge("a b c", "a X c", "a b c")).toBe("a X c");
  });

  it("keeps the document's edits beside the file's", () => {
    expect(merge("kop\n\ntekst\n", "kop\n\ntekst\nuit git\n", "NIEUW kop\n\ntekst\n")).toBe("NIEUW kop\n\ntekst\nuit git\n");
    expect(merge("een twee drie", "een 2 drie", "een twee drie vier")).toBe("een 2 drie vier");
  });

  it("does not delete text the document inserted inside a range the file deleted", () => {
    expect(merge("aaa bbb ccc", "aaa ccc", "aaa bXb ccc")).toBe("aaa Xccc"); // only base characters go
  });

  it("is a no-op when the file did not change", () => {
    expect(mergePatches("x", "x", "xyz")).toEqual([]);
  });

  it("keeps both sides' insertions (seeded fuzz)", () => {
    for (let seed = 0; seed < 300; seed++) {
      const rng = seedrandom(`merge-${seed}`);
      const base = words(rng, 20);
      const theirs = insertAt(rng, base, "[F]");
      const ours = insertAt(rng, base, "[D]");
      const merged = merge(base, theirs, ours);
      // Both markers survive exactly once and removing them gives back the base.
      expect(merged.split("[F]").length, `seed ${seed}`).toBe(2);
      expect(merged.split("[D]").length, `seed ${seed}`).toBe(2);
      expect(merged.replace("[F]", "").replace("[D]", ""), `seed ${seed}`).toBe(base);
    }
  });

  it("applies the file's deletions without touching the document's insertions (seeded fuzz)", () => {
    for (let seed = 0; seed < 300; seed++) {
      const rng = seedrandom(`delete-${seed}`);
      const base = words(rng, 30);
      const from = Math.floor(rng() * base.length);
      const to = Math.min(base.length, from + 1 + Math.floor(rng() * 20));
      const theirs = base.slice(0, from) + base.slice(to);
      const ours = insertAt(rng, base, "[D]");
      const merged = merge(base, theirs, ours);
      expect(merged.split("[D]").length, `seed ${seed}`).toBe(2);
      expect(merged.replace("[D]", ""), `seed ${seed}`).toBe(theirs);
    }
  });
});

function words(rng: () => number, n: number): string {
  const pool = ["wijk", "buurt", "inkomen", "armoede", "gemeente", "cbs", "\n", "# kop", "2023", "-"];
  return Array.from({length: n}, () => pool[Math.floor(rng() * pool.length)]).join(" ");
}

function insertAt(rng: () => number, text: string, marker: string): string {
  const at = Math.floor(rng() * (text.length + 1));
  return text.slice(0, at) + marker + text.slice(at);
}
