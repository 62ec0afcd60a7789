import { describe, expect, it } from 'vitest';
import { compactIban, maskAccountRef, parseAmount, parseDate, parseOptionalAmount } from '../../../../bots/targets/legacy-bank/index.js';

describe('legacy-bank screen parsing', () => {
  it('parses screen amounts into canonical decimal strings with string operations', () => {
    expect(parseAmount('1.234,56')).toBe('1234.56');
    expect(parseAmount('-1.234,56')).toBe('-1234.56');
    expect(parseAmount(' 0,05\u00a0')).toBe('0.05');
    expect(parseAmount('-0,00')).toBe('0.00');
    expect(parseAmount('12.345.678.901,23')).toBe('12345678901.23');
    expect(parseAmount('999,99')).toBe('999.99');
    for (const bad of ['1,234.56', '1234,5', '12.34,56', '', 'abc', '1.234']) expect(() => parseAmount(bad)).toThrow();
    expect(parseOptionalAmount('\u00a0')).toBeNull();
    expect(parseOptionalAmount(' 7,00 ')).toBe('7.00');
  });
  it('parses dates and IBANs, and masks references', () => {
    expect(parseDate('05/03/2024')).toBe('2024-03-05');
    expect(() => parseDate('2024-03-05')).toThrow();
    expect(compactIban('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(maskAccountRef('DE89 3704 0044 0532 0130 00')).toBe('DE****************3000');
    expect(maskAccountRef('0012345678')).toBe('******5678');
  });
});
