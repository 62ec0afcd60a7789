import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { CurrencyMismatch, InvalidAmount, Money, UnknownCurrency } from '../../banking/index.js';

function invalid(run: () => unknown): InvalidAmount {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidAmount);
    return e as InvalidAmount;
  }
  throw new Error('expected InvalidAmount');
}

describe('Money.of', () => {
  it('keeps the exact amount and prints the currency decimals', () => {
    expect(Money.of('1234.56', 'EUR').toString()).toBe('1234.56');
    expect(Money.of('12', 'EUR').toString()).toBe('12.00');
    expect(Money.of('-12.5', 'EUR').toString()).toBe('-12.50');
    expect(Money.of('1000', 'JPY').toString()).toBe('1000');
    expect(Money.of('1.25', 'BHD').toString()).toBe('1.250');
    expect(Money.of('0.1', 'EUR').plus(Money.of('0.2', 'EUR')).toString()).toBe('0.30');
    expect(Money.of('99999999999999999999.99', 'EUR').toString()).toBe('99999999999999999999.99');
  });

  it('accepts a Decimal', () => {
    expect(Money.of(new Decimal('7.10'), 'EUR').toString()).toBe('7.10');
  });

  it('refuses JS numbers, in the types and at run time', () => {
    // @ts-expect-error a number is not an amount
    expect(() => Money.of(12.5, 'EUR')).toThrow(TypeError);
    // @ts-expect-error a bigint is not an amount either (use fromMinorUnits)
    expect(() => Money.of(12n, 'EUR')).toThrow(TypeError);
  });

  it('refuses more decimals than the currency has, never rounds', () => {
    const e = invalid(() => Money.of('12.345', 'EUR'));
    expect(e.message).toContain('12.345');
    expect(e.message).toContain('EUR');
    expect(e.details).toMatchObject({ allowed: 2, decimals: 3 });
    expect(() => Money.of('100.5', 'JPY')).toThrow(InvalidAmount);
    expect(() => Money.of('1', 'JPY')).not.toThrow();
    expect(() => Money.of('1.2345', 'BHD')).toThrow(InvalidAmount);
    expect(() => Money.of(new Decimal('0.001'), 'EUR')).toThrow(InvalidAmount);
  });

  it('trailing zeros carry no value and are accepted', () => {
    expect(Money.of('12.340', 'EUR').toString()).toBe('12.34');
    expect(Money.of('100.00', 'JPY').toString()).toBe('100');
  });

  it.each(['', ' 12.00', '12,00', '1,234.56', '+12', '1e3', '.5', '12.', 'NaN', 'Infinity', '--1', '0x10', '١٢'])('refuses text %j', (text) => {
    const e = invalid(() => Money.of(text, 'EUR'));
    expect(e.field).toBe('amount');
  });

  it('refuses infinite and NaN Decimals', () => {
    expect(() => Money.of(new Decimal(Infinity), 'EUR')).toThrow(InvalidAmount);
    expect(() => Money.of(new Decimal(NaN), 'EUR')).toThrow(InvalidAmount);
  });

  it('refuses unknown currencies and names the field given', () => {
    expect(() => Money.of('1.00', 'EURO')).toThrow(UnknownCurrency);
    expect(invalid(() => Money.of('1.001', 'EUR', 'instructedAmount')).field).toBe('instructedAmount');
  });

  it('is immutable', () => {
    const m = Money.of('1.00', 'EUR');
    expect(Object.isFrozen(m)).toBe(true);
    expect(() => {
      (m as unknown as { currency: string }).currency = 'USD';
    }).toThrow(TypeError);
    m.plus(Money.of('2.00', 'EUR'));
    expect(m.toString()).toBe('1.00');
  });
});

