import { InvalidCreditorReference } from './errors.js';

/**
 * The structured creditor reference of ISO 11649 ("RF18 5390 0754 7034"): RF, two check digits and
 * 1–21 letters or digits. Valid when the reference moved behind its first four characters, letters
 * as numbers (A = 10 … Z = 35), leaves 1 modulo 97. Payers write it in groups of four, in any case.
 */
const FORM = /^RF(\d{2})([A-Z0-9]{1,21})$/;

/** The number a letter or digit stands for in the check (A = 10 … Z = 35). */
const digitsOf = (s: string) => s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));

function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest;
}

/** Whether a compact (no spaces, upper-case) text is a reference whose check digits match. */
function checks(compact: string): boolean {
  const m = FORM.exec(compact);
  return m !== null && mod97(digitsOf(`${m[2]}RF${m[1]}`)) === 1;
}

/** The reference in its electronic form (no spaces, upper case), or throws saying what is wrong. */
export function parseCreditorReference(text: string, field = 'creditorReference'): string {
  const compact = String(text ?? '').replace(/\s+/g, '').toUpperCase();
  const m = FORM.exec(compact);
  if (!m) throw new InvalidCreditorReference(`"${compact.slice(0, 30)}" is no structured creditor reference (RF, 2 check digits, 1-21 letters or digits)`, field, { problem: 'format' });
  if (mod97(digitsOf(`${m[2]}RF${m[1]}`)) !== 1) throw new InvalidCreditorReference(`the check digits of ${compact} do not match its reference`, field, { problem: 'check-digits' });
  return compact;
}

/** Whether the text is a valid structured creditor reference. */
export function isCreditorReference(text: string): boolean {
  return checks(String(text ?? '').replace(/\s+/g, '').toUpperCase());
}

/** The structured creditor reference for a creditor's own reference (1-21 letters or digits): RF, check digits, reference. */
export function creditorReferenceFor(reference: string): string {
  const ref = reference.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z0-9]{1,21}$/.test(ref)) throw new InvalidCreditorReference(`"${ref.slice(0, 30)}" cannot be made a creditor reference: 1-21 letters or digits`, 'reference', { problem: 'format' });
  const check = 98 - mod97(digitsOf(`${ref}RF00`));
  return `RF${String(check).padStart(2, '0')}${ref}`;
}

/** The first valid structured creditor reference in a text (remittance information), if any. */
export function findCreditorReference(text: string): string | undefined {
  for (const m of String(text ?? '').toUpperCase().matchAll(/RF\s?\d{2}(?:\s?[A-Z0-9]){1,21}/g)) {
    // The longest reading first: a reference followed by other words shortens until it checks.
    const compact = m[0].replace(/\s+/g, '');
    for (let end = compact.length; end >= 5; end--) if (checks(compact.slice(0, end))) return compact.slice(0, end);
  }
  return undefined;
}
