import { maskIban, Money } from '../../../banking/index.js';
import { amountIn, show } from '../amounts.js';
import type { WindowEvent } from '../windows.js';
import type { Check } from './context.js';

/**
 * Many payments (any currency), or a large total of several payments (this currency), per debtor
 * account or per beneficiary within the window; this one included.
 */
export const velocity: Check = ({ t, w, cfg, unconfigured }) => {
  const { count: maxCount, windowHours } = cfg.velocity;
  const currency = t.amount.currency;
  const limit = amountIn(cfg.velocity.total, currency);
  if (!limit) unconfigured('velocity.total');
  const sides: [string, string, WindowEvent[]][] = [
    ['debtor', `debtor account ${maskIban(t.debtorAccount)}`, w.debtorEvents],
    ['beneficiary', `beneficiary ${t.tx.beneficiaryName} (${maskIban(t.beneficiaryIban)})`, w.beneficiaryEvents],
  ];
  const parts: string[] = [];
  const facts: Record<string, unknown> = { windowHours, countLimit: maxCount, currency, totalLimit: limit?.toString() };
  for (const [side, label, events] of sides) {
    const count = events.length + 1;
    const total = Money.fromMinorUnits(
      events.filter((e) => e.currency === currency).reduce((sum, e) => sum + e.minor, t.amount.toMinorUnits()),
      currency,
    );
    facts[side] = { count, total: total.toString() };
    const over: string[] = [];
    if (count >= maxCount) over.push(`${count} payments (limit ${maxCount})`);
    // A total needs several payments: one large payment alone is for the other rules to judge.
    if (limit && count > 1 && total.compare(limit) >= 0) over.push(`${show(total)} in total (limit ${show(limit)})`);
    if (over.length > 0) parts.push(`${label}: ${over.join(' and ')} within ${windowHours} hours`);
  }
  return parts.length === 0 ? undefined : { explanation: parts.join('; '), facts };
};
