/**
 * "Is this text an IBAN?" for text found in bank files (an account field, a `:86:` subfield, a
 * `:61:` supplementary detail). `banking/iban.ts` validates fully (country format, check digits),
 * at a cost that shows on 100,000 entries; bank files repeat the same few accounts, so answers
 * are kept (up to 10,000 distinct texts, then the cache starts over).
 */
import { isIban } from '../../banking/index.js';

const SHAPE = /^[A-Z]{2}\d\d[A-Z0-9]{10,30}$/;
const known = new Map<string, boolean>();

/** The IBAN in electronic form when `text` (spaces allowed, any case) is a valid IBAN, else undefined. */
export function asIban(text: string): string | undefined {
  const compact = text.replace(/\s/g, '').toUpperCase();
  if (!SHAPE.test(compact)) return undefined;
  let valid = known.get(compact);
  if (valid === undefined) {
    if (known.size >= 10_000) known.clear();
    valid = isIban(compact);
    known.set(compact, valid);
  }
  return valid ? compact : undefined;
}
