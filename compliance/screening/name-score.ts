import type { ComplianceScreeningConfig } from '../../config/compliance-screening.js';
import { editDistanceWithin } from './edit-distance.js';
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
  if (t.kind === 'ordinal') return s.ordinalWeight;
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
const related = new Uint8Array(128 * 128);
for (const g of FIRST_LETTER_GROUPS) for (const a of g) for (const b of g) related[a.charCodeAt(0) * 128 + b.charCodeAt(0)] = 1;
const relatedStarts = (a: string, b: string) => {
  const x = a.charCodeAt(0);
  const y = b.charCodeAt(0);
  return x === y || (x < 128 && y < 128 && related[x * 128 + y] === 1);
};

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
  return relatedStarts(a, b) ? jw : jw * UNRELATED_START;
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
 * How many edits two spellings of one word may differ by: one for words of up to seven letters, two
 * for longer ones. Two words further apart are not the same word, however Jaro-Winkler rates them
 * (AIRLINES and IRINVEST: 0.83), unless their consonant skeletons are within one edit (MOHAMMED and
 * MUHAMAD: three edits, both MHMD). The index finds exactly these pairs (see name-index.ts).
 */
export const maxEdits = (length: number) => (length <= 7 ? 1 : 2);

/** Skeletons within one edit; skeletons of up to three letters only when equal (MHD and HMD are MAHDI and HAMID). */
export const SKELETON_FUZZY_FROM = 4;

export function skeletonsNear(a: string, b: string): boolean {
  if (a === b) return a.length > 0;
  if (a.length < SKELETON_FUZZY_FROM || b.length < SKELETON_FUZZY_FROM || Math.abs(a.length - b.length) > 1) return false;
  return editDistanceWithin(a, b, 1) <= 1;
}

/** Two spellings close enough to be one word (see maxEdits), by their texts, their cores, or their skeletons. */
export function spellingsNear(q: NameToken, c: NameToken): boolean {
  if (within(q.text, c.text)) return true;
  if ((q.particle || c.particle) && within(q.core, c.core)) return true;
  return skeletonsNear(q.skeleton, c.skeleton);
}

/** Two spellings within maxEdits of the longer's length. */
export function within(a: string, b: string): boolean {
  const k = maxEdits(a.length > b.length ? a.length : b.length);
  return Math.abs(a.length - b.length) <= k && editDistanceWithin(a, b, k) <= k;
}

/**
 * Two words written as one against one word ("AERO CARIBBEAN" and "AEROCARIBBEAN"): only within one
 * edit, since a long joined string resembles any word that shares its start (ALEKSANDR MALKEVICH and
 * ALEKSANDROVICH: 0.93 by Jaro-Winkler); then Jaro-Winkler, or the one-edit floor.
 */
function joinedSimilarity(a: string, b: string): number {
  if (editDistanceWithin(a, b, 1) > 1) return 0;
  return Math.max(jaroWinkler(a, b), 1 - 0.8 / Math.max(a.length, b.length));
}

/**
 * Similarity of two tokens, 0..1. Words (and a word against a common word, a typo of BANK or
 * INDUSTRIAL) only when their spellings are near (spellingsNear): then Jaro-Winkler for words of
 * comparable lengths (less when their first letters are unrelated; and for their cores without
 * particles, a little less; a joined pair of words only when spelt nearly the same; words of up to
 * four letters only from shortWordMinScore up, unless their skeletons are the same (ALI, ALY; ERIC,
 * ERIK)); an initial against a word with that first letter `initialScore`; two-letter tokens, two
 * common words, ordinals and initials otherwise only when equal.
 */
export function tokenSimilarity(q: NameToken, c: NameToken, s: TokenSettings): number {
  if (q.text === c.text) return 1;
  if (q.kind === 'initial' || c.kind === 'initial') {
    const i = q.kind === 'initial' ? q : c;
    const w = q.kind === 'initial' ? c : q;
    if (w.kind !== 'word') return 0;
    return w.core[0] === i.text || w.text[0] === i.text ? s.initialScore : 0;
  }
  if (!fuzzyKinds(q, c)) return 0;
  if (q.parts || c.parts) return joinedSimilarity(q.text, c.text);
  return spellingsNear(q, c) ? nearSimilarity(q, c, s) : 0;
}

