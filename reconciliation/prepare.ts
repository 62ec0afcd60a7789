/**
 * The lines as the rules work on them: amounts in minor units (exact integers), references as
 * normalised keys, and whether each line is still open. One record per line, both sides alike.
 */
import { findCreditorReference, isCreditorReference } from '../banking/index.js';
import type { BankLine, LedgerLine, LineReferences } from './lines.js';

export interface Rec {
  side: 'bank' | 'ledger';
  id: string;
  /** Signed amount in minor units. */
  minor: number;
  currency: string;
  date: string;
  name?: string;
  /** Reference values, normalised (upper case, no spaces), that identify one movement. */
  refs: string[];
  /** The remittance text, spaces collapsed and upper case: tells apart lines alike in all else. */
  text?: string;
  batch?: string;
  open: boolean;
  /** A line on the other side it shares a reference with but not the amount (an amount difference, if nothing else explains it). */
  sharesReferenceWith?: Rec;
  /** How far apart the two amounts are (minor units): of several such lines, the closest is the link. */
  linkGap?: number;
}

/** Placeholders banks write where there is no reference. */
const NO_REFERENCE = new Set(['NOTPROVIDED', 'NONREF', 'NONE', 'NOREF', 'NA']);
const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, '').toUpperCase();

export function referenceKeys(r: LineReferences): string[] {
  const keys = new Set<string>();
  for (const v of [r.endToEndId, r.ourReference]) {
    const n = norm(v);
    if (n.length >= 4 && !NO_REFERENCE.has(n)) keys.add(n);
  }
  // A mandate names many collections: it identifies one together with the amount and the date only.
  const mandate = norm(r.mandateReference);
  if (mandate) keys.add(`MANDATE:${mandate}`);
  const rf = r.creditorReference && isCreditorReference(r.creditorReference) ? norm(r.creditorReference) : r.text ? findCreditorReference(r.text) : undefined;
  if (rf) keys.add(rf);
  return [...keys];
}

export function prepare(bank: readonly BankLine[], ledger: readonly LedgerLine[]): { bank: Rec[]; ledger: Rec[] } {
  const rec = (side: Rec['side'], l: BankLine | LedgerLine): Rec => ({
    side,
    id: l.id,
    minor: Number(l.amount.toMinorUnits()),
    currency: l.amount.currency,
    date: l.date,
    ...(l.counterparty?.trim() ? { name: l.counterparty.trim() } : {}),
    refs: referenceKeys(l.references),
    ...(l.references.text?.trim() ? { text: l.references.text.replace(/\s+/g, ' ').trim().toUpperCase() } : {}),
    ...('batch' in l && l.batch ? { batch: norm(l.batch) } : {}),
    open: true,
  });
  return { bank: bank.map((l) => rec('bank', l)), ledger: ledger.map((l) => rec('ledger', l)) };
}

/** A multimap, for the indexes the rules build over the open lines. */
export function indexBy<T>(items: Iterable<T>, keys: (t: T) => Iterable<string>): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) for (const k of keys(t)) m.get(k)?.push(t) ?? m.set(k, [t]);
  return m;
}