describe('Money arithmetic and comparison', () => {
  const eur = (a: string) => Money.of(a, 'EUR');

  it('plus, minus, negate', () => {
    expect(eur('10.10').plus(eur('0.95')).toString()).toBe('11.05');
    expect(eur('10.10').minus(eur('10.20')).toString()).toBe('-0.10');
    expect(eur('3.00').negate().toString()).toBe('-3.00');
    expect(eur('0').negate().toString()).toBe('0.00');
    expect(eur('-0').isNegative()).toBe(false);
    expect(eur('1.00').minus(eur('1.00')).isNegative()).toBe(false);
  });

  it('isNegative, isPositive, isZero, abs', () => {
    expect(eur('-0.01').isNegative()).toBe(true);
    expect(eur('0.01').isPositive()).toBe(true);
    expect(eur('0.00').isZero()).toBe(true);
    expect(eur('0.00').isNegative()).toBe(false);
    expect(eur('-5.00').abs().toString()).toBe('5.00');
  });

  it('equals and compare', () => {
    expect(eur('1.5').equals(eur('1.50'))).toBe(true);
    expect(eur('1.50').equals(Money.of('1.50', 'USD'))).toBe(false);
    expect(eur('1.00').compare(eur('2.00'))).toBe(-1);
    expect(eur('2.00').compare(eur('2.00'))).toBe(0);
    expect(eur('2.01').compare(eur('2.00'))).toBe(1);
  });

  it('never mixes currencies', () => {
    expect(() => eur('1.00').plus(Money.of('1.00', 'USD'))).toThrow(CurrencyMismatch);
    expect(() => eur('1.00').minus(Money.of('1.00', 'USD'))).toThrow(CurrencyMismatch);
    expect(() => eur('1.00').compare(Money.of('1.00', 'USD'))).toThrow(/USD and EUR/);
  });

  it('sum', () => {
    expect(Money.sum([eur('0.10'), eur('0.20'), eur('-0.05')], 'EUR').toString()).toBe('0.25');
    expect(Money.sum([], 'JPY').toString()).toBe('0');
    expect(() => Money.sum([eur('1.00'), Money.of('1.00', 'GBP')], 'EUR')).toThrow(CurrencyMismatch);
    expect(() => Money.sum([eur('1.00')], 'USD')).toThrow(CurrencyMismatch);
  });

  it('sums ten thousand cents exactly', () => {
    const cents = Array.from({ length: 10_000 }, () => eur('0.01'));
    expect(Money.sum(cents, 'EUR').toString()).toBe('100.00');
  });
});

describe('minor units', () => {
  it('toMinorUnits', () => {
    expect(Money.of('1234.56', 'EUR').toMinorUnits()).toBe(123456n);
    expect(Money.of('-0.01', 'EUR').toMinorUnits()).toBe(-1n);
    expect(Money.of('1500', 'JPY').toMinorUnits()).toBe(1500n);
    expect(Money.of('1.234', 'BHD').toMinorUnits()).toBe(1234n);
    expect(Money.of('92233720368547758.07', 'EUR').toMinorUnits()).toBe(9223372036854775807n);
  });

  it('fromMinorUnits', () => {
    expect(Money.fromMinorUnits(123456n, 'EUR').toString()).toBe('1234.56');
    expect(Money.fromMinorUnits(-5n, 'EUR').toString()).toBe('-0.05');
    expect(Money.fromMinorUnits(5n, 'JPY').toString()).toBe('5');
    expect(Money.fromMinorUnits(1n, 'KWD').toString()).toBe('0.001');
    expect(Money.fromMinorUnits(123456789012345678901234567890n, 'EUR').toMinorUnits()).toBe(123456789012345678901234567890n);
    // @ts-expect-error a number is not a count of minor units
    expect(() => Money.fromMinorUnits(5, 'EUR')).toThrow(TypeError);
  });
});

describe('format', () => {
  const m = Money.of('1234567.89', 'EUR');
  it.each([
    ['de', '1.234.567,89'],
    ['en', '1,234,567.89'],
    ['ch', "1'234'567.89"],
    ['plain', '1234567.89'],
  ] as const)('%s → %s', (locale, text) => {
    expect(m.format(locale)).toBe(text);
  });

  it('small, negative, zero-decimal and custom formats', () => {
    expect(Money.of('1234.56', 'EUR').format('de')).toBe('1.234,56');
    expect(Money.of('1234.56', 'EUR').format('en')).toBe('1,234.56');
    expect(Money.of('-1234.5', 'EUR').format('de')).toBe('-1.234,50');
    expect(Money.of('999.99', 'EUR').format('de')).toBe('999,99');
    expect(Money.of('0.05', 'EUR').format('de')).toBe('0,05');
    expect(Money.of('1234567', 'JPY').format('en')).toBe('1,234,567');
    expect(Money.of('1234.5', 'BHD').format('de')).toBe('1.234,500');
    expect(Money.of('1234.56', 'EUR').format({ decimal: ',', group: [' '] })).toBe('1 234,56');
  });
});

describe('JSON', () => {
  it('round-trips through JSON', () => {
    const m = Money.of('12.30', 'EUR');
    const json = JSON.parse(JSON.stringify({ m })) as { m: unknown };
    expect(json.m).toEqual({ amount: '12.30', currency: 'EUR' });
    expect(Money.fromJSON(json.m).equals(m)).toBe(true);
    expect(() => Money.fromJSON({ amount: 12.3, currency: 'EUR' })).toThrow(InvalidAmount);
    expect(() => Money.fromJSON(null)).toThrow(InvalidAmount);
  });
});
