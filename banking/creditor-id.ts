import { isSEPACountry } from 'ibantools';
import { InvalidCreditorId } from './errors.js';

/**
 * The SEPA creditor identifier (EPC262-08, "Creditor Identifier Overview"):
 *
 *   DE 98 ZZZ 09999999999
 *   │  │  │   └ national identifier, 1–28 letters and digits, as the country's issuer gives it
 *   │  │  └ creditor business code, 3 letters or digits (ZZZ when unused); NOT in the check
 *   │  └ check digits, ISO 7064 MOD 97-10 over the national identifier and the country code
 *   └ ISO 3166 country code of a SEPA country
 *
 * The business code lets one creditor run several lines of business under one identifier, so two
 * identifiers that differ only in it are the same creditor (`sameCreditor`).
 */
export interface CreditorId {
  /** Upper case, no spaces: `DE98ZZZ09999999999`. */
  readonly id: string;
  readonly country: string;
  readonly checkDigits: string;
  readonly businessCode: string;
  readonly nationalId: string;
}

const MAX_LENGTH = 35;

/** Digits of `text` with letters as two digits (A = 10 … Z = 35), as ISO 7064 MOD 97-10 reads them. */
function mod97(text: string): number {
  let rest = 0;
  for (const ch of text) {
    const v = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = v >= 10 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  return rest;
}

/** The two check digits of a creditor identifier with this country and national identifier. */
export function creditorIdCheckDigits(country: string, nationalId: string): string {
  return String(98 - mod97(`${nationalId}${country}00`)).padStart(2, '0');
}

/**
 * Parses and checks a creditor identifier (spaces allowed, any case). Throws `InvalidCreditorId`
 * naming the first problem: length, characters, country, business code, check digits.
 */
export function parseCreditorId(text: string, field = 'creditorId'): CreditorId {
  const fail = (why: string, problem: string, extra: Record<string, unknown> = {}): never => {
    throw new InvalidCreditorId(`creditor identifier "${typeof text === 'string' ? text.trim().slice(0, 40) : ''}" is not valid: ${why}`, field, { problem, ...extra });
  };
  if (typeof text !== 'string' || text.trim() === '') return fail('none given', 'missing');
  const id = text.replace(/\s+/g, '').toUpperCase();
  const bad = /[^A-Z0-9]/.exec(id);
  if (bad) return fail(`it contains "${bad[0]}" (only letters and digits are allowed)`, 'characters');
  if (id.length < 8 || id.length > MAX_LENGTH) return fail(`it has ${id.length} characters (8 to ${MAX_LENGTH}: country, check digits, business code, national identifier)`, 'length');
  const country = id.slice(0, 2);
  const checkDigits = id.slice(2, 4);
  const businessCode = id.slice(4, 7);
  const nationalId = id.slice(7);
  if (!/^[A-Z]{2}$/.test(country) || !isSEPACountry(country)) return fail(`"${country}" is not the code of a SEPA country`, 'country', { country });
  if (!/^\d{2}$/.test(checkDigits)) return fail(`"${checkDigits}" in place of the two check digits`, 'check-digits');
  const expected = creditorIdCheckDigits(country, nationalId);
  if (checkDigits !== expected) return fail('its check digits do not match its national identifier (a character is probably mistyped)', 'check-digits', { country });
  return { id, country, checkDigits, businessCode, nationalId };
}

export function isCreditorId(text: string): boolean {
  try {
    parseCreditorId(text);
    return true;
  } catch {
    return false;
  }
}

/** The same creditor: identifiers equal but for the business code (which the check leaves out). */
export function sameCreditor(a: CreditorId, b: CreditorId): boolean {
  return a.country === b.country && a.nationalId === b.nationalId;
}
