import { describe, expect, it } from 'vitest';
import * as banking from '../../banking/index.js';

describe('banking public API', () => {
  it('exports the domain values and rules', () => {
    for (const name of [
      'Money',
      'parseAmount',
      'parseMoney',
      'parseIban',
      'maskIban',
      'parseBic',
      'bicCountryMatchesIban',
      'toSepaText',
      'isSepaText',
      'easterSunday',
      'isBusinessDay',
      'nextBusinessDay',
      'resolveExecutionDate',
      'isBankingRuleError',
      'InvalidIban',
      'InvalidAmount',
      'NotSepaCharacter',
      'ExecutionDateRejected',
      'minorUnits',
    ]) {
      expect(banking, name).toHaveProperty(name);
    }
  });

  it('works end to end: a payment line from a German export', () => {
    const amount = banking.parseMoney('1.234,56-', 'EUR', { locale: 'de' });
    const iban = banking.parseIban('DE89 3704 0044 0532 0130 00');
    const text = banking.toSepaText('Rückzahlung Müller & Co.', { maxLength: banking.SEPA_MAX_LENGTH.remittance });
    expect([amount.toString(), iban.iban, text]).toEqual(['-1234.56', 'DE89370400440532013000', 'Rueckzahlung Mueller + Co.']);
    const err = (() => {
      try {
        banking.parseIban('DE89 3704 0044 0532 0130 01');
      } catch (e) {
        return e;
      }
    })();
    expect(banking.isBankingRuleError(err)).toBe(true);
  });
});
