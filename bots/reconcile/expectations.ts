/**
 * The lines our own outcomes put on the books' side (ExpectedBook), one definition each: a payment
 * entered debits its account; a submitted collection file credits the creditor's account with its
 * collections as one batch; a returned collection is debited back.
 */
import { Money } from '../../banking/index.js';
import type { LedgerLine } from '../../reconciliation/index.js';

export function paymentDebit(p: { reference: string; amount: Money; executionDate: string; beneficiaryName: string; file?: string; row?: number }): LedgerLine {
  return {
    id: `payment:${p.reference}`,
    amount: p.amount.negate(),
    date: p.executionDate,
    counterparty: p.beneficiaryName,
    references: { endToEndId: p.reference },
    source: { file: p.file ?? 'payment-entry', ...(p.row !== undefined ? { at: p.row } : {}) },
  };
}

export function collectionCredit(c: { endToEndId: string; umr: string; amount: string; collectionDate: string; debtorName: string }, messageId: string, file: string): LedgerLine {
  return {
    id: `collection:${c.endToEndId}`,
    amount: Money.of(c.amount, 'EUR'),
    date: c.collectionDate,
    counterparty: c.debtorName,
    references: { endToEndId: c.endToEndId, mandateReference: c.umr },
    batch: messageId,
    source: { file },
  };
}

export const collectionCreditId = (endToEndId: string) => `collection:${endToEndId}`;

export function collectionReturnDebit(c: { endToEndId: string; amount: string; debtorName?: string }, day: string, file: string): LedgerLine {
  return {
    id: `return:${c.endToEndId}`,
    amount: Money.of(c.amount, 'EUR').negate(),
    date: day,
    ...(c.debtorName ? { counterparty: c.debtorName } : {}),
    references: { endToEndId: c.endToEndId },
    source: { file },
  };
}
