import { describe, expect, it } from 'vitest';
import { InvalidAmount, parseAmount, parseMoney, UnknownCurrency } from '../../banking/index.js';

function rejected(text: string, options: Parameters<typeof parseAmount>[1]): InvalidAmount {
  try {
    parseAmount(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidAmount);
    return e as InvalidAmount;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('parseAmount by declared locale', () => {
  it.each([
    ['1.234,56', 'de', '1234.56'],
    ['1234,56', 'de', '1234.56'],
    ['1.234.567,89', 'de', '1234567.89'],
    ['1.234', 'de', '1234'],
    ['0,05', 'de', '0.05'],
    ['12', 'de', '12'],
    ['1,234.56', 'en', '1234.56'],
    ['1234.56', 'en', '1234.56'],
    ['1.234', 'en', '1.234'],
    ['1,234', 'en', '1234'],
    ['1,234,567', 'en', '1234567'],
    ["1'234.56", 'ch', '1234.56'],
    ['1\u2019234.56', 'ch', '1234.56'],
    ['1234.56', 'plain', '1234.56'],
    ['007.50', 'plain', '7.50'],
    ['0.00', 'plain', '0.00'],
  ] as const)('%j under %s → %s', (text, locale, expected) => {
    expect(parseAmount(text, { locale })).toBe(expected);
  });

  it('keeps the decimals as written (no rounding, no padding)', () => {
    expect(parseAmount('12,345', { locale: 'de' })).toBe('12.345');
    expect(parseAmount('12,3', { locale: 'de' })).toBe('12.3');
  });

  it('never guesses between readings: the same text means what the locale says', () => {
    expect(parseAmount('1.234', { locale: 'de' })).toBe('1234');
    expect(parseAmount('1.234', { locale: 'en' })).toBe('1.234');
    expect(parseAmount('1,234', { locale: 'de' })).toBe('1.234');
    expect(parseAmount('1,234', { locale: 'en' })).toBe('1234');
  });
});

describe('signs', () => {
  it.each([
    ['-12.00', '-12.00'],
    ['(12.00)', '-12.00'],
    ['( 12.00 )', '-12.00'],
    ['12.00-', '-12.00'],
    ['12.00 -', '-12.00'],
    ['+12.00', '12.00'],
    ['12.00+', '12.00'],
    ['- 12.00', '-12.00'],
    ['\u221212.00', '-12.00'],
    ['  12.00  ', '12.00'],
    ['\u00a012.00\t', '12.00'],
    ['-0.00', '0.00'],
    ['(0)', '0'],
  ])('%j → %s', (text, expected) => {
    expect(parseAmount(text, { locale: 'en' })).toBe(expected);
  });

  it('(1.234,56) under de is -1234.56, and a trailing minus works too', () => {
    expect(parseAmount('(1.234,56)', { locale: 'de' })).toBe('-1234.56');
    expect(parseAmount('1.234,56-', { locale: 'de' })).toBe('-1234.56');
  });

  it.each(['(-12.00)', '-12.00-', '--12', '+-12', '(12.00)-', '(12.00', '12.00)'])('refuses %j', (text) => {
    rejected(text, { locale: 'en' });
  });
});

describe('text that does not fit the declared locale is an error naming the text', () => {
  it('1,234.56 under de', () => {
    const e = rejected('1,234.56', { locale: 'de' });
    expect(e.message).toContain('"1,234.56"');
    expect(e.message).toContain('de');
    expect(e.message).toContain('grouping separator after the decimal separator');
    expect(e.field).toBe('amount');
  });

  it.each([
    ['1.23.4', 'de', /wrong place/],
    ['12.34', 'de', /wrong place/],
    ['1.2345', 'de', /wrong place/],
    ['.234', 'de', /wrong place/],
    ['1,2,3', 'de', /more than one decimal separator/],
    ['1,234,56', 'de', /more than one decimal separator/],
    ['1.234.56', 'en', /more than one decimal separator/],
    ['1,23.45', 'en', /wrong place/],
    ['1234,56', 'en', /wrong place/],
    ['1.234,56', 'en', /grouping separator after the decimal separator|more than one/],
    ['1,234.56', 'plain', /neither the decimal nor a grouping separator/],
    ["1'234.56", 'en', /unexpected character "'"/],
    ["1'234.5'6", 'ch', /grouping separator after/],
    ["1'234\u2019567.00", 'ch', /mixed grouping separators/],
    ['1 234,56', 'de', /unexpected character " "/],
    ['12a', 'de', /unexpected character "a"/],
    ['1e5', 'plain', /unexpected character "e"/],
    ['', 'de', /no digits/],
    ['   ', 'de', /no digits/],
    ['-', 'de', /no digits/],
    ['()', 'de', /no digits/],
    [',50', 'de', /no digits before the decimal separator/],
    ['12,', 'de', /no digits after the decimal separator/],
    ['12-3', 'en', /unexpected character "-"/],
  ] as const)('%j under %s', (text, locale, why) => {
    const e = rejected(text, { locale });
    expect(e.message).toContain(`"${text}"`);
    expect(e.message).toMatch(why);
  });

  it('names the field given', () => {
    expect(rejected('x', { locale: 'de', field: 'instructedAmount' }).field).toBe('instructedAmount');
  });

  it('accepts a custom format', () => {
    expect(parseAmount('1 234,56', { locale: { decimal: ',', group: [' '] } })).toBe('1234.56');
    expect(() => parseAmount('1', { locale: { decimal: ',', group: [','] } })).toThrow(TypeError);
  });
});

describe('currency codes and symbols', () => {
  it('are refused unless allowed', () => {
    expect(rejected('EUR 12,00', { locale: 'de' }).message).toMatch(/currency "EUR" in the amount is not allowed/);
    expect(rejected('12,00 €', { locale: 'de' }).message).toMatch(/currency "€"/);
    expect(rejected('$12.00', { locale: 'en' }).message).toMatch(/currency "\$"/);
  });

  it.each([
    ['EUR 1.234,56', '1234.56'],
    ['1.234,56 EUR', '1234.56'],
    ['1.234,56EUR', '1234.56'],
    ['€1.234,56', '1234.56'],
    ['1.234,56 €', '1234.56'],
    ['-1.234,56 €', '-1234.56'],
    ['€ -1.234,56', '-1234.56'],
    ['1.234,56 EUR-', '-1234.56'],
    ['(EUR 1.234,56)', '-1234.56'],
    ['eur 5', '5'],
  ])('%j with EUR allowed → %s', (text, expected) => {
    expect(parseAmount(text, { locale: 'de', allowCurrency: 'EUR' })).toBe(expected);
  });

  it('refuses another currency, unknown codes and two currencies', () => {
    expect(rejected('12,00 USD', { locale: 'de', allowCurrency: 'EUR' }).message).toMatch(/"USD" is not the expected EUR/);
    expect(rejected('$12.00', { locale: 'en', allowCurrency: 'EUR' }).message).toMatch(/"\$" is not the expected EUR/);
    expect(rejected('ABC 12,00', { locale: 'de', allowCurrency: 'EUR' }).message).toMatch(/"ABC" is not a currency code/);
    expect(rejected('EUR 12,00 €', { locale: 'de', allowCurrency: 'EUR' }).message).toMatch(/more than one currency/);
    expect(parseAmount('US$ 12.00', { locale: 'en', allowCurrency: ['EUR', 'USD'] })).toBe('12.00');
    expect(() => parseAmount('12', { locale: 'de', allowCurrency: 'EURO' })).toThrow(UnknownCurrency);
  });
});

describe('parseMoney', () => {
  it('combines the locale with the minor-units check', () => {
    expect(parseMoney('1.234,56', 'EUR', { locale: 'de' }).toString()).toBe('1234.56');
    expect(parseMoney('(1.234,56)', 'EUR', { locale: 'de' }).toMinorUnits()).toBe(-123456n);
    expect(parseMoney('1,234', 'BHD', { locale: 'de' }).toString()).toBe('1.234');
    expect(() => parseMoney('12,345', 'EUR', { locale: 'de' })).toThrow(/more decimals than EUR allows/);
    expect(() => parseMoney('1.234,5', 'JPY', { locale: 'de' })).toThrow(InvalidAmount);
    expect(parseMoney('1.234', 'JPY', { locale: 'de' }).toString()).toBe('1234');
  });
});
