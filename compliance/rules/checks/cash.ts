import { amountIn, show } from '../amounts.js';
import type { Check } from './context.js';

/** Cash at or above the threshold in the account currency. */
export const cash: Check = ({ t, cfg, unconfigured }) => {
  if (t.tx.kind !== 'cash') return undefined;
  const threshold = amountIn(cfg.cash.threshold, t.amount.currency);
  if (!threshold) return unconfigured('cash.threshold');
  if (t.amount.compare(threshold) < 0) return undefined;
  return {
    explanation: `cash payment of ${show(t.amount)} for ${t.customerLabel}, at or above the threshold of ${show(threshold)}`,
    facts: { amount: t.amount.toString(), currency: t.amount.currency, threshold: threshold.toString() },
  };
};