/** Kinds that are compared by spelling: words, and a word against a common word (not two common words). */
export function fuzzyKinds(q: NameToken, c: NameToken): boolean {
  return (q.kind === 'word' && (c.kind === 'word' || c.kind === 'common')) || (q.kind === 'common' && c.kind === 'word');
}

/**
 * One edit (a letter dropped, doubled, changed or two swapped) in a word of L letters leaves at least
 * 1 - 0.8 / L: Jaro-Winkler alone can rate one changed letter far lower when that letter also stands
 * nearby (HAWALA and HXWALA: 0.78), and a typo must not let a listed name through. Cores compared,
 * so a particle lends nothing.
 */
function oneEditFloor(q: NameToken, c: NameToken): number {
  const length = Math.max(q.core.length, c.core.length);
  if (length < 4 || editDistanceWithin(q.core, c.core, 1) > 1) return 0;
  const floor = 1 - 0.8 / length;
  return q.particle === c.particle ? floor : floor * CORE_ONLY;
}

/** tokenSimilarity of two words (or a word and a common word, neither joined) already known to be spellingsNear. */
export function nearSimilarity(q: NameToken, c: NameToken, s: TokenSettings): number {
  if (q.text === c.text) return 1;
  const jw = particleAware(q, c);
  // The floor is at most 1 - 0.8 / length: above it, the edit distance need not be computed.
  const sim = jw >= 1 - 0.8 / Math.max(q.core.length, c.core.length) ? jw : Math.max(jw, oneEditFloor(q, c));
  // Short words near only by their skeletons (two edits or more) must be closer, unless their
  // skeletons are the same (ALI, ALY; OMAR, UMAR), as transliterations write them. One edit in a short
  // word (OMAR, OXAR; MARY, MARK) counts by Jaro-Winkler: a typo must not let a listed name through.
  const short = Math.min(q.core.length, c.core.length) <= 4;
  return short && sim < s.shortWordMinScore && q.skeleton !== c.skeleton && editDistanceWithin(q.core, c.core, 1) > 1 ? 0 : sim;
}

/**
 * Moves each pair whose query side is one word and whose candidate side is a word with a particle that
 * the query word does not have, behind a competing pair on the same candidate unit whose query side is
 * a joined unit containing that word, when the joined pair contributes more (similarity × weights).
 * Greedy pairing by similarity alone would otherwise take the core-only pair (0.95) and leave the
 * misspelt particle unpaired.
 */
function coreOnlyLast(pairs: Int32Array, query: NameToken[], candidate: NameToken[], sims: ArrayLike<number>, nc: number, s: TokenSettings): void {
  const contribution = (k: number) => sims[k]! * (unitWeight(query, Math.floor(k / nc), s) + unitWeight(candidate, k % nc, s));
  for (let i = 0; i < pairs.length; i++) {
    const k = pairs[i]!;
    const q = query[Math.floor(k / nc)]!;
    const c = candidate[k % nc]!;
    if (q.parts || !c.particle || q.particle) continue;
    // a later pair on the same candidate unit, from a joined query unit, that contributes more
    let best = -1;
    for (let j = i + 1; j < pairs.length; j++) {
      const other = pairs[j]!;
      if (other % nc === k % nc && query[Math.floor(other / nc)]!.parts && contribution(other) > contribution(k)) {
        best = j;
        break;
      }
    }
    if (best < 0) continue;
    const moved = pairs[best]!;
    pairs.copyWithin(i + 1, i, best);
    pairs[i] = moved;
  }
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
  // A pair of a word with a listed word's core alone (ALA against ABOU ALA) goes after a pair that takes
  // both words (AXOU ALA against ABOU ALA) when that one scores higher by weight: see coreOnlyLast.
  if (n > 1) coreOnlyLast(pairs, query, candidate, sims, nc, s);
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
