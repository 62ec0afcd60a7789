/**
 * One shape for every statement a reader returns (MT940, camt.053, PDF, OCR): account, currency,
 * opening and closing balance, and entries, each with signed `Money` and its provenance.
 * Readers build these, then pass them through `checkedStatement` (opening + entries = closing).
 */
import type { Money } from '../../banking/index.js';

/** Where a value came from. */
export interface SourceRef {
  /** Path of the file as given to the reader, and the sha256 of its bytes (hex) when known. */
  file: string;
  sha256?: string;
  /** 1-based page (PDF, OCR). */
  page?: number;
  /** 1-based line in the file (MT940) or in the page's text (PDF). */
  line?: number;
  /**
   * The box or tag the value came from: an MT940 tag (":61:"), an XML path
   * ("Stmt[1]/Ntry[3]"), a PDF column ("Debit"), an OCR field label.
   */
  source: string;
  /** Position on the page in PDF points or image pixels, when the source has positions. */
  box?: { x: number; y: number; width: number; height: number };
  /**
   * Values read otherwise than the source wrote them, as written, by what they are: a booking date of
   * 30 February (`{ ":61: value date": "960230" }`) read as the last day of February.
   */
  asWritten?: Record<string, string>;
}

/** Something a person should know about a statement that was still read: shown with it, never silent. */
export interface StatementFlag {
  code: 'historic-currency' | 'date-adjusted';
  message: string;
}

/** `screen`: built from a bank's transaction history screens (no file offered). */
export type StatementFormat = 'mt940' | 'mt942' | 'camt.052' | 'camt.053' | 'camt.054' | 'pdf' | 'ocr' | 'screen';

/** A local calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

export interface StatementAccount {
  /** IBAN when the source gives one. */
  iban?: string;
  /** The account as the source identifies it (IBAN, or a local number such as `NL81ASNB9999999999`, `123456789`). */
  id: string;
  bic?: string;
  name?: string;
  owner?: string;
}

export interface Balance {
  /** Signed: negative for a debit balance. */
  amount: Money;
  date: IsoDate | null;
  /** The source's balance type: `OPBD`, `CLBD`, `CLAV`, `ITBD`, `60F`, `62M`, `64`... */
  type: string;
  provenance: SourceRef;
}

export interface Counterparty {
  name?: string;
  iban?: string;
  /** A non-IBAN account id. */
  account?: string;
  bic?: string;
}

export interface EntryReferences {
  endToEndId?: string;
  /** The bank's (account servicer's) reference for the entry. */
  bankReference?: string;
  /** The account owner's reference (MT940 `:61:` customer reference, camt `InstrId`). */
  customerReference?: string;
  mandateId?: string;
  paymentInformationId?: string;
  messageId?: string;
}

export interface StatementEntry {
  bookingDate: IsoDate | null;
  valueDate: IsoDate | null;
  /** Signed: a debit is negative, a credit positive. */
  amount: Money;
  /** True for a reversal (MT940 `RC`/`RD`, camt `RvslInd`); the sign of `amount` is still the booking's. */
  reversal?: boolean;
  references: EntryReferences;
  /** The other party: the debtor of a credit, the creditor of a debit. */
  counterparty?: Counterparty;
  /** Remittance and description text, joined with spaces; '' when there is none. */
  remittance: string;
  /** Bank transaction code: MT940 `NTRF`, camt `PMNT/ICDT/ESCT`, or the bank's own. */
  transactionCode?: string;
  /** Values that do not fit a field above, by their source name (e.g. MT940 `:86:` subfields). */
  extra?: Record<string, string>;
  provenance: SourceRef;
}

export interface Statement {
  format: StatementFormat;
  /** The statement's id from the source (MT940 `:20:`, camt `Stmt/Id`), or one the reader made. */
  id: string;
  /** Sequence / statement number (MT940 `:28C:`, camt `ElctrncSeqNb`). */
  sequence?: string;
  account: StatementAccount;
  currency: string;
  opening: Balance;
  closing: Balance;
  /** Every other balance the source gives (available, forward available, interim...). */
  otherBalances: Balance[];
  entries: StatementEntry[];
  /** What was read other than usual (a withdrawn currency, an impossible date read as another). */
  flags?: StatementFlag[];
  /** Where the statement itself starts in the file. */
  provenance: SourceRef;
}

/**
 * Entries without a balance to check: a camt.054 notification, an MT942 interim report.
 * Same entry shape as a statement.
 */
export interface EntryReport {
  format: StatementFormat;
  id: string;
  sequence?: string;
  account: StatementAccount;
  currency: string;
  /** Balances the source gives, if any (MT942 has none; camt.054 none). */
  balances: Balance[];
  entries: StatementEntry[];
  /** What was read other than usual (see Statement.flags). */
  flags?: StatementFlag[];
  provenance: SourceRef;
}
