/**
 * Candidate lines by counterparty, without comparing every name with every other: each name filed
 * under the starts (first four letters) of two of its words together, so that a name is compared
 * only with names that share the start of two words ("Anna Achterberg", "ACHTERBERG, ANNA",
 * "Anna Achtrberg"); a one-word name under its one start. Thousands of Annas are never compared
 * with each other.
 */
import type { Rec } from '../prepare.js';

function keysOf(name: string | undefined): string[] {
  if (!name) return [];
  const starts = [
    ...new Set(
      name
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9 ]/g, ' ')
        .split(/\s+/)
        .filter((w) => w.length >= 3 && !/^\d+$/.test(w))
        .map((w) => w.slice(0, 4)),
    ),
  ].sort();
  if (starts.length <= 1) return starts;
  const keys: string[] = [];
  for (let i = 0; i < starts.length; i++) for (let j = i + 1; j < starts.length; j++) keys.push(`${starts[i]}+${starts[j]}`);
  return keys;
}

export class NameBlocks {
  private readonly blocks = new Map<string, Rec[]>();
  constructor(recs: Iterable<Rec>) {
    for (const r of recs) for (const k of keysOf(r.name)) this.blocks.get(k)?.push(r) ?? this.blocks.set(k, [r]);
  }

  /** The lines whose counterparty shares the start of a word with `name`. */
  near(name: string | undefined): Rec[] {
    const out = new Set<Rec>();
    for (const k of keysOf(name)) for (const r of this.blocks.get(k) ?? []) out.add(r);
    return [...out];
  }
}
