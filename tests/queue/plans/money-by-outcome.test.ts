/**
 * Each bot's money, read as the bot reads it: a payment's text amount in the file's locale (a numeric
 * cell's plain decimal whatever the locale), a collection claim's in its own locale, a return's amount
 * (the other answers move no money), a break's line; an amount that cannot be read is none.
 */
import { describe, expect, it } from 'vitest';
import { collectionPlan } from '../../../bots/collection-cycle/index.js';
import { collectionReturn } from '../../../bots/collection-return/index.js';
import { paymentEntry } from '../../../bots/payment-entry/index.js';
import { reconcileBreak } from '../../../bots/reconcile-day/index.js';
import { moneyText } from '../../../queue/plans/index.js';
import { testConfig } from '../../helpers/runtime.js';

const de = testConfig({ banking: { amountLocale: 'de' } });
const en = testConfig({ banking: { amountLocale: 'en' } });
// Only the fields each bot's amount reads.
type In<B extends { amount?: (i: never, c: never) => unknown }> = Parameters<NonNullable<B['amount']>>[0];
const payment = (amount: string, amountIsNumber?: boolean) => ({ instruction: { amount, currency: 'eur', ...(amountIsNumber ? { amountIsNumber } : {}) } }) as unknown as In<typeof paymentEntry>;

describe("a bot's money", () => {
  it('reads a payment in the configured locale, a numeric cell as a plain decimal, and nothing it cannot read', () => {
    expect(paymentEntry.amount!(payment('1.234,50'), de)?.toJSON()).toEqual({ amount: '1234.50', currency: 'EUR' });
    expect(paymentEntry.amount!(payment('1,234.50'), en)?.toJSON()).toEqual({ amount: '1234.50', currency: 'EUR' });
    expect(paymentEntry.amount!(payment('1234.5', true), de)?.toJSON()).toEqual({ amount: '1234.50', currency: 'EUR' });
    expect(paymentEntry.amount!(payment('twelve'), de)).toBeUndefined();
  });

  it("reads a claim in its own locale, a return's amount, a break's line; other answers move no money", () => {
    const claim = { claim: { amount: '49,90' }, amountLocale: 'de' } as unknown as In<typeof collectionPlan>;
    expect(collectionPlan.amount!(claim, en)?.toJSON()).toEqual({ amount: '49.90', currency: 'EUR' });
    expect(collectionReturn.amount!({ status: 'returned', amount: '12.30' } as In<typeof collectionReturn>, de)?.toJSON()).toEqual({ amount: '12.30', currency: 'EUR' });
    expect(collectionReturn.amount!({ status: 'settled', amount: '12.30' } as In<typeof collectionReturn>, de)).toBeNull();
    expect(collectionReturn.amount!({ status: 'returned' } as In<typeof collectionReturn>, de)).toBeUndefined();
    expect(reconcileBreak.amount!({ line: { amount: { amount: '-250.00', currency: 'EUR' } } } as unknown as In<typeof reconcileBreak>, de)?.toJSON()).toEqual({ amount: '-250.00', currency: 'EUR' });
  });

  it('reads as a line a person understands', () => {
    expect(moneyText({ money: [{ outcome: 'done', currency: 'EUR', amount: '10.00', count: 2 }, { outcome: 'open', currency: 'USD', amount: '1.00', count: 1 }], moneyUnread: 3 })).toBe('done EUR 10.00 in 2, not finished USD 1.00 in 1 (3 without an amount read)');
    expect(moneyText({})).toBe('');
  });
});
