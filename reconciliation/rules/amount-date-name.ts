/**
 * Rule 2: the same amount and currency, value dates within the window, and counterparties alike
 * (at least the name threshold when both sides name one; a line named on one side only matches when
 * it is the one candidate; unnamed on both, the closest date). Best name first, then the closest date.
 */
import { indexBy, type Rec } from '../prepare.js';
import { apart, nameScore, take, type RuleContext } from './context.js';

export function matchByAmountDateName(ctx: RuleContext): void {
  const s = ctx.settings;
  const byAmount = indexBy(
    ctx.ledger.filter((r) => r.open),
    (r) => [`${r.currency}:${r.minor}`],
  );
  for (const b of ctx.bank) {
    if (!b.open) continue;
    let candidates = (byAmount.get(`${b.currency}:${b.minor}`) ?? []).filter((l) => l.open && apart(ctx, b, l) <= s.dateWindowDays);
    // Lines alike in amount and date are told apart by their text where both sides have one.
    if (candidates.length > 1 && b.text) {
      const same = candidates.filter((l) => l.text === b.text);
      if (same.length) candidates = same;
      else if (candidates.every((l) => l.text)) continue;
    }
    let best: { l: Rec; score: number; days: number } | undefined;
    for (const l of candidates) {
      const name = nameScore(ctx, b, l);
      if (name !== null && name < s.nameThreshold) continue;
      // Without names on both sides, lines alike in amount and date are told apart by date only; a
      // named line among unnamed candidates, or the reverse, only when it is the one candidate.
      if (name === null && candidates.length > 1 && (b.name || l.name)) continue;
      const days = apart(ctx, b, l);
      const score = 0.6 * (name ?? s.nameThreshold) + 0.4 * (1 - days / (s.dateWindowDays + 1));
      if (!best || score > best.score) best = { l, score, days };
    }
    if (best) take(ctx, 'amount-date-name', best.score, [b], [best.l], `amount, ${best.days} business day(s) apart${b.name && best.l.name ? `, "${b.name}" ~ "${best.l.name}"` : ''}`);
  }
}
