/**
 * Candidate lines by counterparty, without comparing every name with every other: each name filed
 * under the first three letters of each of its words, so that a name is compared only with names
 * that share the start of a word.
 */
import type { Rec } from '../prepare.js';

const keysOf = (name: string | undefined) =>
  name
    ? [
        ...new Set(
          name
            .toLowerCase()
            .normalize('NFKD')
            .replace(/[^a-z0-9 ]/g, ' ')
            .split(/\s+/)
            .filter((w) => w.length >= 3)
            .map((w) => w.slice(0, 3)),
        ),
      ]
    : [];

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
