/**
 * The bank's direct-debit rules from the configuration (`directDebits`), as banking/ takes them: the
 * limits a collection is checked against, how its collection date is judged, the creditor's account
 * and pre-notification period.
 */
import { Money, sameCreditor, parseCreditorId, type CollectionDatePolicy, type CollectionPolicy } from '../../banking/index.js';
import type { Config } from '../../config/schema.js';

export function collectionPolicy(config: Config): CollectionPolicy {
  const d = config.directDebits;
  return {
    ...(d.maxAmountPerDebtor ? { maxAmountPerDebtor: Money.of(d.maxAmountPerDebtor, 'EUR', 'directDebits.maxAmountPerDebtor') } : {}),
    firstAgainAfterDebtorBankChange: d.firstAgainAfterDebtorBankChange,
  };
}

export function collectionDatePolicy(config: Config, now: Date): CollectionDatePolicy {
  const d = config.directDebits;
  return { now, timeZone: config.banking.timeZone, cutOff: d.cutOff, leadDays: d.leadDays, onLate: d.onLateCollectionDate, holidays: config.banking.holidays };
}

/** The configured creditor of an identifier (the same creditor under any business code), or undefined. */
export function configuredCreditor(config: Config, creditorId: string): (Config['directDebits']['creditors'][number] & { preNotificationDays: number }) | undefined {
  const wanted = parseCreditorId(creditorId, 'creditorId');
  const found = config.directDebits.creditors.find((c) => sameCreditor(parseCreditorId(c.id, 'directDebits.creditors.id'), wanted));
  return found && { ...found, preNotificationDays: found.preNotificationDays ?? config.directDebits.preNotificationDays };
}
