/**
 * Three-way merge of an outside edit into live text. `base` is what Studio last wrote to the file, `theirs`
 * is the file now, `ours` is the live document. The file's changes (base → theirs) are replayed onto ours:
 * deletions remove only base characters that ours still has, insertions land where their base position
 * maps to, so concurrent edits in the document survive.
 */
import diff from "fast-diff";

/** One edit in `ours` coordinates. Apply in the order given (descending positions keep indexes valid). */
export interface Patch {
  index: number;
  deleteCount: number;
  insert: string;
}

/** Patches that turn `ours` into the merge of ours and (base → theirs). */
export function mergePatches(base: string, theirs: string, ours: string): Patch[] {
  if (theirs === base) return [];
  const map = new PositionMap(base, ours);
  const patches: Patch[] = [];
  let at = 0; // position in base
  for (const [op, text] of diff(base, theirs)) {
    if (op === diff.EQUAL) {
      at += text.length;
    } else if (op === diff.DELETE) {
      for (const [from, to] of map.surviving(at, at + text.length)) patches.push({index: from, deleteCount: to - from, insert: ""});
      at += text.length;
    } else {
      patches.push({index: map.point(at), deleteCount: 0, insert: text});
    }
  }
  // Descending by index so earlier patches do not shift later ones; at equal index the deletion runs first,
  // otherwise it would remove the text just inserted there.
  return patches.sort((a, b) => b.index - a.index || Number(a.deleteCount === 0) - Number(b.deleteCount === 0));
}

/** Applies patches to a string; the reference behaviour for the Y.Text application. */
export function applyPatches(text: string, patches: Patch[]): string {
  for (const {index, deleteCount, insert} of patches) text = text.slice(0, index) + insert + text.slice(index + deleteCount);
  return text;
}

/** Maps positions in `base` to positions in `ours` using their diff. */
class PositionMap {
  /** [baseStart, oursStart, length] of each stretch both texts share. */
  private readonly equal: Array<[number, number, number]> = [];

  constructor(base: string, ours: string) {
    let b = 0;
    let o = 0;
    for (const [op, text] of diff(base, ours)) {
      if (op === diff.EQUAL) {
        this.equal.push([b, o, text.length]);
        b += text.length;
        o += text.length;
      } else if (op === diff.DELETE) b += text.length;
      else o += text.length;
    }
    this.oursLength = o;
  }

  private readonly oursLength: number;

  /** Where an insertion at base position `p` goes in ours. */
  point(p: number): number {
    let best = 0;
    for (const [b, o, n] of this.equal) {
      if (p < b) break;
      // Inside or right after a shared stretch: keep the same distance from its start.
      best = p <= b + n ? o + (p - b) : o + n;
    }
    return Math.min(best, this.oursLength);
  }

  /** The ranges of ours that hold base characters [from, to) that ours still has. */
  surviving(from: number, to: number): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    for (const [b, o, n] of this.equal) {
      const start = Math.max(from, b);
      const end = Math.min(to, b + n);
      if (start < end) ranges.push([o + (start - b), o + (end - b)]);
    }
    return ranges;
  }
}
