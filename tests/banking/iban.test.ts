import { describe, expect, it } from 'vitest';
import { InvalidIban, isIban, maskIban, parseIban } from '../../banking/index.js';

function rejected(text: string, options?: Parameters<typeof parseIban>[1]): InvalidIban {
  try {
    parseIban(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidIban);
    return e as InvalidIban;
  }
  throw new Error('expected InvalidIban');
}

describe('parseIban: valid IBANs', () => {
  it.each([
    ['DE89370400440532013000', 'DE', 'DE89 3704 0044 0532 0130 00'],
    ['GB29NWBK60161331926819', 'GB', 'GB29 NWBK 6016 1331 9268 19'],
    ['NL91ABNA0417164300', 'NL', 'NL91 ABNA 0417 1643 00'],
    ['FR1420041010050500013M02606', 'FR', 'FR14 2004 1010 0505 0001 3M02 606'],
    ['CH9300762011623852957', 'CH', 'CH93 0076 2011 6238 5295 7'],
    ['AT611904300234573201', 'AT', 'AT61 1904 3002 3457 3201'],
  ])('%s', (text, country, printed) => {
    const iban = parseIban(text);
    expect(iban).toEqual({ iban: text, country, printed, sepa: true });
    expect(Object.isFrozen(iban)).toBe(true);
    expect(isIban(text)).toBe(true);
  });

  it('accepts print format, lower case, dashes and surrounding spaces', () => {
    expect(parseIban(' de89 3704 0044 0532 0130 00 ').iban).toBe('DE89370400440532013000');
    expect(parseIban('DE89-3704-0044-0532-0130-00').iban).toBe('DE89370400440532013000');
    expect(parseIban('DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000').iban).toBe('DE89370400440532013000');
  });

  it('knows non-SEPA IBAN countries and can refuse them', () => {
    const br = 'BR1800360305000010009795493C1';
    expect(parseIban(br).sepa).toBe(false);
    expect(rejected(br, { sepaOnly: true }).message).toMatch(/BR is not a SEPA country/);
    expect(parseIban('GB29NWBK60161331926819', { sepaOnly: true }).sepa).toBe(true);
  });
});

describe('parseIban: invalid IBANs say what is wrong and never show the IBAN', () => {
  it.each([
    ['DE89370400440532013001', /check digits do not match/, 'check-digits'],
    ['DE88370400440532013000', /check digits do not match/, 'check-digits'],
    ['GB28NWBK60161331926819', /check digits do not match/, 'check-digits'],
    ['DE8937040044053201300', /a DE IBAN has 22 characters, this one has 21/, 'length'],
    ['DE893704004405320130000', /a DE IBAN has 22 characters, this one has 23/, 'length'],
    ['NL91ABNA041716430', /a NL IBAN has 18 characters, this one has 17/, 'length'],
    ['XX89370400440532013000', /"XX" is not a country that uses IBANs/, 'country'],
    ['US64SVBKUS6S3300958879', /"US" is not a country that uses IBANs/, 'country'],
    ['NL91ABNA04171643AB', /account part does not have the NL format/, 'bban-format'],
    ['GB29NWBK6016133192681A', /account part does not have the GB format/, 'bban-format'],
    ['DEXX370400440532013000', /check digits \(characters 3 and 4\) are not digits/, 'check-digits'],
    ['DE89.370400440532013000', /contains "\."/, 'characters'],
    ['', /no IBAN given/, 'missing'],
    ['   ', /no IBAN given/, 'missing'],
  ])('%j', (text, why, problem) => {
    const e = rejected(text);
    expect(e.message).toMatch(why);
    expect(e.details.problem).toBe(problem);
    expect(e.field).toBe('iban');
    const compact = text.replace(/[\s.-]/g, '');
    if (compact.length > 6) {
      expect(e.message).not.toContain(compact);
      expect(JSON.stringify(e.details)).not.toContain(compact);
      expect(e.message).not.toContain(compact.slice(4, 12));
    }
    expect(isIban(text)).toBe(false);
  });

  it('masks to country code and last four', () => {
    const e = rejected('DE89 3704 0044 0532 0130 01', { field: 'creditorIban' });
    expect(e.message).toContain('DE…3001');
    expect(e.details.iban).toBe('DE…3001');
    expect(e.field).toBe('creditorIban');
  });

  it('refuses non-strings at run time', () => {
    expect(rejected(undefined as unknown as string).message).toMatch(/no IBAN given/);
    expect(rejected(12 as unknown as string).message).toMatch(/no IBAN given/);
  });
});

describe('maskIban', () => {
  it.each([
    ['DE89370400440532013000', 'DE…3000'],
    ['de89 3704 0044 0532 0130 00', 'DE…3000'],
    ['DE8937', 'DE…'],
    ['D', '…'],
    ['', '…'],
  ])('%j → %s', (text, masked) => {
    expect(maskIban(text)).toBe(masked);
  });
});
