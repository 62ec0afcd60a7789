import type { ComplianceScreeningConfig } from '../../config/compliance-screening.js';
import { jaroWinkler } from './jaro-winkler.js';
import type { NameToken } from './normalise.js';

export type TokenSettings = ComplianceScreeningConfig['tokens'];

/** One pairing of a token of the screened name with a token of the list entry's name. */
export interface TokenMatch {
  query: string;
  candidate: string;
  score: number;
}

export interface NameScore {
  /** 0..1 */
  score: number;
  tokens: TokenMatch[];
  /** Tokens on either side that were paired with nothing. */
  unmatched: { query: string[]; candidate: string[] };
}

/** A token's weight: its letters, a joined particle's and a common word's letters counting less, an initial as one letter. */
export function tokenWeight(t: NameToken, s: TokenSettings): number {
  if (t.kind === 'initial') return 1;
  if (t.kind === 'common') return t.text.length * s.commonWordWeight;
  return t.core.length + t.particle.length * s.particleWeight;
}

/** A joined particle that one side lacks or spells differently costs this factor (AL QAIDA against QAIDA). */
const CORE_ONLY = 0.95;

/**
 * First letters that transliterations interchange (OSAMA/USAMA, QADDAFI/GADDAFI/KADHAFI, YUSUF/JUSUF,
 * VALID/WALID). Words whose first letters are in no group together score × UNRELATED_START: Jaro-Winkler
 * alone puts MARIA and GARCIA at 0.82.
 */
const FIRST_LETTER_GROUPS = ['AEIOUY', 'CKQG', 'GJYI', 'BVW', 'CSZ', 'FP'];
const UNRELATED_START = 0.9;
const related = new Set(FIRST_LETTER_GROUPS.flatMap((g) => [...g].flatMap((a) => [...g].map((b) => a + b))));

/**
 * Words of very different lengths are not compared (their Jaro-Winkler is mostly the shared prefix:
 * ARLINES and ALI 0.83): the lengths may differ by 2 letters, or by a third of the longer word.
 */
export function comparableLengths(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(2, Math.floor(Math.max(a, b) / 3));
}

function words(a: string, b: string): number {
  if (!comparableLengths(a.length, b.length)) return 0;
  const jw = jaroWinkler(a, b);
  return a[0] === b[0] || related.has(a[0]! + b[0]!) ? jw : jw * UNRELATED_START;
}

/**
 * Similarity of two tokens, 0..1: Jaro-Winkler for words of comparable lengths (less when their first
 * letters are unrelated; and for their cores without particles, a little less); an initial against a word with that first letter `initialScore`; two-letter tokens,
 * common words and initials otherwise only when equal.
 */
export function tokenSimilarity(q: NameToken, c: NameToken, s: TokenSettings): number {
  if (q.text === c.text) return 1;
  if (q.kind === 'initial' || c.kind === 'initial') {
    const [i, w] = q.kind === 'initial' ? [q, c] : [c, q];
    if (w.kind === 'initial' || w.kind === 'common') return 0;
    return w.core[0] === i.text || w.text[0] === i.text ? s.initialScore : 0;
  }
  if (q.kind !== 'word' || c.kind !== 'word') return 0;
  const full = words(q.text, c.text);
  if (!q.particle && !c.particle) return full;
  return Math.max(full, CORE_ONLY * words(q.core, c.core));
}

let order = new Int32Array(64);
let usedQ = new Uint8Array(16);
let usedC = new Uint8Array(16);

/**
 * How well a screened name matches a list name, 0..1. Tokens are paired best first (greedy on the
 * pair scores, sorted; names are short), each token used once, a pair counting only at or above
 * minTokenScore. Score = Σ pair score × (both tokens' weights) / (Σ paired weights + the weights of
 * the unpaired tokens, the screened name's × unmatchedQueryWeight, the entry's × unmatchedCandidateWeight).
 * An initial paired with a word counts as one letter on both sides; the rest of the word counts as unpaired.
 *
 * `sims[qi * candidate.length + ci]` is the similarity of query token qi and candidate token ci
 * (tokenSimilarity; given by the caller, which caches it across the names of one screening).
 * With `explain`, the pairs and the unpaired tokens are returned too (the score alone allocates
 * nothing: it is computed for every candidate name).
 */
export function scoreName(query: NameToken[], candidate: NameToken[], s: TokenSettings, sims?: ArrayLike<number>): number;
export function scoreName(query: NameToken[], candidate: NameToken[], s: TokenSettings, sims: ArrayLike<number> | undefined, explain: true): NameScore;
export function scoreName(query: NameToken[], candidate: NameToken[], s: TokenSettings, sims: ArrayLike<number> = similarities(query, candidate, s), explain = false): number | NameScore {
  const nq = query.length;
  const nc = candidate.length;
  const total = nq * nc;
  if (order.length < total) order = new Int32Array(total * 2);
  if (usedQ.length < nq) usedQ = new Uint8Array(nq * 2);
  if (usedC.length < nc) usedC = new Uint8Array(nc * 2);
  usedQ.fill(0, 0, nq);
  usedC.fill(0, 0, nc);
  let n = 0;
  for (let k = 0; k < total; k++) if (sims[k]! >= s.minTokenScore) order[n++] = k;
  const pairs = order.subarray(0, n);
  if (n > 1) pairs.sort((a, b) => sims[b]! - sims[a]! || tokenWeight(candidate[b % nc]!, s) - tokenWeight(candidate[a % nc]!, s));
  let num = 0;
  let den = 0;
  const matched: (TokenMatch & { qi: number })[] = [];
  for (const k of pairs) {
    const qi = Math.floor(k / nc);
    const ci = k % nc;
    if (usedQ[qi] || usedC[ci]) continue;
    usedQ[qi] = usedC[ci] = 1;
    const q = query[qi]!;
    const c = candidate[ci]!;
    let wq = tokenWeight(q, s);
    let wc = tokenWeight(c, s);
    if (q.kind === 'initial' && c.kind !== 'initial') {
      den += (wc - 1) * s.unmatchedCandidateWeight;
      wc = 1;
    } else if (c.kind === 'initial' && q.kind !== 'initial') {
      den += (wq - 1) * s.unmatchedQueryWeight;
      wq = 1;
    }
    num += sims[k]! * (wq + wc);
    den += wq + wc;
    if (explain) matched.push({ qi, query: q.text, candidate: c.text, score: sims[k]! });
  }
  for (let i = 0; i < nq; i++) if (!usedQ[i]) den += tokenWeight(query[i]!, s) * s.unmatchedQueryWeight;
  for (let i = 0; i < nc; i++) if (!usedC[i]) den += tokenWeight(candidate[i]!, s) * s.unmatchedCandidateWeight;
  const score = den > 0 ? num / den : 0;
  if (!explain) return score;
  return {
    score,
    tokens: matched.sort((a, b) => a.qi - b.qi).map(({ query, candidate, score }) => ({ query, candidate, score })),
    unmatched: { query: query.filter((_, i) => !usedQ[i]).map((t) => t.text), candidate: candidate.filter((_, i) => !usedC[i]).map((t) => t.text) },
  };
}

/** The pair similarities of two names, row by row (query token by candidate token). */
export function similarities(query: NameToken[], candidate: NameToken[], s: TokenSettings): number[] {
  return query.flatMap((q) => candidate.map((c) => tokenSimilarity(q, c, s)));
}
