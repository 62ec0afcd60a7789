import { MandateRuleBroken } from './errors.js';
import { addMonths, compareDates, type LocalDate } from './local-date.js';
import type { Mandate, MandateStatus } from './mandate.js';

/**
 * A mandate's life: what status it has on a day, whether a collection may use it, and what a
 * collection changes in it.
 *
 * Expiry (SEPA rulebooks): a mandate on which no collection has been presented for 36 months
 * expires; the 36 months run from the last collection presented (even one rejected, returned or
 * refunded), or from the date of signature when it was never used.
 */
export const EXPIRY_MONTHS = 36;

/** The day the mandate expires if nothing is collected before: 36 months after its last use. */
export function expiresOn(mandate: Pick<Mandate, 'lastCollectionOn' | 'signedOn'>): LocalDate {
  return addMonths(mandate.lastCollectionOn ?? mandate.signedOn, EXPIRY_MONTHS);
}

/** The status on `day`: an active mandate unused for 36 months is expired; others keep theirs. */
export function mandateStatusOn(mandate: Mandate, day: LocalDate): MandateStatus {
  if (mandate.status !== 'active') return mandate.status;
  return compareDates(day, expiresOn(mandate)) >= 0 ? 'expired' : 'active';
}

/**
 * Refuses a collection on `day` that the mandate does not allow: not active (suspended, cancelled,
 * expired), a one-off mandate already used, a B2B mandate its debtor's bank has not confirmed.
 */
export function assertCollectable(mandate: Mandate, day: LocalDate): void {
  const status = mandateStatusOn(mandate, day);
  const facts = { umr: mandate.umr, status, day };
  if (status === 'expired') {
    throw new MandateRuleBroken(`mandate ${mandate.umr} expired on ${expiresOn(mandate)} (no collection for ${EXPIRY_MONTHS} months)`, 'umr', 'expired', { ...facts, expiredOn: expiresOn(mandate) });
  }
  if (status !== 'active') throw new MandateRuleBroken(`mandate ${mandate.umr} is ${status}`, 'umr', status, facts);
  if (mandate.type === 'one-off' && mandate.collections > 0) {
    throw new MandateRuleBroken(`mandate ${mandate.umr} is one-off and was used on ${mandate.lastCollectionOn ?? 'an earlier day'}`, 'umr', 'one-off-used', facts);
  }
  if (mandate.scheme === 'B2B' && !mandate.b2bConfirmedByDebtorBank) {
    throw new MandateRuleBroken(`B2B mandate ${mandate.umr} is not confirmed by the debtor's bank`, 'b2bConfirmedByDebtorBank', 'b2b-unconfirmed', facts);
  }
}

/** The mandate after a collection presented on `day` (checked first): one more use, last used that day. */
export function recordCollection(mandate: Mandate, day: LocalDate): Mandate {
  assertCollectable(mandate, day);
  const last = mandate.lastCollectionOn && compareDates(mandate.lastCollectionOn, day) > 0 ? mandate.lastCollectionOn : day;
  return { ...mandate, collections: mandate.collections + 1, lastCollectionOn: last };
}
