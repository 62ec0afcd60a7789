import { describe, expect, it } from 'vitest';
import { assertBicMatchesIban, bicCountryMatchesIban, InvalidBic, parseBic, parseIban } from '../../banking/index.js';

describe('parseBic', () => {
  it('parses 8 and 11 character BICs', () => {
    expect(parseBic('DEUTDEFF')).toEqual({
      bic: 'DEUTDEFF',
      bic11: 'DEUTDEFFXXX',
      bank: 'DEUT',
      country: 'DE',
      location: 'FF',
      branch: null,
      test: false,
    });
    expect(parseBic('DEUTDEFF500')).toMatchObject({ bic: 'DEUTDEFF500', bic11: 'DEUTDEFF500', branch: '500' });
    expect(parseBic('NEDSZAJJXXX')).toMatchObject({ country: 'ZA', branch: 'XXX' });
    expect(parseBic('ABNANL2A').country).toBe('NL');
  });

  it('normalises case and spaces', () => {
    expect(parseBic(' deut de ff ').bic).toBe('DEUTDEFF');
  });

  it('flags test BICs (location ending in 0)', () => {
    expect(parseBic('ABCDDEF0').test).toBe(true);
  });

  it.each([
    ['', /no BIC given/],
    ['DEUTDEF', /7 characters, not 8 or 11/],
    ['DEUTDEFF5', /9 characters/],
    ['DEUTDEFF5000', /12 characters/],
    ['DEU1DEFF', /bank code "DEU1" must be 4 letters/],
    ['DEUTD3FF', /"D3" is not a country code/],
    ['DEUTQQFF', /"QQ" is not a country code/],
    ['DEUTDEF_', /location code "F_"/],
    ['DEUTDEFF5-0', /branch code "5-0"/],
  ])('refuses %j', (text, why) => {
    try {
      parseBic(text, { field: 'creditorBic' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidBic);
      expect((e as InvalidBic).message).toMatch(why);
      expect((e as InvalidBic).field).toBe('creditorBic');
    }
  });
});

describe('BIC country vs IBAN country', () => {
  const de = parseIban('DE89370400440532013000');
  const gb = parseIban('GB29NWBK60161331926819');

  it('matches the same country and known territories', () => {
    expect(bicCountryMatchesIban(parseBic('COBADEFFXXX'), de)).toBe(true);
    expect(bicCountryMatchesIban(parseBic('ABNANL2A'), de)).toBe(false);
    expect(bicCountryMatchesIban(parseBic('ABCDJESH'), gb)).toBe(true);
    expect(bicCountryMatchesIban({ country: 'GP' }, { country: 'FR' })).toBe(true);
    expect(bicCountryMatchesIban({ country: 'FR' }, { country: 'GP' })).toBe(true);
  });

  it('assertBicMatchesIban throws InvalidBic naming both countries', () => {
    expect(() => assertBicMatchesIban(parseBic('COBADEFF'), de)).not.toThrow();
    expect(() => assertBicMatchesIban(parseBic('ABNANL2A'), de)).toThrow(/NL bank but the IBAN is from DE/);
  });
});
