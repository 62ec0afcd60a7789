import type { SanctionedParty, SanctionsList } from '../lists/types.js';
import { DeletionTable } from './deletion-table.js';
import { editDistanceWithin } from './edit-distance.js';
import { fuzzyKinds, maxEdits, nearSimilarity, SKELETON_FUZZY_FROM, skeletonsNear, tokenSimilarity, tokenWeight, within, type TokenSettings } from './name-score.js';
import { nameForms, type NameToken, type NormalisedName } from './normalise.js';

/** One name (primary or alias) of one list entry, in one form (Latin letters, or its own script), normalised. */
export interface IndexedName {
  entry: number;
  /** Index into the party's names. */
  name: number;
  /** Its units: the tokens, then the joined adjacent pairs (normaliseName's `units`). */
  tokens: NameToken[];
  /** Ids of the units' tokens, for the similarity cache. */
  tokenIds: number[];
  /** Its legal forms, by meaning. */
  legalForms: string[];
}

export interface IndexedEntry {
  list: SanctionsList;
  party: SanctionedParty;
}

/** The candidates for a screened name: which list names to score, and their token similarities. */
export interface Candidates {
  names: number[];
  /**
   * Writes the similarities of the screened name's units with list name `nameId`'s units into `out`
   * (row by row, as scoreName reads them), from a cache that lives until the next screening.
   */
  similarities(nameId: number, out: Float64Array): void;
}

/** Similarities of a screened name's units with list tokens, cached for one screening. */
interface SimilarityCache {
  similarity(qi: number, tokenId: number): number;
  /** The same, for a pair known to be spellingsNear (the check is skipped). */
  near(qi: number, tokenId: number): number;
  /** Puts a similarity known from an earlier screening into the cache. */
  store(qi: number, tokenId: number, sim: number): void;
  /** For scoring after the lookup: what it found, 0 for what it did not (see similarityCache). */
  found(qi: number, tokenId: number): number;
}

/**
 * What one unit of a screened name found in the index: the list tokens similar to it and their
 * similarities. Names share their words (MOHAMMED, ALI, JOHN, TRADING), so the index keeps the
 * UNIT_MEMO_SIZE most recently used units' results, keyed by everything the search depends on.
 */
interface UnitFound {
  tokens: Int32Array;
  sims: Float64Array;
}
const UNIT_MEMO_SIZE = 20_000;
const unitKey = (q: NameToken) => `${q.kind}|${q.parts ? 'j' : ''}|${q.particle}|${q.text}|${q.core}`;

/** Screened names are cut to this many tokens (screen.ts), so a token's position fits a 32-bit mask. */
const MAX_QUERY_BITS = 31;

/**
 * The screening index over every name of every list entry, in Latin letters and, for names written in
 * another script, also as written. A screening compares the screened name with a few list names only,
 * and never misses one that comparing it with every list name would score at or above a bound:
 *
 * 1. Token lookup. Two words are similar only when their spellings are within `maxEdits` edits (texts
 *    or cores) or their consonant skeletons within one (name-score.ts, spellingsNear). A symmetric
 *    deletion table over every list word (and over every skeleton) finds exactly those: each word of
 *    the screened name looks up its deletion variants, and the list words found are compared.
 *    Initials, two-letter tokens, ordinals and common words are also looked up as they are.
 * 2. A bound per list name. The list names holding a token found are the only ones that can score
 *    above 0 (an initial against a word aside, which the bound allows for). For each, the weight of
 *    its tokens found and of the screened name's tokens that found them give the score it would have
 *    if every such pair were perfect; names whose bound is below `minScore` are not scored.
 * 3. The rest are scored exactly, as comparing with every name would score them.
 */
