/**
 * A small seeded pseudo-random generator (mulberry32 over a splitmix-style seed hash).
 * Used for seed data and for fault decisions, so a seed reproduces the same bank and
 * the same sequence of injected faults. Not for anything secret (tokens use node:crypto).
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (inclusive); both must be safe integers, max - min < 2^32. */
  int(min: number, max: number): number;
  /** True with probability p (p <= 0: never; p >= 1: always). */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A derived, independent generator (for a sub-stream such as one account's history). */
  fork(label: string): Prng;
}

function hashSeed(seed: number, label = ''): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function createPrng(seed: number, label = ''): Prng {
  let state = hashSeed(Math.trunc(seed), label);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(min, max) {
      if (max < min) throw new RangeError(`int(${min}, ${max}): max < min`);
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(p) {
      return next() < p;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    fork(sub) {
      return createPrng(seed, `${label}/${sub}`);
    },
  };
}
