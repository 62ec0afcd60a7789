import { Decimal } from 'decimal.js';
import { minorUnits, Money } from '../../../banking/index.js';
import { amountIn, show } from '../amounts.js';
import type { Check } from './context.js';

/** An amount at least k times the customer's average in this currency over the window (with enough history). */
export const averageMultiple: Check = ({ t, w, cfg }) => {
  const { multiple, windowDays, minHistory } = cfg.averageMultiple;
  const { count, sumMinor } = w.average;
  if (count < BigInt(minHistory) || sumMinor <= 0n) return undefined;
  const floor = amountIn(cfg.averageMultiple.minAmount, t.amount.currency);
  if (floor && t.amount.compare(floor) < 0) return undefined;
  const currency = t.amount.currency;
  const sum = Money.fromMinorUnits(sumMinor, currency).toDecimal();
  // amount ≥ k × sum / n, compared without dividing: amount × n ≥ k × sum.
  if (t.amount.toDecimal().times(count.toString()).lessThan(sum.times(multiple))) return undefined;
  const average = Money.of(sum.div(count.toString()).toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_EVEN), currency);
  const ratio = t.amount.toDecimal().times(count.toString()).div(sum).toDecimalPlaces(1, Decimal.ROUND_DOWN).toFixed(1);
  return {
    explanation: `${show(t.amount)} is ${ratio} times the ${windowDays}-day average of ${show(average)} (${count} payments) for ${t.customerLabel}; limit ${multiple} times`,
    facts: { amount: t.amount.toString(), currency, average: average.toString(), payments: Number(count), ratio, multiple, windowDays },
  };
};