export class NameIndex {
  readonly entries: IndexedEntry[] = [];
  readonly names: IndexedName[] = [];
  /** Distinct tokens (by text, core, kind, joined or not): one representative each, and the names containing it (once per occurrence). */
  private readonly tokens: NameToken[] = [];
  private tokenNames: number[][] = [];
  /** tokenNames packed after the build (token t's names are postings[postingStart[t] .. postingStart[t + 1]]). */
  private postingStart = new Int32Array(1);
  private postings = new Int32Array(0);
  private readonly tokenW: number[] = [];
  private readonly tokenIdByKey = new Map<string, number>();
  /** Exact lookup keys (token texts and cores): the tokens they stand for. */
  private readonly keys: string[] = [];
  private readonly keyTokens: number[][] = [];
  private readonly keyId = new Map<string, number>();
  /** Skeletons: the tokens having them. */
  private readonly skeletonKeys: string[] = [];
  private readonly skeletonTokens: number[][] = [];
  private readonly skeletonId = new Map<string, number>();
  /** List names by their whole normalised text (and form): a name screened exactly as listed scores 1, however long. */
  private readonly byText = new Map<string, number[]>();
  private readonly spellings = new DeletionTable();
  private readonly skeletons = new DeletionTable();
  /** Per list name: total weight of its tokens, and how many are initials. */
  private nameWeight = new Float64Array(0);
  private nameInitials = new Uint8Array(0);
  private maxNameTokens = 1;
  /** Per query unit: token id → similarity (NaN: not computed yet), reset between screenings. */
  private readonly simCache: Float64Array[] = [];
  private readonly simTouched: number[][] = [];
  private readonly unitMemo = new Map<string, UnitFound>();
  /**
   * Scratch for a screening: "seen" marks are stamps (a fresh number for each use, from one counter),
   * so that nothing is cleared between screenings; masks and weights.
   */
  private stampCounter = 0;
  private unitTokenSeen = new Uint32Array(0);
  /** Keys already looked at for one unit of the screened name. */
  private keySeen = new Uint32Array(0);
  private tokenSeen = new Uint32Array(0);
  private tokenMask = new Uint32Array(0);
  private nameSeen = new Uint32Array(0);
  private nameMask = new Uint32Array(0);
  private nameFound = new Float64Array(0);

  static build(lists: SanctionsList[], settings: TokenSettings): NameIndex {
    const index = new NameIndex(settings);
    for (const list of lists) for (const party of list.entries) index.addEntry(list, party);
    index.finish();
    return index;
  }

  private constructor(private readonly settings: TokenSettings) {}

  private addEntry(list: SanctionsList, party: SanctionedParty): void {
    const entry = this.entries.push({ list, party }) - 1;
    const seen = new Set<string>();
    party.names.forEach((n, name) => {
      for (const norm of nameForms(n.name)) {
        const identity = `${norm.script ? 's' : 'l'}|${norm.text}|${norm.legalForms.join(',')}`;
        if (!norm.tokens.length || seen.has(identity)) continue;
        seen.add(identity);
        const id = this.names.length;
        const tokenIds = norm.units.map((t) => this.addToken(t, norm.units, id));
        this.names.push({ entry, name, tokens: norm.units, tokenIds, legalForms: norm.legalForms });
        const textKey = `${norm.script ? 's' : 'l'}|${norm.text}`;
        const same = this.byText.get(textKey);
        if (same) same.push(id);
        else this.byText.set(textKey, [id]);
        this.maxNameTokens = Math.max(this.maxNameTokens, tokenIds.length);
      }
    });
  }

  private addToken(t: NameToken, units: NameToken[], nameId: number): number {
    const identity = `${t.text}|${t.core}|${t.kind}|${t.parts ? 'j' : ''}`;
    let id = this.tokenIdByKey.get(identity);
    if (id === undefined) {
      id = this.tokens.push(t) - 1;
      this.tokenNames.push([]);
      this.tokenW.push(t.parts ? tokenWeight(units[t.parts[0]]!, this.settings) + tokenWeight(units[t.parts[1]]!, this.settings) : tokenWeight(t, this.settings));
      this.tokenIdByKey.set(identity, id);
      for (const key of new Set([t.text, t.core])) this.addKey(key, id, t);
      if (!t.parts && (t.kind === 'word' || t.kind === 'common') && t.skeleton) {
        let sk = this.skeletonId.get(t.skeleton);
        if (sk === undefined) {
          sk = this.skeletonTokens.push([]) - 1;
          this.skeletonKeys.push(t.skeleton);
          this.skeletonId.set(t.skeleton, sk);
          this.skeletons.add(t.skeleton, sk, t.skeleton.length >= SKELETON_FUZZY_FROM ? 1 : 0, SKELETON_FUZZY_FROM - 1);
        }
        this.skeletonTokens[sk]!.push(id);
      }
    }
    // Once per occurrence: a name holding a token twice (AHMED, Ahmed Khalfan) can pair it twice, and the bound must know.
    this.tokenNames[id]!.push(nameId);
    return id;
  }

