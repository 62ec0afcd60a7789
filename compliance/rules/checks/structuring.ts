import { Money } from '../../../banking/index.js';
import type { ComplianceRulesConfig } from '../../../config/compliance-rules.js';
import { amountIn, range, show, times } from '../amounts.js';
import { DAY_MS } from '../time.js';
import type { CheckedTransaction } from '../transaction.js';
import type { Check } from './context.js';

/** The structuring band of the currency: [bandFrom × cash threshold, cash threshold). Undefined without a threshold. */
function band(cfg: ComplianceRulesConfig, currency: string): { low: Money; threshold: Money } | undefined {
  const threshold = amountIn(cfg.cash.threshold, currency);
  return threshold && { low: times(threshold, cfg.structuring.bandFrom), threshold };
}

const within = (m: Money, b: { low: Money; threshold: Money }) => m.compare(b.low) >= 0 && m.compare(b.threshold) < 0;

/** Whether the payment goes into the customer's structuring window when recorded. */
export function inStructuringBand(t: CheckedTransaction, cfg: ComplianceRulesConfig): boolean {
  const b = band(cfg, t.amount.currency);
  return !!b && cfg.structuring.kinds.includes(t.tx.kind) && within(t.amount, b);
}

/** Several amounts just under the cash threshold for one customer within N days (this one included). */
export const structuring: Check = ({ t, w, cfg, unconfigured }) => {
  const b = band(cfg, t.amount.currency);
  if (!b) return unconfigured('cash.threshold');
  if (!inStructuringBand(t, cfg)) return undefined;
  const currency = t.amount.currency;
  const earlier = w.nearThreshold
    .filter((e) => e.currency === currency)
    .map((e) => ({ ...e, money: Money.fromMinorUnits(e.minor, currency) }))
    .filter((e) => within(e.money, b));
  const count = earlier.length + 1;
  if (count < cfg.structuring.minCount) return undefined;
  const firstAt = Math.min(t.atMs, ...earlier.map((e) => e.atMs));
  const days = Math.max(1, Math.ceil((t.atMs - firstAt) / DAY_MS));
  const amounts = [...earlier.map((e) => e.money), t.amount];
  return {
    explanation: `${count} payments of ${range(amounts)} within ${days} day${days === 1 ? '' : 's'} for ${t.customerLabel}; threshold ${show(b.threshold)}`,
    facts: {
      count,
      minCount: cfg.structuring.minCount,
      windowDays: cfg.structuring.windowDays,
      currency,
      threshold: b.threshold.toString(),
      bandFrom: b.low.toString(),
      payments: [...earlier.map((e) => ({ txId: e.txId, amount: e.money.toString(), at: new Date(e.atMs).toISOString() })), { txId: t.id, amount: t.amount.toString(), at: new Date(t.atMs).toISOString() }],
    },
  };
};
