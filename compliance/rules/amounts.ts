import { Decimal } from 'decimal.js';
import { minorUnits, Money } from '../../banking/index.js';
import type { ComplianceRulesConfig } from '../../config/compliance-rules.js';

/** The configured amount for the currency, or undefined when the currency is not listed. */
export function amountIn(perCurrency: Record<string, string>, currency: string): Money | undefined {
  const key = currency in perCurrency ? currency : Object.keys(perCurrency).find((k) => k.toUpperCase() === currency);
  return key === undefined ? undefined : Money.of(perCurrency[key]!, currency);
}

/** `9,500.00 EUR`. */
export const show = (m: Money) => `${m.format('en')} ${m.currency}`;

/** `amount × factor`, rounded up to the currency's minor unit. */
export function times(m: Money, factor: number | Decimal): Money {
  return Money.of(m.toDecimal().times(factor).toDecimalPlaces(minorUnits(m.currency), Decimal.ROUND_CEIL), m.currency);
}

/** `9,500.00–9,900.00 EUR` (one amount when all are the same). */
export function range(amounts: Money[]): string {
  const sorted = [...amounts].sort((a, b) => a.compare(b));
  const lo = sorted[0]!;
  const hi = sorted.at(-1)!;
  return lo.equals(hi) ? show(lo) : `${lo.format('en')}–${show(hi)}`;
}

/**
 * Every per-currency amount of the config is a real amount in its currency (a known code, no
 * more decimals than it has, round multiples above zero). Throws naming the key.
 */
export function checkConfiguredAmounts(cfg: ComplianceRulesConfig): void {
  const maps: [string, Record<string, string>][] = [
    ['cash.threshold', cfg.cash.threshold],
    ['velocity.total', cfg.velocity.total],
    ['roundAmount.floor', cfg.roundAmount.floor],
    ['roundAmount.multiple', cfg.roundAmount.multiple],
    ['averageMultiple.minAmount', cfg.averageMultiple.minAmount],
    ['newBeneficiary.largeFirst', cfg.newBeneficiary.largeFirst],
  ];
  for (const [path, map] of maps) {
    for (const [currency, text] of Object.entries(map)) {
      let m: Money;
      try {
        m = Money.of(text, currency);
      } catch (e) {
        throw new Error(`compliance.rules.${path}.${currency}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (path === 'roundAmount.multiple' && !m.isPositive()) throw new Error(`compliance.rules.${path}.${currency} must be above zero`);
    }
  }
}
