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
 * Words with particles are compared by their cores, so that a shared AL or BIN lends no common
 * prefix (ALZAWAHRI and ALMASRI are not alike); a different or missing particle costs CORE_ONLY.
 * A word without a particle is also compared whole (ALQAIDA written as one word).
 */
function particleAware(q: NameToken, c: NameToken): number {
  if (!q.particle && !c.particle) return words(q.text, c.text);
  if (q.particle && c.particle) return (q.particle === c.particle ? 1 : CORE_ONLY) * words(q.core, c.core);
  return Math.max(words(q.text, c.text), CORE_ONLY * words(q.core, c.core));
}

/**
 * The consonants of a word, as transliterations spell them alike (C, K, Q as K; Z as S; W as V; PH as
 * F), doubles as one: OMAR and UMAR are MR, ERIC and ERIK RK, MARY MR but MARK MRK.
 */
function consonants(w: string): string {
  return w
    .replace(/PH/g, 'F')
    .replace(/[CQ]/g, 'K')
    .replace(/Z/g, 'S')
    .replace(/W/g, 'V')
    .replace(/[AEIOUY]/g, '')
    .replace(/(.)\1+/g, '$1');
}

/**
 * Two words written as one against one word ("AERO CARIBBEAN" and "AEROCARIBBEAN"): only a near
 * spelling counts (lengths within 2, Jaro-Winkler at least JOINED_MIN), since a long joined string
 * resembles any word that shares its start (ALEKSANDR MALKEVICH and ALEKSANDROVICH: 0.93).
 */
const JOINED_MIN = 0.95;

function joinedSimilarity(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 0;
  const jw = jaroWinkler(a, b);
  return jw >= JOINED_MIN ? jw : 0;
}

/**
 * Similarity of two tokens, 0..1: Jaro-Winkler for words of comparable lengths (less when their first
 * letters are unrelated; and for their cores without particles, a little less; a joined pair of words
 * only when spelt nearly the same; words of up to four letters only from shortWordMinScore up, unless only their vowels, or letters that sound alike, differ); an initial against a word with that first letter `initialScore`; two-letter tokens,
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
  if (q.parts || c.parts) return joinedSimilarity(q.text, c.text);
  const sim = particleAware(q, c);
  // One letter in four is a different name (MARY, MARK), not a typo: short words must be closer,
  // unless only their vowels differ (ALI, ALY; OMAR, UMAR), as transliterations do.
  const short = Math.min(q.core.length, c.core.length) <= 4;
  return short && sim < s.shortWordMinScore && consonants(q.core) !== consonants(c.core) ? 0 : sim;
}

let order = new Int32Array(64);
let usedQ = new Uint8Array(16);
let usedC = new Uint8Array(16);

/** The base tokens a unit stands for: itself, or the two a joined token joins. */
const partsOf = (t: NameToken, i: number): readonly number[] => t.parts ?? [i];

function unitWeight(units: NameToken[], i: number, s: TokenSettings): number {
  const u = units[i]!;
  return u.parts ? tokenWeight(units[u.parts[0]]!, s) + tokenWeight(units[u.parts[1]]!, s) : tokenWeight(u, s);
}

const isFree = (used: Uint8Array, parts: readonly number[]) => parts.every((p) => !used[p]);
const describe = (units: NameToken[], u: NameToken) => (u.parts ? u.parts.map((p) => units[p]!.text).join(' ') : u.text);

/**
 * How well a screened name matches a list name, 0..1, over their units (tokens and joined adjacent
 * pairs, see withJoined). Units are paired best first (greedy on the pair scores, sorted; names are
 * short), each token used once (a joined unit uses both its tokens), a pair counting only at or above
 * minTokenScore. Score = Σ pair score × (both sides' weights) / (Σ paired weights + the weights of
 * the unpaired tokens, the screened name's × unmatchedQueryWeight, the entry's × unmatchedCandidateWeight).
 * An initial paired with a word counts as one letter on both sides; the rest of the word counts as unpaired.
 *
 * `sims[qi * candidate.length + ci]` is the similarity of query unit qi and candidate unit ci
 * (tokenSimilarity; given by the caller, which caches it across the names of one screening; two
 * joined units are not compared). With `explain`, the pairs and the unpaired tokens are returned too
 * (the score alone allocates nothing: it is computed for every candidate name).
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
  if (n > 1) pairs.sort((a, b) => sims[b]! - sims[a]! || unitWeight(candidate, b % nc, s) - unitWeight(candidate, a % nc, s));
  let num = 0;
  let den = 0;
  const matched: (TokenMatch & { qi: number })[] = [];
  for (const k of pairs) {
    const qi = Math.floor(k / nc);
    const ci = k % nc;
    const q = query[qi]!;
    const c = candidate[ci]!;
    const qParts = partsOf(q, qi);
    const cParts = partsOf(c, ci);
    if (!isFree(usedQ, qParts) || !isFree(usedC, cParts)) continue;
    for (const p of qParts) usedQ[p] = 1;
    for (const p of cParts) usedC[p] = 1;
    let wq = unitWeight(query, qi, s);
    let wc = unitWeight(candidate, ci, s);
    if (q.kind === 'initial' && c.kind !== 'initial') {
      den += (wc - 1) * s.unmatchedCandidateWeight;
      wc = 1;
    } else if (c.kind === 'initial' && q.kind !== 'initial') {
      den += (wq - 1) * s.unmatchedQueryWeight;
      wq = 1;
    }
    num += sims[k]! * (wq + wc);
    den += wq + wc;
    if (explain) matched.push({ qi: qParts[0]!, query: describe(query, q), candidate: describe(candidate, c), score: sims[k]! });
  }
  const unpairedQ: string[] = [];
  const unpairedC: string[] = [];
  for (let i = 0; i < nq && !query[i]!.parts; i++) {
    if (usedQ[i]) continue;
    den += tokenWeight(query[i]!, s) * s.unmatchedQueryWeight;
    if (explain) unpairedQ.push(query[i]!.text);
  }
  for (let i = 0; i < nc && !candidate[i]!.parts; i++) {
    if (usedC[i]) continue;
    den += tokenWeight(candidate[i]!, s) * s.unmatchedCandidateWeight;
    if (explain) unpairedC.push(candidate[i]!.text);
  }
  const score = den > 0 ? num / den : 0;
  if (!explain) return score;
  return {
    score,
    tokens: matched.sort((a, b) => a.qi - b.qi).map(({ query, candidate, score }) => ({ query, candidate, score })),
    unmatched: { query: unpairedQ, candidate: unpairedC },
  };
}

/** The pair similarities of two names' units, row by row (query unit by candidate unit); two joined units are not compared. */
export function similarities(query: NameToken[], candidate: NameToken[], s: TokenSettings): number[] {
  return query.flatMap((q) => candidate.map((c) => (q.parts && c.parts ? 0 : tokenSimilarity(q, c, s))));
}
