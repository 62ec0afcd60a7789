/**
 * A bounded subset-sum: which of the candidates (signed minor units, the same sign as the target) add
 * up exactly to the target. Depth-first over the candidates largest first, pruned by the sum still
 * reachable; gives up after `maxSteps` steps or past `maxLines` lines, so it never explodes.
 */
export interface SubsetResult {
  /** Indexes into the candidates, or null when no subset was found within the bounds. */
  pick: number[] | null;
  /** The search stopped at a bound (it might have found one with more room). */
  cut: boolean;
}

export function subsetSum(target: number, candidates: readonly number[], bounds: { maxLines: number; maxSteps: number }): SubsetResult {
  const sign = target < 0 ? -1 : 1;
  const goal = target * sign;
  const items = candidates.map((v, i) => ({ v: v * sign, i })).filter((x) => x.v > 0 && x.v <= goal);
  items.sort((a, b) => b.v - a.v);
  // suffix[k]: the most the items from k on can add.
  const suffix = new Array<number>(items.length + 1).fill(0);
  for (let k = items.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + items[k]!.v;
  if (suffix[0]! < goal) return { pick: null, cut: false };
  let steps = 0;
  let cut = false;
  const chosen: number[] = [];
  const walk = (k: number, left: number): boolean => {
    if (left === 0) return true;
    if (k >= items.length || suffix[k]! < left || chosen.length >= bounds.maxLines) return false;
    if (++steps > bounds.maxSteps) {
      cut = true;
      return false;
    }
    const x = items[k]!;
    if (x.v <= left) {
      chosen.push(x.i);
      if (walk(k + 1, left - x.v)) return true;
      chosen.pop();
      if (cut) return false;
    }
    return walk(k + 1, left);
  };
  return walk(0, goal) ? { pick: [...chosen], cut: false } : { pick: null, cut };
}
