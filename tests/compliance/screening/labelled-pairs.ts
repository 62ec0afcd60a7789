/**
 * A labelled set of name pairs, built from public material: the US OFAC SDN list and the UN Security
 * Council consolidated list (../shared/corpus/sanctions; both published by their governments for
 * exactly this use). Each pair is labelled by what the lists themselves say, not by our scorer:
 *
 * Matches (one party, two spellings):
 * - alias: an entry's primary name and one of its own aliases that spells the same name: the same
 *   number of words, each word alike its counterpart in the same place by the letter-pair Dice
 *   coefficient (at least 0.3; a measure our scorer does not use), and the whole at least 0.5;
 * - typo: a listed name with one letter dropped, swapped or changed in its longest word;
 * - reorder: a listed person's name with its words in another order ("LAST First" → "First LAST").
 * Non-matches (two parties):
 * - relative: two different OFAC individuals with the same family name and different given names;
 * - subsidiary: two different OFAC entities, one's name holding the other's words and more;
 * - similar: two different entries whose names share a word and are alike by letter pairs;
 * - client: a common first-and-last name (not listed) against the listed name most like it by letter pairs.
 * Pairs whose two names normalise to the same text are left out of the non-matches: no name scorer
 * can tell two parties with one name apart (that is what date of birth and country are for).
 * Deterministic: the same lists give the same pairs.
 */
import type { SanctionsList } from '../../../compliance/lists/index.js';
import { normaliseName } from '../../../compliance/screening/index.js';

export type PairKind = 'alias' | 'typo' | 'reorder' | 'relative' | 'subsidiary' | 'similar' | 'client';
export interface LabelledPair {
  screened: string;
  listed: string;
  match: boolean;
  kind: PairKind;
}

function rng(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function bigrams(s: string): Map<string, number> {
  const t = ` ${s} `;
  const m = new Map<string, number>();
  for (let i = 0; i + 2 <= t.length; i++) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1);
  return m;
}

