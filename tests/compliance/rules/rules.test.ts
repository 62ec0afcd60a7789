import { afterAll, describe, expect, it } from 'vitest';
import { amlAlerts, amlHold } from '../../../compliance/rules/outcome.js';
import { AmlRules } from '../../../compliance/rules/engine.js';
import { complianceRules } from '../../../config/compliance-rules.js';
import { at, BENEFICIARY, DAY, DEBTOR, history, HOUR, redis, keyPrefix, rules, tx } from './helpers.js';

afterAll(() => redis.quit());

async function hitOf(r: AmlRules, t: ReturnType<typeof tx>, rule: string) {
  return (await r.evaluateRules(t)).hits.find((h) => h.rule === rule);
}

describe('cash', () => {
  it('hits cash at or above the threshold in the account currency', async () => {
    const r = rules();
    const hit = await hitOf(r, tx('10000.00', { kind: 'cash' }), 'aml:cash');
    expect(hit).toMatchObject({ severity: 'medium', action: 'alert-only', released: false });
    expect(hit!.explanation).toBe('cash payment of 10,000.00 EUR for customer C-1, at or above the threshold of 10,000.00 EUR');
    expect(hit!.facts).toEqual({ amount: '10000.00', currency: 'EUR', threshold: '10000.00' });
  });

  it('does not hit just under it, nor a transfer above it; the threshold is configurable per currency', async () => {
    const r = rules();
    expect(await hitOf(r, tx('9999.99', { kind: 'cash' }), 'aml:cash')).toBeUndefined();
    expect(await hitOf(r, tx('25000.00'), 'aml:cash')).toBeUndefined();
    const chf = rules({ cash: { threshold: { chf: '15000' } } }); // as an RPA_ variable sets it
    expect(await hitOf(chf, tx('12000.00', { kind: 'cash', currency: 'CHF' }), 'aml:cash')).toBeUndefined();
    expect((await hitOf(chf, tx('15000.00', { kind: 'cash', currency: 'CHF' }), 'aml:cash'))!.explanation).toContain('threshold of 15,000.00 CHF');
  });
});

describe('structuring', () => {
  it('hits the third payment just under the threshold within 7 days, with the range and the span in days', async () => {
    const r = rules();
    await history(r, [tx('9500.00', { at: at(-5 * DAY) }), tx('9900.00', { at: at(-2 * DAY), kind: 'cash' })]);
    const hit = await hitOf(r, tx('9700.00'), 'aml:structuring');
    expect(hit).toMatchObject({ severity: 'high', action: 'hold' });
    expect(hit!.explanation).toBe('3 payments of 9,500.00–9,900.00 EUR within 5 days for customer C-1; threshold 10,000.00 EUR');
    expect(hit!.facts).toMatchObject({ count: 3, currency: 'EUR', threshold: '10000.00', bandFrom: '9000.00' });
    expect((hit!.facts.payments as { amount: string }[]).map((p) => p.amount)).toEqual(['9500.00', '9900.00', '9700.00']);
  });

  it('does not hit: two in the band, one outside the window, an amount outside the band, another customer, another currency', async () => {
    const r = rules();
    await history(r, [
      tx('9500.00', { at: at(-8 * DAY) }), // outside the 7 days
      tx('9100.00', { at: at(-1 * DAY) }),
      tx('8900.00', { at: at(-1 * DAY) }), // below the band (9,000)
      tx('10000.00', { at: at(-1 * DAY) }), // at the threshold: not under it
      tx('9600.00', { at: at(-1 * DAY), debtorCustomerId: 'C-2' }),
      tx('9600.00', { at: at(-1 * DAY), currency: 'USD' }),
    ]);
    expect(await hitOf(r, tx('9800.00'), 'aml:structuring')).toBeUndefined();
    expect(await hitOf(r, tx('8999.99'), 'aml:structuring')).toBeUndefined();
    // A fourth customer payment in the band makes it.
    await history(r, [tx('9050.00', { at: at(-3 * HOUR) })]);
    expect((await hitOf(r, tx('9800.00'), 'aml:structuring'))!.explanation).toBe(
      '3 payments of 9,050.00–9,800.00 EUR within 1 day for customer C-1; threshold 10,000.00 EUR',
    );
  });

  it('the count, window and band are configurable; without a customer id the account is the customer', async () => {
    const r = rules({ structuring: { minCount: 2, windowDays: 2, bandFrom: 0.8, kinds: ['cash'] } });
    const noCustomer = { debtorCustomerId: undefined };
    await history(r, [tx('8000.00', { at: at(-1 * DAY), kind: 'cash', ...noCustomer }), tx('9000.00', { at: at(-1 * DAY), ...noCustomer })]);
    expect((await hitOf(r, tx('8500.00', { kind: 'cash', ...noCustomer }), 'aml:structuring'))!.explanation).toBe(
      '2 payments of 8,000.00–8,500.00 EUR within 1 day for account DE…3000; threshold 10,000.00 EUR',
    );
    expect(await hitOf(r, tx('8500.00', noCustomer), 'aml:structuring')).toBeUndefined(); // transfers do not count here
  });
});

