import type { SanctionedParty, SanctionsList } from '../lists/types.js';
import { comparableLengths, tokenSimilarity, type TokenSettings } from './name-score.js';
import { normaliseName, type NameToken, type NormalisedName } from './normalise.js';
import { soundex } from './soundex.js';

/** One name (primary or alias) of one list entry, normalised. */
export interface IndexedName {
  entry: number;
  /** Index into the party's names. */
  name: number;
  /** Its units: the tokens, then the joined adjacent pairs (normaliseName's `units`). */
  tokens: NameToken[];
  /** Ids of the units' tokens (text + core), for the similarity cache. */
  tokenIds: number[];
}

export interface IndexedEntry {
  list: SanctionsList;
  party: SanctionedParty;
}

/** The candidates for a screened name: which list names to score, and their token similarities. */
export interface Candidates {
  names: number[];
  /**
   * Writes the similarities of the screened name's tokens with list name `nameId`'s tokens into `out`
   * (row by row, as scoreName reads them), from a cache that lives until the next screening.
   */
  similarities(nameId: number, out: Float64Array): void;
}

/** Per screened unit, token id → similarity (NaN: not yet computed), and the function that computes and stores one. */
interface SimilarityCache {
  caches: Float64Array[];
  compute(qi: number, tokenId: number): number;
}

/** Letter triples of a word with start and end marks: OSAMA → ^OS OSA SAM AMA MA$. */
function grams(word: string): string[] {
  const w = `^${word}$`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= w.length; i++) out.push(w.slice(i, i + 3));
  return out;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list.at(-1) !== value) list.push(value);
}

/**
 * The screening index over every name of every list entry. Candidate generation never compares the
 * screened name with all list names: each of its words is looked up by blocking keys — the exact word
 * (and its core without particles), its Soundex code, and its letter triples (a key word sharing at
 * least two triples with it, one for words of up to five letters, of a comparable length) —
 * the key words found are compared by Jaro-Winkler, and only the list names containing a key word
 * similar enough are scored. Initials and common words never generate candidates; two-letter words only
 * by exact lookup.
 */
export class NameIndex {
  readonly entries: IndexedEntry[] = [];
  readonly names: IndexedName[] = [];
  /** Distinct tokens (by text and core): one representative each, and the names containing it. */
  private readonly tokens: NameToken[] = [];
  private readonly tokenNames: number[][] = [];
  private readonly tokenIdByKey = new Map<string, number>();
  /** Search keys (token texts and cores): the tokens they stand for. */
  private readonly keys: string[] = [];
  private readonly keyTokens: number[][] = [];
  private readonly keyId = new Map<string, number>();
  private readonly byGram = new Map<string, number[]>();
  private readonly bySoundex = new Map<string, number[]>();
  private counts = new Int32Array(0);
  private maxNameTokens = 1;
  /** Per query token position: token id → similarity (NaN: not computed yet), reset between screenings. */
  private readonly simCache: Float64Array[] = [];
  private readonly simTouched: number[][] = [];
  /** Off while candidates are generated (the blocked words are compared then), on while they are scored. */
  private blocking = true;

  static build(lists: SanctionsList[]): NameIndex {
    const index = new NameIndex();
    for (const list of lists) for (const party of list.entries) index.addEntry(list, party);
    index.counts = new Int32Array(index.keys.length);
    return index;
  }

  private addEntry(list: SanctionsList, party: SanctionedParty): void {
    const entry = this.entries.push({ list, party }) - 1;
    const seen = new Set<string>();
    party.names.forEach((n, name) => {
      const norm = normaliseName(n.name);
      if (!norm.tokens.length || seen.has(norm.text)) return;
      seen.add(norm.text);
      const id = this.names.length;
      const tokenIds = norm.units.map((t) => this.addToken(t, id));
      this.names.push({ entry, name, tokens: norm.units, tokenIds });
      this.maxNameTokens = Math.max(this.maxNameTokens, tokenIds.length);
    });
  }

  private addToken(t: NameToken, nameId: number): number {
    const identity = `${t.text}|${t.core}|${t.kind}`;
    let id = this.tokenIdByKey.get(identity);
    if (id === undefined) {
      id = this.tokens.push(t) - 1;
      this.tokenNames.push([]);
      this.tokenIdByKey.set(identity, id);
      for (const key of new Set([t.text, t.core])) this.addKey(key, id);
    }
    const names = this.tokenNames[id]!;
    if (names.at(-1) !== nameId) names.push(nameId);
    return id;
  }

  private addKey(key: string, tokenId: number): void {
    let k = this.keyId.get(key);
    if (k === undefined) {
      k = this.keys.push(key) - 1;
      this.keyTokens.push([]);
      this.keyId.set(key, k);
      if (key.length > 2) {
        for (const g of new Set(grams(key))) push(this.byGram, g, k);
        push(this.bySoundex, soundex(key), k);
      }
    }
    this.keyTokens[k]!.push(tokenId);
  }

