/**
 * A settled direct-debit file on the creditor's account (when the bank holds it): the collections that
 * were not rejected credited as one batch entry, its message id on the statement, and each return
 * debited after, with the collection's end-to-end id and the debtor's name.
 */
import { bookOn } from './bookings.js';
import type { CollectionFile } from './collection-files.js';
import { centsOfDecimal } from './format.js';
import type { Account } from './seed.js';

export function creditCreditor(creditor: Account, file: CollectionFile, today: string): void {
  if (!file.outcomes) return;
  const byId = new Map(file.collections.map((c) => [c.endToEndId, c]));
  const collected = file.outcomes.filter((o) => o.status !== 'rejected');
  const sum = collected.reduce((n, o) => n + centsOfDecimal(byId.get(o.endToEndId)!.amount), 0);
  if (sum) bookOn(creditor, today, { description: `SEPA DIRECT DEBIT COLLECTION ${file.messageId} (${collected.length} ITEMS)`, amount: sum, batch: file.messageId });
  for (const o of file.outcomes.filter((x) => x.status === 'returned')) {
    const c = byId.get(o.endToEndId)!;
    bookOn(creditor, today, { description: `SEPA DIRECT DEBIT RETURN ${o.reason ?? ''} ${o.endToEndId}`, amount: -centsOfDecimal(c.amount), endToEndId: o.endToEndId, counterparty: c.debtorName });
  }
}