/** Letter-pair Dice coefficient of two normalised names. */
export function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  let total = 0;
  for (const [k, n] of x) {
    common += Math.min(n, y.get(k) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total ? (2 * common) / total : 0;
}

const norm = (name: string) => normaliseName(name).text;

function typo(name: string, r: () => number): string {
  const words = [...name.matchAll(/[A-Za-z]{4,}/g)];
  if (!words.length) return name;
  const w = words.reduce((a, b) => (b[0].length > a[0].length ? b : a));
  const i = 1 + Math.floor(r() * (w[0].length - 2));
  const op = Math.floor(r() * 3);
  const c = w[0];
  const changed = op === 0 ? c.slice(0, i) + c.slice(i + 1) : op === 1 ? c.slice(0, i) + c[i + 1] + c[i] + c.slice(i + 2) : c.slice(0, i) + (c[i] === 'E' ? 'A' : 'E') + c.slice(i + 1);
  return name.slice(0, w.index) + changed + name.slice(w.index! + c.length);
}

function pick<T>(xs: T[], n: number, r: () => number): T[] {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

export function labelledPairs(lists: SanctionsList[]): LabelledPair[] {
  const r = rng(20261204);
  const ofac = lists.find((l) => l.source === 'ofac-sdn')!;
  const pairs: LabelledPair[] = [];
  const add = (screened: string, listed: string, match: boolean, kind: PairKind) => pairs.push({ screened, listed, match, kind });

  // alias: spelling variants among an entry's own names
  const aliasPairs: [string, string][] = [];
  for (const e of ofac.entries) {
    const primary = e.names[0]!.name;
    for (const alias of e.names.slice(1)) {
      if (alias.kind !== 'aka') continue;
      const a = norm(primary);
      const b = norm(alias.name);
      if (!a || !b || a === b) continue;
      const wa = a.split(' ');
      const wb = b.split(' ');
      if (wa.length !== wb.length || dice(a, b) < 0.5 || wa.some((w, i) => dice(w, wb[i]!) < 0.3)) continue;
      aliasPairs.push([alias.name, primary]);
    }
  }
  for (const [a, b] of pick(aliasPairs, 170, r)) add(a, b, true, 'alias');

  // typo and reorder
  const people = ofac.entries.filter((e) => e.type === 'individual');
  const entities = ofac.entries.filter((e) => e.type !== 'individual');
  for (const e of pick([...people, ...entities], 80, r)) add(typo(e.names[0]!.name, r), e.names[0]!.name, true, 'typo');
  for (const e of pick(people.filter((p) => norm(p.names[0]!.name).split(' ').length >= 2), 50, r)) {
    const words = norm(e.names[0]!.name).split(' ');
    add([...words.slice(1), words[0]].join(' '), e.names[0]!.name, true, 'reorder');
  }

  // relative: same family name, different given names, different entries
  const byFamily = new Map<string, string[]>();
  for (const p of people) {
    const name = p.names[0]!.name;
    if (!name.includes(',')) continue;
    const family = norm(name.split(',')[0]!);
    if (family.length < 4) continue;
    byFamily.set(family, [...(byFamily.get(family) ?? []), name]);
  }
  const relatives: [string, string][] = [];
  for (const names of byFamily.values()) {
    for (let i = 0; i + 1 < names.length; i++) {
      const a = names[i]!;
      const b = names[i + 1]!;
      const ga = norm(a.split(',')[1] ?? '');
      const gb = norm(b.split(',')[1] ?? '');
      if (!ga || !gb || ga.split(' ')[0] === gb.split(' ')[0] || norm(a) === norm(b)) continue;
      relatives.push([a, b]);
    }
  }
  for (const [a, b] of pick(relatives, 100, r)) add(a, b, false, 'relative');

  // subsidiary: one entity's name holds another's words and more
  const entityNames = entities.map((e) => ({ name: e.names[0]!.name, words: norm(e.names[0]!.name).split(' ') })).filter((x) => x.words.length >= 2);
  const byFirstWord = new Map<string, typeof entityNames>();
  for (const x of entityNames) byFirstWord.set(x.words[0]!, [...(byFirstWord.get(x.words[0]!) ?? []), x]);
  const subsidiaries: [string, string][] = [];
  for (const group of byFirstWord.values()) {
    for (const parent of group) {
      for (const child of group) {
        if (child.words.length <= parent.words.length || child.words.length > parent.words.length + 2) continue;
        if (!parent.words.every((w) => child.words.includes(w))) continue;
        subsidiaries.push([child.name, parent.name]);
      }
    }
  }
  for (const [a, b] of pick(subsidiaries, 60, r)) add(a, b, false, 'subsidiary');

  // similar: different entries sharing a word and alike by letter pairs
  const all = [...people, ...entities].map((e) => ({ id: e.entryId, name: e.names[0]!.name, text: norm(e.names[0]!.name) }));
  const byWord = new Map<string, typeof all>();
  for (const x of all) for (const w of new Set(x.text.split(' '))) if (w.length >= 5) byWord.set(w, [...(byWord.get(w) ?? []), x]);
  const similar: [string, string][] = [];
  for (const group of byWord.values()) {
    if (group.length > 40) continue;
    for (let i = 0; i + 1 < group.length; i++) {
      const a = group[i]!;
      const b = group[i + 1]!;
      if (a.id === b.id || a.text === b.text) continue;
      const d = dice(a.text, b.text);
      if (d >= 0.5 && d < 0.9) similar.push([a.name, b.name]);
    }
  }
  for (const [a, b] of pick(similar, 60, r)) add(a, b, false, 'similar');

  // client: common names against the most alike listed name
  const first = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Hans', 'Anna', 'Peter', 'Maria', 'Pierre', 'Luca', 'Thomas', 'Sophie', 'Jan', 'Eva'];
  const last = ['Smith', 'Johnson', 'Brown', 'Miller', 'Wilson', 'Mueller', 'Schmidt', 'Fischer', 'Martin', 'Dubois', 'Rossi', 'Nowak', 'Jansen', 'Berg'];
  const clients = first.flatMap((f) => last.map((l) => `${f} ${l}`));
  for (const c of pick(clients, 40, r)) {
    const text = norm(c);
    const nearest = all.reduce((bestSoFar, x) => (dice(text, x.text) > dice(text, bestSoFar.text) ? x : bestSoFar));
    add(c, nearest.name, false, 'client');
  }
  return pairs;
}