  /** The most tokens any list name has. */
  get maxTokens(): number {
    return this.maxNameTokens;
  }

  get size(): { entries: number; names: number; tokens: number; keys: number } {
    return { entries: this.entries.length, names: this.names.length, tokens: this.tokens.length, keys: this.keys.length };
  }

  /** Key words that may be similar to `word`: same word, same Soundex, or enough shared letter triples. */
  private keysLike(word: string): Set<number> {
    const found = new Set<number>();
    const exact = this.keyId.get(word);
    if (exact !== undefined) found.add(exact);
    if (word.length <= 2) return found;
    for (const k of this.bySoundex.get(soundex(word)) ?? []) found.add(k);
    const need = word.length <= 4 ? 1 : 2;
    const touched: number[] = [];
    const counts = this.counts;
    for (const g of new Set(grams(word))) {
      for (const k of this.byGram.get(g) ?? []) {
        if (counts[k] === 0) touched.push(k);
        counts[k]!++;
      }
    }
    for (const k of touched) {
      if (counts[k]! >= need && comparableLengths(this.keys[k]!.length, word.length)) found.add(k);
      counts[k] = 0;
    }
    return found;
  }

  /**
   * A fresh similarity cache for the tokens of a screened name; returns the function that reads and
   * fills it. With `blockedOnly`, two words that candidate generation did not bring together are not
   * similar (0) without being compared: blocking decides which word pairs can match (it finds 100 % of
   * single-typo variants of the listed words, see tests), and the Jaro-Winkler of the others is not
   * computed at all. Pairs with an initial, a two-letter or a common word are cheap and always compared.
   */
  private similarityCache(query: NormalisedName, s: TokenSettings, blockedOnly: boolean): SimilarityCache {
    const caches = query.units.map((_, qi) => {
      const cache = (this.simCache[qi] ??= new Float64Array(this.tokens.length).fill(NaN));
      for (const t of this.simTouched[qi] ?? []) cache[t] = NaN;
      this.simTouched[qi] = [];
      return cache;
    });
    const compute = (qi: number, tokenId: number): number => {
      const q = query.units[qi]!;
      const t = this.tokens[tokenId]!;
      const sim = blockedOnly && this.blocking && q.kind === 'word' && t.kind === 'word' ? 0 : tokenSimilarity(q, t, s);
      caches[qi]![tokenId] = sim;
      this.simTouched[qi]!.push(tokenId);
      return sim;
    };
    return { caches, compute };
  }

  private withSimilarities(names: number[], query: NormalisedName, { caches, compute }: SimilarityCache): Candidates {
    const units = query.units;
    return {
      names,
      similarities: (nameId, out) => {
        const { tokenIds: ids, tokens } = this.names[nameId]!;
        let k = 0;
        for (let qi = 0; qi < units.length; qi++) {
          const joined = units[qi]!.parts !== undefined;
          const cache = caches[qi]!;
          for (let ci = 0; ci < ids.length; ci++) {
            const t = ids[ci]!;
            const v = cache[t]!;
            out[k++] = joined && tokens[ci]!.parts ? 0 : v === v ? v : compute(qi, t);
          }
        }
      },
    };
  }

  /**
   * The list names worth scoring for a screened name (see the class comment). Synchronous, and valid
   * until the next call: the similarity cache is the index's own.
   */
  candidates(query: NormalisedName, s: TokenSettings): Candidates {
    const cache = this.similarityCache(query, s, true);
    const similarity = (qi: number, t: number) => {
      const v = cache.caches[qi]![t]!;
      return v === v ? v : cache.compute(qi, t);
    };
    const names = new Set<number>();
    this.blocking = false;
    query.units.forEach((q, qi) => {
      if (q.kind === 'initial' || q.kind === 'common') return;
      const keys = q.kind === 'short' ? this.keysLike(q.text) : new Set([...this.keysLike(q.text), ...(q.core !== q.text ? this.keysLike(q.core) : [])]);
      for (const k of keys) {
        for (const t of this.keyTokens[k]!) {
          if (similarity(qi, t) >= s.minTokenScore) for (const n of this.tokenNames[t]!) names.add(n);
        }
      }
    });
    this.blocking = true;
    return this.withSimilarities([...names], query, cache);
  }

  /** Every list name, for the all-pairs baseline of the benchmark and tests. */
  allNames(query: NormalisedName, s: TokenSettings): Candidates {
    return this.withSimilarities(
      this.names.map((_, i) => i),
      query,
      this.similarityCache(query, s, false),
    );
  }

  token(id: number): NameToken {
    return this.tokens[id]!;
  }
}