  private addKey(key: string, tokenId: number, t: NameToken): void {
    let k = this.keyId.get(key);
    if (k === undefined) {
      k = this.keyTokens.push([]) - 1;
      this.keys.push(key);
      this.keyId.set(key, k);
      // Words and common words by spelling (a joined pair within one edit); other kinds only as they are.
      const fuzzy = t.kind === 'word' || t.kind === 'common';
      if (fuzzy) this.spellings.add(key, k, t.parts ? 1 : maxEdits(key.length), 2);
    }
    this.keyTokens[k]!.push(tokenId);
  }

  private finish(): void {
    this.spellings.finish();
    this.skeletons.finish();
    this.postingStart = new Int32Array(this.tokens.length + 1);
    this.tokenNames.forEach((names, t) => (this.postingStart[t + 1] = this.postingStart[t]! + names.length));
    this.postings = new Int32Array(this.postingStart[this.tokens.length]!);
    this.tokenNames.forEach((names, t) => this.postings.set(names, this.postingStart[t]!));
    this.tokenNames = [];
    this.nameWeight = new Float64Array(this.names.length);
    this.nameInitials = new Uint8Array(this.names.length);
    this.names.forEach((n, i) => {
      for (const t of n.tokens) {
        if (t.parts) continue;
        this.nameWeight[i]! += tokenWeight(t, this.settings);
        if (t.kind === 'initial') this.nameInitials[i]!++;
      }
    });
    this.keySeen = new Uint32Array(this.keyTokens.length);
    this.tokenSeen = new Uint32Array(this.tokens.length);
    this.unitTokenSeen = new Uint32Array(this.tokens.length);
    this.tokenMask = new Uint32Array(this.tokens.length);
    this.nameSeen = new Uint32Array(this.names.length);
    this.nameMask = new Uint32Array(this.names.length);
    this.nameFound = new Float64Array(this.names.length);
  }

  /** The most units any list name has. */
  get maxTokens(): number {
    return this.maxNameTokens;
  }

  get size(): { entries: number; names: number; tokens: number; keys: number; variants: number } {
    return { entries: this.entries.length, names: this.names.length, tokens: this.tokens.length, keys: this.keyTokens.length, variants: this.spellings.size + this.skeletons.size };
  }

  /** A fresh similarity cache for a screened name's units: reads or fills it, by tokenSimilarity, or for pairs known to be near by nearSimilarity. */
  private similarityCache(query: NormalisedName): SimilarityCache {
    const s = this.settings;
    const caches = query.units.map((_, qi) => {
      const cache = (this.simCache[qi] ??= new Float64Array(this.tokens.length).fill(NaN));
      for (const t of this.simTouched[qi] ?? []) cache[t] = NaN;
      this.simTouched[qi] = [];
      return cache;
    });
    const fill = (qi: number, tokenId: number, known: boolean): number => {
      const cache = caches[qi]!;
      const v = cache[tokenId]!;
      if (v === v) return v;
      const q = query.units[qi]!;
      const t = this.tokens[tokenId]!;
      const sim = q.parts && t.parts ? 0 : known ? nearSimilarity(q, t, s) : tokenSimilarity(q, t, s);
      cache[tokenId] = sim;
      this.simTouched[qi]!.push(tokenId);
      return sim;
    };
    const store = (qi: number, tokenId: number, sim: number) => {
      if (caches[qi]![tokenId] === caches[qi]![tokenId]) return;
      caches[qi]![tokenId] = sim;
      this.simTouched[qi]!.push(tokenId);
    };
    // A pair the lookup did not find (nor look at) is below minTokenScore by construction: 0 without
    // comparing, except an initial against a word (initials find no words; they are compared).
    const found = (qi: number, tokenId: number): number => {
      const v = caches[qi]![tokenId]!;
      if (v === v) return v;
      return query.units[qi]!.kind === 'initial' || this.tokens[tokenId]!.kind === 'initial' ? fill(qi, tokenId, false) : 0;
    };
    return { similarity: (qi, t) => fill(qi, t, false), near: (qi, t) => fill(qi, t, true), store, found };
  }