describe('velocity', () => {
  it('hits the 10th payment of a debtor account within 24 hours (all currencies count)', async () => {
    const r = rules();
    await history(r, [
      ...Array.from({ length: 8 }, (_, i) => tx('100.00', { at: at(-(i + 1) * HOUR), beneficiaryIban: `GB29NWBK6016133192${String(6800 + i)}` })),
      tx('100.00', { at: at(-20 * HOUR), currency: 'USD', beneficiaryIban: 'FR1420041010050500013M02606' }),
      tx('100.00', { at: at(-25 * HOUR) }), // outside the 24 hours
    ]);
    const hit = await hitOf(r, tx('100.00', { beneficiaryIban: 'NL91ABNA0417164300' }), 'aml:velocity');
    expect(hit).toMatchObject({ severity: 'medium', action: 'review' });
    expect(hit!.explanation).toBe('debtor account DE…3000: 10 payments (limit 10) within 24 hours');
    expect(hit!.facts).toMatchObject({ debtor: { count: 10, total: '900.00' }, beneficiary: { count: 1 } });
  });

  it('hits the total per beneficiary from several debtors, in the payment currency', async () => {
    const r = rules();
    await history(r, [
      tx('20000.00', { at: at(-10 * HOUR), debtorAccount: 'FR1420041010050500013M02606', debtorCustomerId: 'C-7' }),
      tx('20000.00', { at: at(-5 * HOUR), debtorAccount: 'NL91ABNA0417164300', debtorCustomerId: 'C-8' }),
      tx('90000.00', { at: at(-5 * HOUR), currency: 'USD', debtorCustomerId: 'C-9' }),
    ]);
    expect(await hitOf(r, tx('9999.99'), 'aml:velocity')).toBeUndefined();
    // One large payment alone is no velocity (the other rules judge its size).
    expect(await hitOf(rules(), tx('80000.00'), 'aml:velocity')).toBeUndefined();
    const hit = await hitOf(r, tx('10000.00'), 'aml:velocity');
    expect(hit!.explanation).toBe('beneficiary ACME LTD (GB…6819): 50,000.00 EUR in total (limit 50,000.00 EUR) within 24 hours');
  });

  it('count and total are configurable; both can hit on both sides', async () => {
    const r = rules({ velocity: { count: 2, total: { EUR: '1000' }, windowHours: 2 } });
    await history(r, [tx('600.00', { at: at(-1 * HOUR) }), tx('600.00', { at: at(-3 * HOUR) })]);
    expect((await hitOf(r, tx('500.00'), 'aml:velocity'))!.explanation).toBe(
      'debtor account DE…3000: 2 payments (limit 2) and 1,100.00 EUR in total (limit 1,000.00 EUR) within 2 hours; ' +
        'beneficiary ACME LTD (GB…6819): 2 payments (limit 2) and 1,100.00 EUR in total (limit 1,000.00 EUR) within 2 hours',
    );
  });
});

describe('high-risk country', () => {
  it('hits a beneficiary IBAN, BIC or stated country on the list (FATF call for action by default)', async () => {
    const r = rules();
    const iban = await hitOf(r, tx('500.00', { beneficiaryIban: 'IR062960000000100324200001', beneficiaryBic: undefined, beneficiaryName: 'PARS TRADING' }), 'aml:high-risk-country');
    expect(iban).toMatchObject({ severity: 'high', action: 'hold' });
    expect(iban!.explanation).toBe('beneficiary PARS TRADING (IBAN IR…0001 in IR): IR is on the high-risk country list');
    const bic = await hitOf(r, tx('500.00', { beneficiaryBic: 'KKBCKPPY' }), 'aml:high-risk-country');
    expect(bic!.explanation).toBe('beneficiary ACME LTD (BIC KKBCKPPY in KP): KP is on the high-risk country list');
    const stated = await hitOf(r, tx('500.00', { beneficiaryCountry: 'mm' }), 'aml:high-risk-country');
    expect(stated!.facts).toMatchObject({ countries: ['MM'], ibanCountry: 'GB', bicCountry: 'GB', statedCountry: 'MM' });
  });

  it('does not hit other countries; the list is configurable', async () => {
    expect(await hitOf(rules(), tx('500.00'), 'aml:high-risk-country')).toBeUndefined();
    const r = rules({ highRiskCountry: { countries: ['GB', 'VE'] } });
    expect((await hitOf(r, tx('500.00'), 'aml:high-risk-country'))!.explanation).toBe(
      'beneficiary ACME LTD (IBAN GB…6819 in GB, BIC NWBKGB2L in GB): GB is on the high-risk country list',
    );
  });
});

