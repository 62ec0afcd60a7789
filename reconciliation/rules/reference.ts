/**
 * Rule 1: a reference both sides carry (end-to-end id, structured creditor reference, our reference;
 * a mandate reference with the amount) and the same amount: a match, the closest date first. The same
 * reference with another amount is remembered on both lines: rule 4 may match it as a fee difference,
 * else each is an amount-difference break.
 */
import { indexBy, type Rec } from '../prepare.js';
import { apart, take, type RuleContext } from './context.js';

export function matchByReference(ctx: RuleContext): void {
  const ledgerByRef = indexBy(
    ctx.ledger.filter((r) => r.open),
    (r) => r.refs,
  );
  for (const b of ctx.bank) {
    if (!b.open) continue;
    let best: { l: Rec; ref: string; days: number } | undefined;
    let other: Rec | undefined;
    for (const ref of b.refs) {
      for (const l of ledgerByRef.get(ref) ?? []) {
        if (!l.open || l.currency !== b.currency) continue;
        if (l.minor !== b.minor) {
          // A mandate reference alone does not make two different amounts one movement; of several, the closest amount.
          if (!ref.startsWith('MANDATE:') && Math.sign(l.minor) === Math.sign(b.minor) && (!other || Math.abs(l.minor - b.minor) < Math.abs(other.minor - b.minor))) other = l;
          continue;
        }
        const days = apart(ctx, b, l);
        if (ref.startsWith('MANDATE:') && days > ctx.settings.dateWindowDays) continue;
        if (!best || days < best.days) best = { l, ref, days };
      }
    }
    if (best) take(ctx, 'reference', 1, [b], [best.l], `${best.ref.startsWith('MANDATE:') ? `mandate ${best.ref.slice(8)} and amount` : `reference ${best.ref}`}`);
    else if (other) {
      const gap = Math.abs(other.minor - b.minor);
      b.sharesReferenceWith = other;
      b.linkGap = gap;
      if (other.linkGap === undefined || gap < other.linkGap) {
        other.sharesReferenceWith = b;
        other.linkGap = gap;
      }
    }
  }
}
