/**
 * A statement's entries as the matching engine's bank side: each entry a bank line with its value
 * date (else its booking date), its signed amount, the other party's name and the references it
 * carries (end-to-end id, mandate, the owner's reference, the remittance text where an RF reference
 * may be), and where it came from (file; its line, else the entry's number; the format's own place). Ids are the file's and the entry's
 * position, so the same statement gives the same lines.
 */
import path from 'node:path';
import type { EntryReport, Statement, StatementEntry } from '../../extractors/statement/index.js';
import type { BankLine } from '../../reconciliation/index.js';

export function bankLineOf(entry: StatementEntry, id: string, position?: number): BankLine {
  const r = entry.references;
  const date = entry.valueDate ?? entry.bookingDate;
  if (!date) throw new Error(`statement entry ${id} has neither a value date nor a booking date`);
  return {
    id,
    amount: entry.amount,
    date,
    ...(entry.counterparty?.name?.trim() ? { counterparty: entry.counterparty.name.trim() } : {}),
    references: {
      ...(r.endToEndId ? { endToEndId: r.endToEndId } : {}),
      ...(r.mandateId ? { mandateReference: r.mandateId } : {}),
      // Ours: the owner's reference, else a batch booking's message or payment-information id (a direct-debit file credited as one).
      ...(r.customerReference || r.messageId || r.paymentInformationId ? { ourReference: (r.customerReference || r.messageId || r.paymentInformationId)! } : {}),
      ...(entry.remittance ? { text: entry.remittance } : {}),
    },
    source: {
      file: path.basename(entry.provenance.file),
      ...(entry.provenance.line ? { at: entry.provenance.line } : position ? { at: position } : {}),
      ...(entry.provenance.source ? { where: `${entry.provenance.page ? `page ${entry.provenance.page} ` : ''}${entry.provenance.source}` } : {}),
    },
  };
}

/** Every entry of a statement, or of a notification (camt.054, MT942), as a bank line (`<file>#<statement>.<entry>`). */
export function bankLinesOf(statement: Pick<Statement | EntryReport, 'entries'>, index = 1): BankLine[] {
  return statement.entries.map((e, i) => bankLineOf(e, `${path.basename(e.provenance.file)}#${index}.${i + 1}`, i + 1));
}