describe('round amount', () => {
  it('hits a multiple of 1,000 at or above the floor', async () => {
    const hit = await hitOf(rules(), tx('50000.00'), 'aml:round-amount');
    expect(hit).toMatchObject({ severity: 'low', action: 'alert-only' });
    expect(hit!.explanation).toBe('50,000.00 EUR is a round amount (a multiple of 1,000.00 EUR) at or above 5,000.00 EUR');
  });

  it('does not hit an amount with cents, nor one below the floor', async () => {
    const r = rules();
    expect(await hitOf(r, tx('50000.50'), 'aml:round-amount')).toBeUndefined();
    expect(await hitOf(r, tx('50500.00'), 'aml:round-amount')).toBeUndefined();
    expect(await hitOf(r, tx('4000.00'), 'aml:round-amount')).toBeUndefined();
    expect(await hitOf(rules({ roundAmount: { multiple: { EUR: '500' } } }), tx('50500.00'), 'aml:round-amount')).toBeDefined();
  });
});

describe('dormant account', () => {
  it('hits an account with no activity for 6 months that pays out', async () => {
    const r = rules();
    await history(r, [tx('200.00', { at: new Date('2024-08-02T09:00:00Z') })]);
    const hit = await hitOf(r, tx('3000.00'), 'aml:dormant-account');
    expect(hit).toMatchObject({ severity: 'medium', action: 'review' });
    expect(hit!.explanation).toBe('account DE…3000 had no activity for 7 months (last on 2024-08-02) and pays out 3,000.00 EUR; dormant after 6 months');
  });

  it('does not hit after recent activity, nor an account never seen; the core system’s last activity counts', async () => {
    const r = rules();
    await history(r, [tx('200.00', { at: new Date('2024-08-02T09:00:00Z') }), tx('200.00', { at: new Date('2024-09-11T09:00:00Z') })]);
    expect(await hitOf(r, tx('3000.00'), 'aml:dormant-account')).toBeUndefined(); // 5 months
    expect(await hitOf(r, tx('3000.00', { debtorAccount: 'NL91ABNA0417164300' }), 'aml:dormant-account')).toBeUndefined();
    const core = await hitOf(r, tx('3000.00', { debtorAccount: 'NL91ABNA0417164300', debtorLastActivityAt: '2023-01-05' }), 'aml:dormant-account');
    expect(core!.explanation).toMatch(/^account NL…4300 had no activity for 26 months \(last on 2023-01-05\)/);
    const months = rules({ dormantAccount: { months: 3 } });
    await history(months, [tx('200.00', { at: new Date('2024-12-01T09:00:00Z') })]);
    expect(await hitOf(months, tx('3000.00'), 'aml:dormant-account')).toBeDefined();
  });
});

describe('amount far above the average', () => {
  const five = (amount: string, fromDay = 1) => Array.from({ length: 5 }, (_, i) => tx(amount, { at: at(-(fromDay + i * 5) * DAY) }));

  it('hits an amount at least 5 times the 30-day average, with at least 5 payments of history', async () => {
    const r = rules();
    await history(r, [...five('1000.00'), tx('1500.00', { at: at(-2 * HOUR) })]);
    // Average (5 × 1,000 + 1,500) / 6 = 1,083.33; 5 × that = 5,416.67.
    expect(await hitOf(r, tx('5416.66'), 'aml:average-multiple')).toBeUndefined();
    const hit = await hitOf(r, tx('5416.67'), 'aml:average-multiple');
    expect(hit).toMatchObject({ severity: 'medium', action: 'review' });
    expect(hit!.explanation).toBe('5,416.67 EUR is 5.0 times the 30-day average of 1,083.33 EUR (6 payments) for customer C-1; limit 5 times');
    expect((await hitOf(r, tx('20000.00'), 'aml:average-multiple'))!.facts).toMatchObject({ ratio: '18.4', payments: 6, average: '1083.33' });
  });

  it('does not hit with too little history, history outside the 30 days, another currency, or under the floor', async () => {
    const r = rules();
    await history(r, [...five('1000.00', 31), ...five('1000.00', 1).slice(0, 4), ...five('100.00', 1).map((t) => ({ ...t, amount: tx('100.00', { currency: 'USD' }).amount }))]);
    expect(await hitOf(r, tx('9000.00'), 'aml:average-multiple')).toBeUndefined();
    const low = rules();
    await history(low, five('100.00'));
    expect(await hitOf(low, tx('999.99'), 'aml:average-multiple')).toBeUndefined(); // under the 1,000 floor
    expect((await hitOf(low, tx('1000.00'), 'aml:average-multiple'))!.explanation).toContain('is 10.0 times the 30-day average of 100.00 EUR (5 payments)');
  });
});