  private withSimilarities(names: number[], query: NormalisedName, similarity: (qi: number, tokenId: number) => number): Candidates {
    const units = query.units;
    return {
      names,
      similarities: (nameId, out) => {
        const ids = this.names[nameId]!.tokenIds;
        let k = 0;
        for (let qi = 0; qi < units.length; qi++) for (let ci = 0; ci < ids.length; ci++) out[k++] = similarity(qi, ids[ci]!);
      },
    };
  }

  /** tokensFor, through the memo of recent units (least recently used out first). */
  private unitFound(q: NameToken, qi: number, cache: SimilarityCache): UnitFound {
    const key = unitKey(q);
    const known = this.unitMemo.get(key);
    if (known) {
      this.unitMemo.delete(key);
      this.unitMemo.set(key, known);
      return known;
    }
    const tokens: number[] = [];
    const stamp = this.nextStamp();
    this.tokensFor(q, qi, cache, (t) => {
      if (this.unitTokenSeen[t] === stamp) return;
      this.unitTokenSeen[t] = stamp;
      tokens.push(t);
    });
    const found = { tokens: Int32Array.from(tokens), sims: Float64Array.from(tokens, (t) => cache.similarity(qi, t)) };
    this.unitMemo.set(key, found);
    if (this.unitMemo.size > UNIT_MEMO_SIZE) this.unitMemo.delete(this.unitMemo.keys().next().value!);
    return found;
  }

  /** Forgets the units screened so far (the benchmark measures screening from cold with it). */
  forgetRecentUnits(): void {
    this.unitMemo.clear();
  }

  /**
   * The list tokens similar to query unit `qi` (similarity at least minTokenScore), through the tables
   * or as they are. `near(qi, t)` is the similarity of a pair already known to be spellingsNear.
   */
  private tokensFor(q: NameToken, qi: number, cache: SimilarityCache, found: (tokenId: number) => void): void {
    const stamp = this.nextStamp();
    const min = this.settings.minTokenScore;
    const exact = this.keyId.get(q.text);
    if (exact !== undefined) {
      this.keySeen[exact] = stamp;
      for (const t of this.keyTokens[exact]!) if (cache.similarity(qi, t) >= min) found(t);
    }
    if (q.kind !== 'word' && q.kind !== 'common') return;
    if (q.parts) {
      // A joined unit: single list words within one edit of it.
      this.spellings.lookup(q.text, 1, 2, (k) => {
        if (this.keySeen[k] === stamp) return;
        this.keySeen[k] = stamp;
        if (editDistanceWithin(q.text, this.keys[k]!, 1) > 1) return;
        for (const t of this.keyTokens[k]!) if (cache.similarity(qi, t) >= min) found(t);
      });
      return;
    }
    // Keys within maxEdits of the unit's text (or core): their tokens whose text (or core, with a
    // particle) is that key are near by spelling; those near by skeleton come from the skeleton table.
    const visitKey = (k: number) => {
      if (this.keySeen[k] === stamp) return;
      this.keySeen[k] = stamp;
      const key = this.keys[k]!;
      const byText = within(q.text, key);
      const byCore = q.core !== q.text && within(q.core, key);
      if (!byText && !byCore) return;
      for (const t of this.keyTokens[k]!) {
        const token = this.tokens[t]!;
        const known = fuzzyKinds(q, token) && !token.parts && ((byText && key === token.text) || (q.particle !== '' && byCore && key === token.core));
        if ((known ? cache.near(qi, t) : cache.similarity(qi, t)) >= min) found(t);
      }
    };
    this.spellings.lookup(q.text, maxEdits(q.text.length), 2, visitKey);
    if (q.core !== q.text) this.spellings.lookup(q.core, maxEdits(q.core.length), 2, visitKey);
    if (q.skeleton) {
      this.skeletons.lookup(q.skeleton, q.skeleton.length >= SKELETON_FUZZY_FROM ? 1 : 0, SKELETON_FUZZY_FROM - 1, (sk) => {
        if (!skeletonsNear(q.skeleton, this.skeletonKeys[sk]!)) return;
        for (const t of this.skeletonTokens[sk]!) if ((fuzzyKinds(q, this.tokens[t]!) ? cache.near(qi, t) : cache.similarity(qi, t)) >= min) found(t);
      });
    }
  }

