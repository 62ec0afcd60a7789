/**
 * A symmetric deletion index (as in SymSpell): every key is stored under a 32-bit hash of itself and
 * of each string made by deleting up to its `maxDeletions` characters. Two strings within d edits
 * (insertions, deletions, substitutions, adjacent transpositions) become equal after at most d
 * deletions on each side, so looking up every deletion variant of a word finds every key within d
 * edits of it, without comparing it with the others. Hashes may collide: the caller checks what it
 * finds. No variant string is built: each variant's hash is composed from the word's prefix hashes.
 */
/**
 * Variant hashes in constant time each: a polynomial hash (base B, modulo 2^32) of a string is built
 * from the hashes of its pieces, so deleting characters i (and j) costs a few multiplications, given
 * the prefix hashes of the word and the powers of B. Then the length is mixed in and the bits spread
 * (murmur3's finaliser), since lookups bucket by the top 16 bits.
 */
const B = 0x01000193;
let prefix = new Int32Array(64);
let powers = new Int32Array(64);
powers[0] = 1;
for (let i = 1; i < powers.length; i++) powers[i] = Math.imul(powers[i - 1]!, B);

function ensure(n: number): void {
  if (n + 1 <= prefix.length) return;
  prefix = new Int32Array((n + 1) * 2);
  const p = new Int32Array((n + 1) * 2);
  p[0] = 1;
  for (let i = 1; i < p.length; i++) p[i] = Math.imul(p[i - 1]!, B);
  powers = p;
}

/** Hash of s[a..b), from the prefix hashes. */
const segment = (a: number, b: number) => (prefix[b]! - Math.imul(prefix[a]!, powers[b - a]!)) | 0;

function finish(h: number, length: number): number {
  let x = Math.imul(h ^ length, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Calls `each` with the hash of `s` and of every variant with up to `maxDeletions` (0 to 2) characters deleted, never shorter than `minLength`. */
export function forEachVariant(s: string, maxDeletions: number, minLength: number, each: (hash: number) => void): void {
  const n = s.length;
  ensure(n);
  prefix[0] = 0;
  for (let i = 0; i < n; i++) prefix[i + 1] = (Math.imul(prefix[i]!, B) + s.charCodeAt(i)) | 0;
  each(finish(prefix[n]!, n));
  if (maxDeletions >= 1 && n - 1 >= minLength) {
    for (let i = 0; i < n; i++) {
      if (i > 0 && s.charCodeAt(i) === s.charCodeAt(i - 1)) continue; // deleting either of a double gives the same string
      each(finish((Math.imul(prefix[i]!, powers[n - 1 - i]!) + segment(i + 1, n)) | 0, n - 1));
    }
  }
  if (maxDeletions >= 2 && n - 2 >= minLength) {
    for (let i = 0; i < n; i++) {
      const head = Math.imul(prefix[i]!, powers[n - 2 - i]!);
      for (let j = i + 1; j < n; j++) {
        const h = (head + Math.imul(segment(i + 1, j), powers[n - 1 - j]!) + segment(j + 1, n)) | 0;
        each(finish(h, n - 2));
      }
    }
  }
}

export class DeletionTable {
  private pending: number[] = [];
  /** Hash and id side by side ([h0, id0, h1, id1, ...]): a lookup touches one cache line, not two arrays. */
  private entries = new Uint32Array(0);
  private count = 0;
  /** Where the hashes with each value of their top 16 bits start (a lookup searches only that stretch). */
  private starts = new Uint32Array(65_537);

  /** Stores `id` under `key` and its deletion variants. Ids must be below 2^21. */
  add(key: string, id: number, maxDeletions: number, minLength: number): void {
    // hash × 2^21 + id: exact in a double (53 bits), so one numeric sort orders by hash, then id.
    forEachVariant(key, maxDeletions, minLength, (h) => this.pending.push(h * 2_097_152 + id));
  }

  /** Sorts what was added; lookups work after this. */
  finish(): void {
    const all = Float64Array.from(this.pending).sort();
    this.pending = [];
    let n = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
    this.count = n;
    this.entries = new Uint32Array(n * 2);
    this.starts = new Uint32Array(65_537);
    for (let i = 0; i < n; i++) {
      const v = all[i]!;
      const id = v % 2_097_152;
      const h = (v - id) / 2_097_152;
      this.entries[2 * i] = h;
      this.entries[2 * i + 1] = id;
      this.starts[(h >>> 16) + 1]!++;
    }
    for (let b = 1; b <= 65_536; b++) this.starts[b]! += this.starts[b - 1]!;
  }

  get size(): number {
    return this.count;
  }

  /** Calls `found` with the id of every key stored under a hash of `word` or of its variants (up to `maxDeletions` deleted, at least `minLength` long). */
  lookup(word: string, maxDeletions: number, minLength: number, found: (id: number) => void): void {
    forEachVariant(word, maxDeletions, minLength, (h) => {
      const e = this.entries;
      let lo = this.starts[h >>> 16]!;
      let hi = this.starts[(h >>> 16) + 1]!;
      const end = hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (e[2 * mid]! < h) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < end && e[2 * i] === h; i++) found(e[2 * i + 1]!);
    });
  }
}
