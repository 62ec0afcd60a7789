import { getCountrySpecifications } from 'ibantools';
import { InvalidBic } from './errors.js';

export interface Bic {
  /** As given, normalised: upper case, no spaces, 8 or 11 characters. */
  readonly bic: string;
  /** Always 11 characters (`XXX` added for the head office). */
  readonly bic11: string;
  readonly bank: string;
  readonly country: string;
  readonly location: string;
  /** Branch code, or null for an 8-character BIC (`XXX` is kept as given). */
  readonly branch: string | null;
  /** Location code ending in `0`: a test and training BIC, not for live payments. */
  readonly test: boolean;
}

/**
 * Parses a BIC (ISO 9362): 4 letters bank, 2 letters country (a known ISO 3166 code), 2 letters/digits
 * location, optional 3 letters/digits branch. Spaces are ignored and lower case is upper-cased.
 * Throws `InvalidBic` naming what is wrong.
 */
export function parseBic(text: string, options: { field?: string } = {}): Bic {
  const field = options.field ?? 'bic';
  const given = typeof text === 'string' ? text.replace(/\s+/g, '').toUpperCase() : '';
  const fail = (why: string, problem: string): never => {
    throw new InvalidBic(`BIC "${given.slice(0, 14)}" is not valid: ${why}`, field, { bic: given.slice(0, 14), problem });
  };
  if (given === '') return fail('no BIC given', 'missing');
  if (given.length !== 8 && given.length !== 11) return fail(`it has ${given.length} characters, not 8 or 11`, 'length');
  const bank = given.slice(0, 4);
  const country = given.slice(4, 6);
  const location = given.slice(6, 8);
  const branch = given.length === 11 ? given.slice(8, 11) : null;
  if (!/^[A-Z]{4}$/.test(bank)) return fail(`the bank code "${bank}" must be 4 letters`, 'bank');
  if (!/^[A-Z]{2}$/.test(country) || !getCountrySpecifications()[country]) return fail(`"${country}" is not a country code`, 'country');
  if (!/^[A-Z0-9]{2}$/.test(location)) return fail(`the location code "${location}" must be 2 letters or digits`, 'location');
  if (branch !== null && !/^[A-Z0-9]{3}$/.test(branch)) return fail(`the branch code "${branch}" must be 3 letters or digits`, 'branch');
  return Object.freeze({ bic: given, bic11: branch === null ? `${given}XXX` : given, bank, country, location, branch, test: location[1] === '0' });
}

/**
 * BIC countries that go with an IBAN country besides the same code (territories that use the
 * IBAN of another country while their banks' BICs carry their own ISO code).
 */
const BIC_COUNTRIES_OF_IBAN_COUNTRY: Readonly<Record<string, readonly string[]>> = {
  FR: ['GF', 'GP', 'MQ', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF', 'MC'],
  GB: ['GG', 'JE', 'IM'],
  FI: ['AX'],
};

/** Whether the BIC's country fits the IBAN's country (a consistency check, both already parsed). */
export function bicCountryMatchesIban(bic: Pick<Bic, 'country'>, iban: { country: string }): boolean {
  if (bic.country === iban.country) return true;
  if (BIC_COUNTRIES_OF_IBAN_COUNTRY[iban.country]?.includes(bic.country)) return true;
  // Also the reverse: e.g. an IBAN of a territory held at a bank whose BIC carries the main country.
  return BIC_COUNTRIES_OF_IBAN_COUNTRY[bic.country]?.includes(iban.country) ?? false;
}

/** Throws `InvalidBic` when the BIC's country does not fit the IBAN's country. */
export function assertBicMatchesIban(bic: Bic, iban: { country: string }, options: { field?: string } = {}): void {
  if (!bicCountryMatchesIban(bic, iban)) {
    throw new InvalidBic(`BIC "${bic.bic}" is a ${bic.country} bank but the IBAN is from ${iban.country}`, options.field ?? 'bic', {
      bic: bic.bic,
      bicCountry: bic.country,
      ibanCountry: iban.country,
      problem: 'country-mismatch',
    });
  }
}
