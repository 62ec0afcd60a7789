/**
 * Rule 4: amounts that differ by no more than the fee tolerance: the lines that share a reference
 * first, then the same counterparty within the date window. Matched, with the difference recorded
 * (the match's `difference`, bank minus books) for a person to accept as a fee.
 */
import type { Rec } from '../prepare.js';
import { apart, nameScore, take, type RuleContext } from './context.js';

export function matchFeeDifference(ctx: RuleContext): void {
  const s = ctx.settings;
  const within = (b: Rec, l: Rec) => l.currency === b.currency && Math.sign(l.minor) === Math.sign(b.minor) && Math.abs(b.minor - l.minor) <= ctx.tolerance(b.currency);
  for (const b of ctx.bank) {
    const l = b.sharesReferenceWith;
    if (!b.open || !l) continue;
    if (l.open && within(b, l)) take(ctx, 'fee-difference', 0.9, [b], [l], 'shared reference, amount within the fee tolerance');
  }
  // By counterparty: the open ledger lines of each currency sorted by amount, searched within the tolerance.
  const sorted = new Map<string, Rec[]>();
  for (const l of ctx.ledger) if (l.open && l.name) sorted.get(l.currency)?.push(l) ?? sorted.set(l.currency, [l]);
  for (const list of sorted.values()) list.sort((x, y) => x.minor - y.minor);
  for (const b of ctx.bank) {
    if (!b.open || !b.name) continue;
    const list = sorted.get(b.currency) ?? [];
    const tol = ctx.tolerance(b.currency);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.minor < b.minor - tol) lo = mid + 1;
      else hi = mid;
    }
    let best: { l: Rec; score: number } | undefined;
    for (let i = lo; i < list.length && list[i]!.minor <= b.minor + tol; i++) {
      const l = list[i]!;
      if (!l.open || !within(b, l) || apart(ctx, b, l) > s.dateWindowDays) continue;
      const name = nameScore(ctx, b, l) ?? 0;
      if (name < s.nameThreshold) continue;
      if (!best || name > best.score) best = { l, score: name };
    }
    if (best) take(ctx, 'fee-difference', 0.8 * best.score, [b], [best.l], `"${b.name}" ~ "${best.l.name}", amount within the fee tolerance`);
  }
}
