/**
 * Errors of the PDF statement reader. Each says what is wrong with the file and what to do next;
 * all are `BusinessRuleError`s (the document is the problem: reading it again unchanged fails the
 * same way), so the queue opens an exception instead of retrying.
 */
import { BusinessRuleError, RpaError } from '../../banking/index.js';

/** The bytes are not a PDF at all (no `%PDF-` header): garbage, an HTML error page, another format. */
export class NotAPdf extends BusinessRuleError {
  override readonly whatNext =
    'Check that the right file was delivered: it is not a PDF (open it to see what it is); ask the sender for the statement as PDF.';
}

/** A PDF that is cut off or damaged: no end marker, a broken cross-reference table, unreadable pages. */
export class PdfDamaged extends BusinessRuleError {
  override readonly whatNext =
    'The file is incomplete or corrupt (often an interrupted download or transfer): fetch or request it again, then dispatch it again.';
}

/** A PDF protected by a password: its text cannot be read without it. */
export class PdfEncrypted extends BusinessRuleError {
  override readonly whatNext =
    'The PDF is password-protected: ask the sender for an unprotected copy, or pass the password to the reader (option `password`).';
}

/** Pages without a text layer (scans, images) and no OCR given to read them. */
export class PdfNeedsOcr extends BusinessRuleError {
  override readonly whatNext =
    'These pages are images without text: enable OCR for PDF statements (pass the `ocr` option, e.g. the extractors/ocr reader) and dispatch the file again.';
}

/** No template's identifying keywords (or table header) were found: the bank's layout is not known. */
export class PdfLayoutUnknown extends BusinessRuleError {
  override readonly whatNext =
    'This bank\'s statement layout has no template yet: add one (see extractors/pdf/README.md), or check that the file is an account statement.';
}

/** The layout was recognised, but a value the template needs is missing or does not parse. */
export class PdfStatementUnreadable extends BusinessRuleError {
  override readonly whatNext =
    'Compare the named page and line with the template (column names, date and amount format, balance labels); fix the template, or have the statement checked by hand.';
}

/** A template that is not valid (a programming or configuration error, not the document's fault). */
export class PdfTemplateInvalid extends RpaError {
  readonly whatNext = 'Fix the template file named in the message (see extractors/pdf/README.md for the fields).';
}
