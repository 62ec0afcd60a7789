/**
 * Every line left open after the rules is a break, classified:
 * - duplicate: the same amount, date, counterparty and references as another line of its side;
 * - amount-difference: it shares a reference with a line of the other side whose amount differs by
 *   more than the fee tolerance;
 * - on the bank side, missing-in-ledger (or unknown, when it names neither a counterparty nor a
 *   reference: nothing says what it is);
 * - on the ledger side, timing when it is expected no more than `timingDays` business days before the
 *   reconciliation's day (or after it): the bank may book it later; else missing-at-bank.
 * Each with its age in business days to the reconciliation's day.
 */
import type { BusinessDays } from './business-days.js';
import type { Rec } from './prepare.js';
import type { Break } from './results.js';
import type { ReconcileSettings } from './settings.js';

const fingerprint = (r: Rec) => `${r.currency}:${r.minor}:${r.date}:${(r.name ?? '').toLowerCase()}:${[...r.refs].sort().join(',')}`;

export function classify(bank: Rec[], ledger: Rec[], settings: ReconcileSettings, days: BusinessDays): Break[] {
  const out: Break[] = [];
  for (const side of [bank, ledger]) {
    const seen = new Map<string, Rec>();
    for (const r of side) {
      const f = fingerprint(r);
      const first = seen.get(f);
      if (!first) seen.set(f, r);
      if (!r.open) continue;
      const age = Math.max(0, days.between(r.date, settings.asOf));
      const base = { id: `${r.side}:${r.id}`, side: r.side, line: r.id, ageDays: age };
      const what = r.side === 'bank' ? 'bank entry' : 'ledger line';
      if (first && first !== r) {
        out.push({ ...base, class: 'duplicate', reason: `this ${what} repeats ${first.id} (same amount, date, counterparty and references)`, related: [first.id] });
      } else if (r.sharesReferenceWith) {
        out.push({ ...base, class: 'amount-difference', reason: `shares a reference with ${r.sharesReferenceWith} on the other side, but not the amount (beyond the fee tolerance)`, related: [r.sharesReferenceWith] });
      } else if (r.side === 'bank') {
        out.push(
          r.name || r.refs.length
            ? { ...base, class: 'missing-in-ledger', reason: 'the bank booked it; the books expect nothing like it' }
            : { ...base, class: 'unknown', reason: 'the bank booked it with neither a counterparty nor a reference: find out what it is' },
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
