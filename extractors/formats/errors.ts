/**
 * Errors of the bank format readers. Every one names the file (its message starts with the path),
 * says what is wrong in words a back-office user understands, and what to do next (`whatNext`).
 * All are `BusinessRuleError`s: the file is wrong, reading it again unchanged fails the same way.
 *
 * - {@link NotABankFile}: not the format asked for (binary garbage, a PDF, an empty file...).
 * - {@link BankFileMalformed}: the right format, but damaged: truncated, a broken field, a required
 *   element missing, undecodable text.
 * - {@link UnsupportedMessageVersion}: an ISO 20022 namespace we do not read.
 * - {@link UnsafeXml}: a DOCTYPE with entities or an external DTD (XML bombs, external entities).
 * - {@link EntryTotalsMismatch}: MT942 `:90D:`/`:90C:` totals that the entries do not add up to.
 *
 * Size and file-system problems are `DocumentTooLarge` / `DocumentUnreadable` from
 * `extractors/input/read-bounded.ts`. A statement that does not add up is `StatementOutOfBalance`.
 */
import { BusinessRuleError } from '../../banking/index.js';

export type BankFileProblem =
  | 'not-this-format'
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'truncated'
  | 'syntax'
  | 'missing-element'
  | 'bad-value'
  | 'unsupported-version'
  | 'unsafe-xml'
  | 'totals-mismatch';

export interface BankFileErrorArgs {
  file: string;
  problem: BankFileProblem;
  /** What is wrong, one sentence. */
  reason: string;
  /** Where in the file: `line 12` or an XML path. */
  where?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export abstract class BankFileError extends BusinessRuleError {
  readonly file: string;
  readonly problem: BankFileProblem;
  readonly reason: string;
  readonly where: string | undefined;
  constructor(args: BankFileErrorArgs) {
    super(
      `${args.file}: ${args.reason}${args.where ? ` (${args.where})` : ''}`,
      { file: args.file, problem: args.problem, ...(args.where ? { where: args.where } : {}), ...args.details },
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.file = args.file;
    this.problem = args.problem;
    this.reason = args.reason;
    this.where = args.where;
  }
}

/** Not a file of the format asked for. */
export class NotABankFile extends BankFileError {
  override readonly whatNext =
    'Check that this is the file the bank sent (MT940/MT942, camt.052/053/054 or pain.002) and not another document; ask the sender for the right file.';
}

/** The right format, but damaged or incomplete. */
export class BankFileMalformed extends BankFileError {
  override readonly whatNext =
    'The file is damaged or incomplete (cut-off download, edited by hand, a faulty export): ask the bank or sender to send it again. Do not correct a bank file by hand.';
}

/** An ISO 20022 message version (namespace) that the readers do not know. */
export class UnsupportedMessageVersion extends BankFileError {
  override readonly whatNext =
    'Ask the bank to send a version we read (camt.052/053/054.001.02 to .08, pain.002.001.03 to .12), or add the version to extractors/formats.';
}

/** XML that declares entities or an external DTD: refused before parsing. */
export class UnsafeXml extends BankFileError {
  override readonly whatNext =
    'Bank messages never declare a DOCTYPE with entities; the file is refused for safety. Ask the sender for the plain ISO 20022 message and report the file to security if it was not expected.';
}

/** MT942 totals (`:90D:` / `:90C:`) that the entries do not add up to. */
export class EntryTotalsMismatch extends BankFileError {
  override readonly whatNext =
    'The report is incomplete or misread (an entry is missing or an amount is wrong): ask the bank to send it again; it is not booked or reconciled as it is.';
}