describe('new beneficiary', () => {
  it('hits a large first payment to a beneficiary the customer has not paid', async () => {
    const r = rules();
    await history(r, [tx('100.00', { at: at(-40 * DAY) }), tx('100.00', { at: at(-3 * DAY), beneficiaryIban: 'FR1420041010050500013M02606' })]);
    const hit = await hitOf(r, tx('6000.00', { beneficiaryIban: 'NL91ABNA0417164300', beneficiaryName: 'NEW CO BV' }), 'aml:new-beneficiary');
    expect(hit).toMatchObject({ severity: 'medium', action: 'review' });
    expect(hit!.explanation).toBe(
      'first payment from customer C-1 to NEW CO BV (NL…4300) within 13 months: 6,000.00 EUR, at or above 5,000.00 EUR; 2 other beneficiaries paid in that time',
    );
  });

  it('does not hit a known beneficiary, a small first payment, or a customer new to us (unless told to)', async () => {
    const r = rules();
    await history(r, [tx('100.00', { at: at(-40 * DAY) })]);
    expect(await hitOf(r, tx('6000.00'), 'aml:new-beneficiary')).toBeUndefined();
    expect(await hitOf(r, tx('4999.99', { beneficiaryIban: 'NL91ABNA0417164300' }), 'aml:new-beneficiary')).toBeUndefined();
    expect(await hitOf(r, tx('6000.00', { beneficiaryIban: 'NL91ABNA0417164300', debtorCustomerId: 'C-NEW' }), 'aml:new-beneficiary')).toBeUndefined();
    const any = rules({ newBeneficiary: { requireHistory: false } });
    expect((await hitOf(any, tx('6000.00'), 'aml:new-beneficiary'))!.explanation).toContain('; 0 other beneficiaries paid in that time');
    // Paid 14 months ago: new again.
    const old = rules();
    await history(old, [tx('100.00', { at: at(-14 * 31 * DAY) }), tx('100.00', { at: at(-1 * DAY), beneficiaryIban: 'NL91ABNA0417164300' })]);
    expect(await hitOf(old, tx('6000.00'), 'aml:new-beneficiary')).toBeDefined();
  });
});

