/**
 * Errors of the OCR reader. Wrong input (not an image, a damaged image) is a `BusinessRuleError`:
 * retrying the same bytes fails the same way. A page that ran out of time or a worker that died is
 * a system error (`RpaError`), which the queue retries.
 */
import { BusinessRuleError, RpaError } from '../../banking/index.js';

/** The bytes are not a PNG, JPEG, TIFF or PDF (by their first bytes, whatever the file is called). */
export class NotAnImage extends BusinessRuleError {
  override readonly whatNext =
    'Check that the right file was sent: scans are read as PNG, JPEG, TIFF or PDF. Ask the sender for the scan again in one of these formats.';
}

/** An image whose structure is broken: truncated in transfer, or corrupt. */
export class ImageDamaged extends BusinessRuleError {
  override readonly whatNext =
    'The image file is incomplete or corrupt (often a cut-off upload or e-mail attachment): ask the sender to scan or send it again.';
}

/** One page took longer than `ocr.pageTimeoutMs`; its worker was replaced. */
export class OcrTimeout extends RpaError {
  readonly whatNext =
    'Retry the item. If the same page times out again, check the scan (very large or noisy pages are slow) or raise ocr.pageTimeoutMs.';
}

/** A tesseract worker could not start, died, or failed on a page for a reason that is not the image's. */
export class OcrEngineFailed extends RpaError {
  readonly whatNext = 'Retry the item; if it keeps failing, check the worker\'s memory and the tesseract.js installation (npm ci).';
}

/** The pool was closed while the page waited or before it was given. */
export class OcrPoolClosed extends RpaError {
  readonly whatNext = 'The OCR pool was shut down (the worker is stopping); the item will be run again by another worker.';
}
