/**
 * Optimal string alignment distance (Damerau-Levenshtein where an adjacent transposition is one edit
 * and no substring is edited twice), bounded: only the band of cells within `max` of the diagonal is
 * computed, and `max + 1` is returned as soon as the distance is known to exceed `max`. Screening asks
 * only "within 1 or 2 edits?", so a call costs a few dozen cells.
 */
const BIG = 1 << 20;
let prev2 = new Int32Array(34);
let prev = new Int32Array(34);
let cur = new Int32Array(34);

export function editDistanceWithin(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (a === b) return 0;
  if (lb + 2 > cur.length) {
    prev2 = new Int32Array((lb + 2) * 2);
    prev = new Int32Array((lb + 2) * 2);
    cur = new Int32Array((lb + 2) * 2);
  }
  for (let j = 0; j <= lb; j++) {
    prev[j] = j <= max ? j : BIG;
    prev2[j] = BIG;
  }
  for (let i = 1; i <= la; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(lb, i + max);
    cur[from - 1] = from - 1 === 0 ? i : BIG;
    if (to < lb) cur[to + 1] = BIG;
    let rowMin = from - 1 === 0 ? i : BIG;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = prev[j - 1]! + (ca === cb ? 0 : 1);
      const del = prev[j]! + 1;
      if (del < d) d = del;
      const ins = cur[j - 1]! + 1;
      if (ins < d) d = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const tr = prev2[j - 2]! + 1;
        if (tr < d) d = tr;
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb]!;
  return d > max ? max + 1 : d;
}
