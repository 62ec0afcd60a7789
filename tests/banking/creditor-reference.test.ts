/** ISO 11649 structured creditor references: form, check digits, making one, finding one in remittance text. */
import { describe, expect, it } from 'vitest';
import { creditorReferenceFor, findCreditorReference, InvalidCreditorReference, isCreditorReference, parseCreditorReference } from '../../banking/index.js';

describe('structured creditor reference (ISO 11649)', () => {
  it('reads the standard example in any grouping and case, and makes it from the creditor\'s reference', () => {
    expect(parseCreditorReference('RF18 5390 0754 7034')).toBe('RF18539007547034');
    expect(parseCreditorReference('rf18539007547034')).toBe('RF18539007547034');
    expect(creditorReferenceFor('539007547034')).toBe('RF18539007547034');
    expect(isCreditorReference(creditorReferenceFor('INV2027ABC0042'))).toBe(true);
  });

  it('refuses a wrong check digit, a wrong form, and too long a reference, naming the problem', () => {
    expect(() => parseCreditorReference('RF19 5390 0754 7034')).toThrow(InvalidCreditorReference);
    expect(() => parseCreditorReference('RF19 5390 0754 7034')).toThrow(/check digits/);
    expect(() => parseCreditorReference('XX18539007547034')).toThrow(/no structured creditor reference/);
    expect(() => parseCreditorReference(`RF00${'1'.repeat(22)}`)).toThrow(/no structured creditor reference/);
    // Every single-character slip in the reference is caught by mod 97.
    const good = 'RF18539007547034';
    for (let i = 4; i < good.length; i++) {
      const slipped = good.slice(0, i) + String((Number(good[i]) + 1) % 10) + good.slice(i + 1);
      expect(isCreditorReference(slipped)).toBe(false);
    }
  });

  it('finds the reference in remittance text, and nothing where there is none', () => {
    expect(findCreditorReference('Invoice 42 / RF18 5390 0754 7034 thank you')).toBe('RF18539007547034');
    expect(findCreditorReference('payment RF185390 07547034')).toBe('RF18539007547034');
    expect(findCreditorReference('rent december')).toBeUndefined();
    expect(findCreditorReference('RF19 5390 0754 7034')).toBeUndefined();
  });
});
