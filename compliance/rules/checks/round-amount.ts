import { amountIn, show } from '../amounts.js';
import type { Check } from './context.js';

/** A round amount (a multiple of `multiple`) at or above the floor. */
export const roundAmount: Check = ({ t, cfg, unconfigured }) => {
  const floor = amountIn(cfg.roundAmount.floor, t.amount.currency);
  const multiple = amountIn(cfg.roundAmount.multiple, t.amount.currency);
  if (!floor) return unconfigured('roundAmount.floor');
  if (!multiple) return unconfigured('roundAmount.multiple');
  if (t.amount.compare(floor) < 0 || !t.amount.toDecimal().mod(multiple.toDecimal()).isZero()) return undefined;
  return {
    explanation: `${show(t.amount)} is a round amount (a multiple of ${show(multiple)}) at or above ${show(floor)}`,
    facts: { amount: t.amount.toString(), currency: t.amount.currency, multiple: multiple.toString(), floor: floor.toString() },
  };
};
