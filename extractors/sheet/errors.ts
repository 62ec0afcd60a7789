/**
 * Errors of the sheet reader.
 *
 * - {@link SheetFileError}: the file as a whole cannot be read (not a spreadsheet, corrupt, encrypted,
 *   empty, required columns missing...). One class for all of them; `code` tells them apart for code,
 *   `reason` and `whatNext` are for people.
 * - {@link SheetSpecError}: the column mapping given by the caller is wrong (a programming error).
 *
 * A bad row is not an error class: it is a `RowResult` with `ok: false` (see types.ts), so one bad
 * row never stops the others.
 */
import { RpaError, type ErrorKind } from '../../banking/index.js';

export type SheetFileErrorCode =
  | 'unreadable' // the file system refused (missing file, permissions)
  | 'empty' // zero bytes, or no non-blank row
  | 'not-a-spreadsheet' // binary content that is neither XLSX nor CSV text
  | 'encrypted-or-legacy' // OLE compound file: password-protected XLSX or legacy .xls
  | 'corrupt-xlsx' // zip truncated or damaged, or the workbook XML cannot be parsed
  | 'no-worksheet' // a zip, but without worksheets
  | 'sheet-not-found' // the declared sheet is not in the workbook
  | 'header-not-found' // no row in the first N rows looks like the header
  | 'missing-required-columns' // a header row, but required columns are missing
  | 'ambiguous-columns' // two columns of the header match the same field
  | 'encoding-mismatch' // declared encoding does not fit the bytes
  | 'encoding-mixed' // part UTF-8, part another encoding
  | 'corrupt-csv' // csv-parse could not read the text
  | 'too-large' // a part of the workbook (a sheet, its shared strings) is larger uncompressed than allowed
  | 'too-many-rows'; // more data rows than allowed in one file

export class SheetFileError extends RpaError {
  static override readonly kind: ErrorKind = 'business';
  override readonly name = 'SheetFileError';
  readonly file: string;
  readonly code: SheetFileErrorCode;
  /** What is wrong, in one sentence a back-office user understands. */
  readonly reason: string;
  /** What to do about it. */
  readonly whatNext: string;
  /** Machine-readable detail (e.g. the missing fields). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(args: {
    file: string;
    code: SheetFileErrorCode;
    reason: string;
    whatNext: string;
    details?: Record<string, unknown>;
    cause?: unknown;
  }) {
    super(`${args.file}: ${args.reason}`, args.cause === undefined ? undefined : { cause: args.cause });
    this.file = args.file;
    this.code = args.code;
    this.reason = args.reason;
    this.whatNext = args.whatNext;
    this.details = args.details ?? {};
  }
}

export class SheetSpecError extends RpaError {
  override readonly name = 'SheetSpecError';
  readonly whatNext = 'Fix the sheet spec (column mapping) in the code or configuration that calls the reader.';
  constructor(message: string) {
    super(`invalid sheet spec: ${message}`);
  }
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