  /**
   * The list names that may score at least `minScore` against a screened name (see the class
   * comment). Synchronous, and valid until the next call: the caches are the index's own.
   */
  candidates(query: NormalisedName, minScore: number): Candidates {
    const s = this.settings;
    const cache = this.similarityCache(query);
    const gen = this.nextStamp();
    const units = query.units;
    const base = units.filter((u) => !u.parts);
    const bitOf = (qi: number) => (qi < MAX_QUERY_BITS ? 1 << qi : 0);
    let queryWeight = 0;
    let initialBits = 0;
    const bitWeight: number[] = [];
    base.forEach((t, i) => {
      const w = tokenWeight(t, s);
      bitWeight[i] = w;
      queryWeight += w;
      if (t.kind === 'initial') initialBits |= bitOf(i);
    });
    // 1. The list tokens each unit finds, with the screened tokens that found them.
    const foundTokens: number[] = [];
    units.forEach((q, qi) => {
      const bits = q.parts ? bitOf(q.parts[0]) | bitOf(q.parts[1]) : bitOf(qi);
      const found = this.unitFound(q, qi, cache);
      for (let i = 0; i < found.tokens.length; i++) {
        const t = found.tokens[i]!;
        cache.store(qi, t, found.sims[i]!);
        if (this.tokenSeen[t] !== gen) {
          this.tokenSeen[t] = gen;
          this.tokenMask[t] = 0;
          foundTokens.push(t);
        }
        this.tokenMask[t]! |= bits;
      }
    });
    // 2. Per list name: the weight of its tokens found, and which screened tokens found them.
    const touched: number[] = [];
    for (const t of foundTokens) {
      const w = this.tokenW[t]!;
      const bits = this.tokenMask[t]!;
      const postings = this.postings;
      for (let p = this.postingStart[t]!, end = this.postingStart[t + 1]!; p < end; p++) {
        const n = postings[p]!;
        if (this.nameSeen[n] !== gen) {
          this.nameSeen[n] = gen;
          this.nameFound[n] = 0;
          this.nameMask[n] = 0;
          touched.push(n);
        }
        this.nameFound[n]! += w;
        this.nameMask[n]! |= bits;
      }
    }
    const names: number[] = [];
    for (const n of touched) {
      const mask = this.nameMask[n]!;
      let pq = 0;
      for (let i = 0; i < base.length && i < MAX_QUERY_BITS; i++) if (mask & (1 << i)) pq += bitWeight[i]!;
      const wc = this.nameWeight[n]!;
      const pc = Math.min(wc, this.nameFound[n]!);
      const qInit = popcount(initialBits & ~mask);
      const cInit = this.nameInitials[n]!;
      const paired = pq + pc + 2 * qInit + 2 * cInit;
      const unpairedQ = Math.max(0, (queryWeight - pq - qInit - cInit) * s.unmatchedQueryWeight);
      const unpairedC = Math.max(0, (wc - pc - cInit - qInit) * s.unmatchedCandidateWeight);
      const bound = paired > 0 ? paired / (paired + unpairedQ + unpairedC) : 0;
      if (bound >= minScore) names.push(n);
    }
    return this.withSimilarities(names, query, cache.found);
  }

  /** The list names whose whole normalised text is the screened name's (in the same form). */
  namesWithText(query: NormalisedName): readonly number[] {
    return this.byText.get(`${query.script ? 's' : 'l'}|${query.text}`) ?? [];
  }

  /** Every list name, for the all-pairs baseline of the benchmark and tests. */
  allNames(query: NormalisedName): Candidates {
    return this.withSimilarities(
      this.names.map((_, i) => i),
      query,
      this.similarityCache(query).similarity,
    );
  }

  /** A stamp no "seen" array holds yet (they are all cleared when the counter wraps). */
  private nextStamp(): number {
    if (++this.stampCounter === 0xffffffff) {
      this.stampCounter = 1;
      for (const seen of [this.keySeen, this.tokenSeen, this.unitTokenSeen, this.nameSeen]) seen.fill(0);
    }
    return this.stampCounter;
  }
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}