describe('currencies, severity, action, hold and alerts', () => {
  it('a currency without configured amounts: those rules are not evaluated, and a hit says which keys to set', async () => {
    const r = rules();
    const e = await r.evaluateRules(tx('1000000', { currency: 'JPY', kind: 'cash' }));
    expect(e.notEvaluated.map((n) => n.missing)).toEqual([
      'compliance.rules.cash.threshold.JPY',
      'compliance.rules.cash.threshold.JPY',
      'compliance.rules.velocity.total.JPY',
      'compliance.rules.roundAmount.floor.JPY',
      'compliance.rules.newBeneficiary.largeFirst.JPY',
    ]);
    expect(e.hits.map((h) => h.rule)).toEqual(['aml:unconfigured-currency']);
    expect(e.hits[0]!.explanation).toBe(
      'no AML amounts configured for JPY: aml:cash, aml:structuring, aml:velocity, aml:round-amount, aml:new-beneficiary not (fully) evaluated; ' +
        'set compliance.rules.cash.threshold.JPY, compliance.rules.velocity.total.JPY, compliance.rules.roundAmount.floor.JPY, compliance.rules.newBeneficiary.largeFirst.JPY',
    );
    expect(e).toMatchObject({ severity: 'low', action: 'review' });
    const silent = rules({ unconfiguredCurrency: { enabled: false } });
    expect((await silent.evaluateRules(tx('1000000', { currency: 'JPY' }))).hits).toEqual([]);
  });

  it('no hit: pass; several hits: the highest severity and the strongest action; a hold names every held rule', async () => {
    const r = rules();
    expect(await r.evaluateRules(tx('120.00'))).toMatchObject({ hits: [], severity: null, action: 'pass', notEvaluated: [], alreadyRecorded: false });
    const e = await r.evaluateRules(tx('50000.00', { kind: 'cash', beneficiaryIban: 'IR062960000000100324200001', beneficiaryBic: 'BKMTIRTH', id: 'E2E-MIX' }));
    expect(e.hits.map((h) => h.rule)).toEqual(['aml:cash', 'aml:high-risk-country', 'aml:round-amount']);
    expect(e).toMatchObject({ severity: 'high', action: 'hold' });
    const hold = amlHold(e)!;
    expect(hold.rule).toBe('aml:high-risk-country');
    expect(hold.message).toBe('AML: beneficiary ACME LTD (IBAN IR…0001 in IR, BIC BKMTIRTH in IR): IR is on the high-risk country list');

    const alerts = amlAlerts(e, { itemId: 'payment-entry:E2E-MIX' });
    expect(alerts.map((a) => [a.type, a.severity])).toEqual([
      ['aml:cash', 'medium'],
      ['aml:high-risk-country', 'high'],
      ['aml:round-amount', 'low'],
    ]);
    expect(alerts[1]).toMatchObject({ title: 'Beneficiary in a high-risk country (E2E-MIX)', businessKey: 'E2E-MIX', itemId: 'payment-entry:E2E-MIX', facts: { action: 'hold' } });
    expect(alerts[1]!.text).toBe(`${e.hits[1]!.explanation}. Action: hold.`);

    // Released by two officers: the item goes on, and no alert repeats it.
    const again = await r.evaluateRules(tx('50000.00', { kind: 'cash', beneficiaryIban: 'IR062960000000100324200001', id: 'E2E-MIX' }), { released: [hold.rule] });
    expect(again.hits.find((h) => h.rule === 'aml:high-risk-country')!.released).toBe(true);
    expect(again).toMatchObject({ action: 'alert-only', severity: 'medium' });
    expect(amlHold(again)).toBeUndefined();
    expect(amlAlerts(again).map((a) => a.type)).toEqual(['aml:cash', 'aml:round-amount']);
  });

  it('several held rules are one hold; releasing it releases them all', async () => {
    const r = rules({ roundAmount: { action: 'hold' } });
    const t = tx('50000.00', { beneficiaryIban: 'IR062960000000100324200001' });
    const hold = amlHold(await r.evaluateRules(t))!;
    expect(hold.rule).toBe('aml:high-risk-country,aml:round-amount');
    expect((hold.details.hits as unknown[]).length).toBe(2);
    expect((await r.evaluateRules(t, { released: [hold.rule] })).action).toBe('pass');
  });

  it('each rule can be switched off, and its severity and action set', async () => {
    const r = rules({ roundAmount: { enabled: false }, cash: { severity: 'critical', action: 'review' } });
    const e = await r.evaluateRules(tx('50000.00', { kind: 'cash' }));
    expect(e.hits.map((h) => [h.rule, h.severity, h.action])).toEqual([['aml:cash', 'critical', 'review']]);
    expect(e).toMatchObject({ severity: 'critical', action: 'review' });
  });

  it('refuses config amounts that are not amounts of their currency, and input that is not a payment', async () => {
    expect(() => new AmlRules(redis, keyPrefix, complianceRules.parse({ cash: { threshold: { JPY: '1000.5' } } }))).toThrow(
      /^compliance\.rules\.cash\.threshold\.JPY: 1000\.5 has more decimals than JPY allows/,
    );
    expect(() => new AmlRules(redis, keyPrefix, complianceRules.parse({ cash: { threshold: { XYZ: '1000' } } }))).toThrow(/XYZ.*not a known ISO 4217/);
    expect(() => new AmlRules(redis, keyPrefix, complianceRules.parse({ roundAmount: { multiple: { EUR: '0' } } }))).toThrow(/above zero/);
    const r = rules();
    await expect(r.evaluateRules(tx('0.00'))).rejects.toThrow(/amount must be positive/);
    await expect(r.recordPosted(tx('10.00', { at: 'yesterday' }))).rejects.toThrow(/at is not a point in time/);
    expect(DEBTOR).not.toBe(BENEFICIARY);
  });
});
