import { describe, expect, it } from 'vitest';
import { currencyCode, isCurrencyCode, isHistoricCurrency, MINOR_UNITS, minorUnits, minorUnitsOf, Money, UnknownCurrency, WithdrawnCurrency } from '../../banking/index.js';

describe('ISO 4217 minor units', () => {
  it.each([
    ['EUR', 2], ['USD', 2], ['GBP', 2], ['CHF', 2], ['SEK', 2], ['NOK', 2], ['DKK', 2], ['PLN', 2], ['CZK', 2], ['HUF', 2],
    ['JPY', 0], ['ISK', 0], ['KRW', 0], ['CLP', 0], ['VND', 0], ['XOF', 0],
    ['BHD', 3], ['KWD', 3], ['TND', 3], ['OMR', 3], ['JOD', 3], ['IQD', 3], ['LYD', 3],
    ['CLF', 4],
  ])('%s has %i', (code, units) => {
    expect(minorUnits(code)).toBe(units);
    expect(MINOR_UNITS[code as keyof typeof MINOR_UNITS]).toBe(units);
  });

  it('normalises case and spaces', () => {
    expect(currencyCode(' eur ')).toBe('EUR');
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
  });

  it.each(['XXX', 'EURO', '', 'E', 'XAU', 'DEM', 'HRK', 'toString', '__proto__'])('refuses %j', (code) => {
    expect(() => minorUnits(code)).toThrow(UnknownCurrency);
    expect(isCurrencyCode(code)).toBe(false);
  });

  it('names the code and the field', () => {
    try {
      currencyCode('EURO', 'instructedCurrency');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownCurrency);
      expect((e as UnknownCurrency).message).toContain('"EURO"');
      expect((e as UnknownCurrency).field).toBe('instructedCurrency');
    }
  });

  it('has a sizeable table and is frozen', () => {
    expect(Object.keys(MINOR_UNITS).length).toBeGreaterThan(150);
    expect(Object.isFrozen(MINOR_UNITS)).toBe(true);
  });
});

describe('withdrawn currencies (ISO 4217 list three)', () => {
  it('are refused where a current currency is needed, saying what replaced them', () => {
    const err = (() => {
      try {
        Money.of('100.00', 'DEM');
      } catch (e) {
        return e as WithdrawnCurrency;
      }
    })();
    expect(err).toBeInstanceOf(WithdrawnCurrency);
    expect(err).toBeInstanceOf(UnknownCurrency);
    expect(err!.message).toMatch(/DEM \(Deutsche Mark\) was withdrawn in 2002-03, replaced by EUR/);
    expect(() => currencyCode('frf')).toThrow(WithdrawnCurrency);
    expect(isCurrencyCode('NLG')).toBe(false);
  });

  it('are read from archived statements with their own minor units', () => {
    expect(currencyCode(' itl', 'currency', { historic: true })).toBe('ITL');
    expect([minorUnitsOf('DEM'), minorUnitsOf('ITL'), minorUnitsOf('ESP'), minorUnitsOf('EUR')]).toEqual([2, 0, 0, 2]);
    expect(Money.of('1234.56', 'DEM', 'amount', { historic: true }).toMinorUnits()).toBe(123456n);
    expect(() => Money.of('1234.5', 'ITL', 'amount', { historic: true })).toThrow(/more decimals than ITL allows \(0\)/);
    expect(isHistoricCurrency('HRK')).toBe(true);
    expect(Money.sum([Money.of('1', 'FRF', 'a', { historic: true })], 'FRF').toString()).toBe('1.00');
  });
});
