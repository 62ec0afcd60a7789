/**
 * Every line left open after the rules is a break, classified:
 * - duplicate: the same amount, date, counterparty, references and text as another line of its side;
 * - amount-difference: it shares a reference with a line of the other side, itself unmatched, whose
 *   amount differs by more than the fee tolerance;
 * - on the bank side, missing-in-ledger (or unknown, when it has no counterparty, reference or text:
 *   nothing says what it is);
 * - on the ledger side, timing when it is expected no more than `timingDays` business days before the
 *   reconciliation's day (or after it): the bank may book it later; else missing-at-bank.
 * Each with its age in business days to the reconciliation's day.
 */
import { Money } from '../banking/index.js';
import type { BusinessDays } from './business-days.js';
import type { Rec } from './prepare.js';
import type { Break } from './results.js';
import type { ReconcileSettings } from './settings.js';

/** What the difference of two lines with one reference is, for a person: a partial payment, an over-payment, or another amount. */
function amountDifference(r: Rec, other: Rec): string {
  const bank = r.side === 'bank' ? r : other;
  const books = r.side === 'bank' ? other : r;
  const gap = Money.fromMinorUnits(BigInt(Math.abs(bank.minor - books.minor)), r.currency).toString();
  const what = Math.abs(bank.minor) < Math.abs(books.minor) ? `${gap} ${r.currency} less than expected (a partial payment?)` : `${gap} ${r.currency} more than expected (an over-payment?)`;
  return `shares a reference with ${other.id} on the other side; the bank's amount is ${what}, beyond the fee tolerance`;
}

const fingerprint = (r: Rec) => `${r.currency}:${r.minor}:${r.date}:${(r.name ?? '').toLowerCase()}:${[...r.refs].sort().join(',')}:${r.text ?? ''}`;

/**
 * For each line that repeats an earlier one of its side (the same fingerprint), that earlier line.
 * Fingerprints are made only within groups alike in amount and date (found by sorting, no keys made
 * for the many lines that are alone in their group).
 */
function duplicatesOf(side: Rec[]): Map<Rec, Rec> {
  const order = side.map((_, i) => i).sort((a, b) => side[a]!.minor - side[b]!.minor || (side[a]!.date < side[b]!.date ? -1 : side[a]!.date > side[b]!.date ? 1 : a - b));
  const out = new Map<Rec, Rec>();
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    const head = side[order[i]!]!;
    while (j < order.length && side[order[j]!]!.minor === head.minor && side[order[j]!]!.date === head.date) j++;
    if (j - i > 1) {
      const seen = new Map<string, Rec>();
      for (let k = i; k < j; k++) {
        const r = side[order[k]!]!;
        const f = fingerprint(r);
        const first = seen.get(f);
        if (first) out.set(r, first);
        else seen.set(f, r);
      }
    }
    i = j;
  }
  return out;
}

export function classify(bank: Rec[], ledger: Rec[], settings: ReconcileSettings, days: BusinessDays): Break[] {
  const out: Break[] = [];
  // A shared reference explains the difference when the two lines name each other (the closest amounts)
  // and both are still open (neither matched elsewhere).
  const otherOpen = (r: Rec) => {
    const o = r.sharesReferenceWith;
    return o !== undefined && o.open && o.sharesReferenceWith === r;
  };
  for (const side of [bank, ledger]) {
    const firstOf = duplicatesOf(side);
    for (const r of side) {
      if (!r.open) continue;
      const first = firstOf.get(r);
      const age = Math.max(0, days.between(r.date, settings.asOf));
      const base = { id: `${r.side}:${r.id}`, side: r.side, line: r.id, ageDays: age };
      const what = r.side === 'bank' ? 'bank entry' : 'ledger line';
      if (first) {
        out.push({ ...base, class: 'duplicate', reason: `this ${what} repeats ${first.id} (same amount, date, counterparty and references)`, related: [first.id] });
      } else if (otherOpen(r)) {
        const other = r.sharesReferenceWith!;
        out.push({ ...base, class: 'amount-difference', reason: amountDifference(r, other), related: [other.id] });
      } else if (r.side === 'bank') {
        out.push(
          r.name || r.refs.length || r.text
            ? { ...base, class: 'missing-in-ledger', reason: 'the bank booked it; the books expect nothing like it' }
            : { ...base, class: 'unknown', reason: 'the bank booked it with no counterparty, reference or text: find out what it is' },
        );
      } else {
        out.push(
          days.between(r.date, settings.asOf) <= settings.timingDays
            ? { ...base, class: 'timing', reason: `expected on ${r.date}: the bank may book it later; checked again tomorrow` }
            : { ...base, class: 'missing-at-bank', reason: `expected on ${r.date} and not at the bank ${age} business days later` },
        );
      }
    }
  }
  return out;
}
