/**
 * The two sides of a reconciliation: what the bank shows (statement entries) and what the books
 * expect (ledger lines, our own outcomes). Amounts are signed from the account's view: a credit to the
 * account is positive, a debit negative, on both sides.
 */
import type { Money } from '../banking/index.js';

/** References a line carries; any one of them shared by the two sides is a match (rule 1). */
export interface LineReferences {
  endToEndId?: string;
  mandateReference?: string;
  /** Structured creditor reference (ISO 11649), checked: one that fails its check digits is not one. */
  creditorReference?: string;
  /** Our own reference (a payment's, a collection file's message id). */
  ourReference?: string;
  /** Free remittance text; a valid RF reference in it counts as the creditor reference. */
  text?: string;
}

/** Where a line came from, for the person looking at a break: "camt053-2027-01-05.xml entry 14", "ledger.xlsx row 12". */
export interface LineSource {
  file: string;
  /** Row, entry or line number in it. */
  at?: number;
  /** Where in it, in the format's terms, when a number does not say: "Stmt[1]/Ntry[3]", ":61:", "page 2". */
  where?: string;
}

export interface BankLine {
  id: string;
  amount: Money;
  /** Value date, ISO. */
  date: string;
  counterparty?: string;
  references: LineReferences;
  source?: LineSource;
}

export interface LedgerLine {
  id: string;
  amount: Money;
  /** The date the books expect it at the bank, ISO. */
  date: string;
  counterparty?: string;
  references: LineReferences;
  /** Lines the bank books as one (a direct-debit file, a salary run): their batch's reference. */
  batch?: string;
  source?: LineSource;
}
