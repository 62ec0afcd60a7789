import { electronicFormatIBAN, friendlyFormatIBAN, getCountrySpecifications, isSEPACountry, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { InvalidIban } from './errors.js';

export interface Iban {
  /** Electronic format: upper case, no spaces (`DE89370400440532013000`). */
  readonly iban: string;
  /** ISO 3166 country code (`DE`). */
  readonly country: string;
  /** Print format, groups of four (`DE89 3704 0044 0532 0130 00`). */
  readonly printed: string;
  /** Whether the country takes part in SEPA. */
  readonly sepa: boolean;
}

export interface ParseIbanOptions {
  /** The item field, for the error (default `iban`). */
  field?: string;
  /** Refuse IBANs of countries outside SEPA. */
  sepaOnly?: boolean;
}

/**
 * Masks an IBAN for messages and logs: country code and last four characters only (`DE…3000`).
 * Short or odd text shows even less, so a full IBAN never appears.
 */
export function maskIban(text: string): string {
  const t = String(text).replace(/[\s-]/g, '').toUpperCase();
  if (t.length <= 2) return '…';
  if (t.length < 10) return `${t.slice(0, 2)}…`;
  return `${t.slice(0, 2)}…${t.slice(-4)}`;
}

/** ibantools' country table: `getCountrySpecifications()` builds it afresh on every call, so once here. */
const COUNTRY_SPECS = getCountrySpecifications();

/**
 * Parses and validates an IBAN (spaces and dashes allowed, any case) with ibantools: known IBAN country,
 * the country's length, the country's BBAN format (and national check digits where ibantools knows them),
 * the ISO 7064 check digits. Throws `InvalidIban` naming the first problem; the IBAN is masked in the message.
 */
export function parseIban(text: string, options: ParseIbanOptions = {}): Iban {
  const field = options.field ?? 'iban';
  const fail = (why: string, code: string, extra: Record<string, unknown> = {}): never => {
    const masked = maskIban(typeof text === 'string' ? text : '');
    throw new InvalidIban(`IBAN ${masked} is not valid: ${why}`, field, { iban: masked, problem: code, ...extra });
  };
  if (typeof text !== 'string' || text.trim() === '') return fail('no IBAN given', 'missing');
  const iban = electronicFormatIBAN(text.replace(/\s+/g, '')) ?? '';
  const bad = /[^A-Z0-9]/.exec(iban);
  if (bad) return fail(`it contains "${bad[0]}" (only letters and digits are allowed)`, 'characters');

  const country = iban.slice(0, 2);
  const spec = COUNTRY_SPECS[country];
  const result = validateIBAN(iban, { allowQRIBAN: true });
  if (!result.valid) {
    const codes = new Set(result.errorCodes);
    if (codes.has(ValidationErrorsIBAN.NoIBANCountry) || !spec?.chars) {
      return fail(`"${country}" is not a country that uses IBANs`, 'country', { country });
    }
    if (codes.has(ValidationErrorsIBAN.WrongBBANLength)) {
      return fail(`a ${country} IBAN has ${spec.chars} characters, this one has ${iban.length}`, 'length', {
        country,
        expectedLength: spec.chars,
        length: iban.length,
      });
    }
    if (codes.has(ValidationErrorsIBAN.ChecksumNotNumber)) return fail('the check digits (characters 3 and 4) are not digits', 'check-digits');
    if (codes.has(ValidationErrorsIBAN.WrongBBANFormat)) {
      return fail(`the account part does not have the ${country} format`, 'bban-format', { country });
    }
    if (codes.has(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)) {
      return fail(`the national check digits of the ${country} account number are wrong`, 'national-check-digits', { country });
    }
    if (codes.has(ValidationErrorsIBAN.WrongIBANChecksum)) return fail('the check digits do not match (typo?)', 'check-digits');
    return fail('it is not valid', 'invalid');
  }
  const sepa = isSEPACountry(country);
  if (options.sepaOnly && !sepa) return fail(`${country} is not a SEPA country`, 'not-sepa', { country });
  return Object.freeze({ iban, country, printed: friendlyFormatIBAN(iban) ?? iban, sepa });
}

/** True when `text` is a valid IBAN (see `parseIban`). */
export function isIban(text: string): boolean {
  try {
    parseIban(text);
    return true;
  } catch {
    return false;
  }
}
