/**
 * What one creditor's cycle came to, from the ledger's collections: counts and sums by state and by
 * reason, and the R-rate schemes watch (collections that came back — rejected, returned or refunded —
 * over the collections presented), and the return rate alone. Sums are exact (Money).
 */
import { Money, type CollectionState } from '../../banking/index.js';
import type { LedgerCollection } from './ledger.js';

export interface CycleReport {
  creditorId: string;
  cycle: string;
  collections: number;
  total: string;
  byState: Partial<Record<CollectionState, { count: number; sum: string }>>;
  byReason: Record<string, { count: number; sum: string }>;
  /** R-transactions (rejects, returns, refunds) ÷ collections presented; null when none was. */
  rRate: number | null;
  /** Returns and refunds ÷ collections presented; null when none was. */
  returnRate: number | null;
}

const BACK: CollectionState[] = ['rejected', 'returned', 'refunded'];

/** `collections`: one creditor's collections of one cycle (`cycle` names it, e.g. 2026-12). */
export function cycleReport(creditorId: string, cycle: string, collections: LedgerCollection[]): CycleReport {
  const add = (map: Record<string, { count: number; sum: Money }>, key: string, amount: Money) => {
    const e = (map[key] ??= { count: 0, sum: Money.zero('EUR') });
    e.count++;
    e.sum = e.sum.plus(amount);
  };
  const byState: Record<string, { count: number; sum: Money }> = {};
  const byReason: Record<string, { count: number; sum: Money }> = {};
  let total = Money.zero('EUR');
  for (const c of collections) {
    const amount = Money.of(c.amount, 'EUR');
    total = total.plus(amount);
    // A re-presented collection came back first: it counts with how it came back.
    const last = [...c.history].reverse().find((h) => BACK.includes(h.state));
    add(byState, c.state === 're-presented' && last ? last.state : c.state, amount);
    if (last?.reason) add(byReason, last.reason, amount);
  }
  const count = (states: CollectionState[]) => states.reduce((n, s) => n + (byState[s]?.count ?? 0), 0);
  const presentedCount = collections.filter((c) => c.history.some((h) => h.state === 'submitted')).length;
  const out = (m: Record<string, { count: number; sum: Money }>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { count: v.count, sum: v.sum.toString() }]));
  return {
    creditorId,
    cycle,
    collections: collections.length,
    total: total.toString(),
    byState: out(byState),
    byReason: out(byReason),
    rRate: presentedCount ? count(BACK) / presentedCount : null,
    returnRate: presentedCount ? count(['returned', 'refunded']) / presentedCount : null,
  };
}
