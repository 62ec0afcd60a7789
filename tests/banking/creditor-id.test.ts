import { describe, expect, it } from 'vitest';
import { InvalidCreditorId, creditorIdCheckDigits, isCreditorId, parseCreditorId, sameCreditor } from '../../banking/index.js';

function problem(text: string): string {
  try {
    parseCreditorId(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidCreditorId);
    expect((e as InvalidCreditorId).whatNext).toMatch(/check digits/);
    return String((e as InvalidCreditorId).details.problem);
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('SEPA creditor identifier', () => {
  it.each([
    ['DE98ZZZ09999999999', 'DE', '98', 'ZZZ', '09999999999'],
    ['IT66ZZZA1B2C3D4E5F6G7H8', 'IT', '66', 'ZZZ', 'A1B2C3D4E5F6G7H8'],
    ['AT61ZZZ01234567890', 'AT', '61', 'ZZZ', '01234567890'],
    ['BE69ZZZ050D000000008', 'BE', '69', 'ZZZ', '050D000000008'],
    ['FR72ZZZ123456', 'FR', '72', 'ZZZ', '123456'],
  ])('reads %s', (text, country, checkDigits, businessCode, nationalId) => {
    expect(parseCreditorId(text)).toEqual({ id: text, country, checkDigits, businessCode, nationalId });
  });

  it('takes spaces and lower case, and leaves the business code out of the check', () => {
    expect(parseCreditorId(' de98 zzz 0999 9999 999 ').id).toBe('DE98ZZZ09999999999');
    // Any business code: the same check digits.
    expect(isCreditorId('DE98ABC09999999999')).toBe(true);
    expect(isCreditorId('DE98001 09999999999')).toBe(true);
    expect(sameCreditor(parseCreditorId('DE98ZZZ09999999999'), parseCreditorId('DE98AB109999999999'))).toBe(true);
    expect(sameCreditor(parseCreditorId('DE98ZZZ09999999999'), parseCreditorId('IT66ZZZA1B2C3D4E5F6G7H8'))).toBe(false);
  });

  it('computes the check digits over the national identifier and the country (ISO 7064 MOD 97-10)', () => {
    expect(creditorIdCheckDigits('DE', '09999999999')).toBe('98');
    expect(creditorIdCheckDigits('IT', 'A1B2C3D4E5F6G7H8')).toBe('66');
    // Single digits are padded.
    const padded = Array.from({ length: 200 }, (_, i) => creditorIdCheckDigits('DE', String(10_000 + i))).find((d) => d.startsWith('0'));
    expect(padded).toMatch(/^0\d$/);
  });

  it('refuses each wrong identifier with the reason', () => {
    expect(problem('')).toBe('missing');
    expect(problem('DE98ZZZ0999999999_')).toBe('characters');
    expect(problem('DE98ZZ')).toBe('length');
    expect(problem(`DE98ZZZ${'1'.repeat(29)}`)).toBe('length');
    expect(problem('US98ZZZ09999999999')).toBe('country');
    expect(problem('DEXXZZZ09999999999')).toBe('check-digits');
    // Every single mistyped digit of the national id breaks the check.
    for (let i = 7; i < 18; i++) {
      const digit = Number('DE98ZZZ09999999999'[i]);
      const typo = `DE98ZZZ09999999999`.slice(0, i) + String((digit + 3) % 10) + 'DE98ZZZ09999999999'.slice(i + 1);
      expect(problem(typo)).toBe('check-digits');
    }
  });
});
