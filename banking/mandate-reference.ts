import { InvalidMandateReference } from './errors.js';
import { SEPA_MAX_LENGTH, isSepaText } from './sepa-charset.js';

/**
 * The unique mandate reference (UMR, `MndtId` in pain.008): 1–35 characters of the SEPA set, given
 * by the creditor, unique per creditor, compared case-sensitively ("abc1" and "ABC1" are two
 * mandates). Like every SEPA identifier it may not start or end with "/" nor contain "//".
 * Surrounding spaces are dropped (a person typing leaves them); inner ones are kept.
 */
export function parseMandateReference(text: string, field = 'umr'): string {
  const fail = (why: string, problem: string): never => {
    throw new InvalidMandateReference(`mandate reference "${typeof text === 'string' ? text.slice(0, 40) : ''}" is not valid: ${why}`, field, { problem });
  };
  if (typeof text !== 'string' || text.trim() === '') return fail('none given', 'missing');
  const umr = text.trim();
  if (umr.length > SEPA_MAX_LENGTH.reference) return fail(`it has ${umr.length} characters (at most ${SEPA_MAX_LENGTH.reference})`, 'length');
  if (!isSepaText(umr)) {
    const bad = [...umr].find((c) => !isSepaText(c));
    return fail(`it contains "${bad}", which SEPA does not allow (a-z A-Z 0-9 / - ? : ( ) . , ' + and space)`, 'characters');
  }
  if (umr.startsWith('/') || umr.endsWith('/')) return fail('it starts or ends with "/"', 'slash');
  if (umr.includes('//')) return fail('it contains "//"', 'slash');
  return umr;
}
