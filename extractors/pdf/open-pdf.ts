/**
 * Opening a PDF safely: the size is bounded before anything is read, the bytes must look like a
 * whole PDF (a `%PDF-` header, an `%%EOF` end marker), and pdf.js's own failures become our errors
 * (encrypted, damaged). Used by the statement reader and by `renderPdfPages`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentInitParameters, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { readBounded } from '../input/index.js';
import { NotAPdf, PdfDamaged, PdfEncrypted } from './errors.js';

/** 50 MiB: a statement of thousands of pages is still far below it. */
export const DEFAULT_MAX_PDF_BYTES = 50 * 2 ** 20;

export interface OpenPdfOptions {
  /** Refuse files larger than this, before reading them (default 50 MiB). */
  maxBytes?: number;
  /** Password of an encrypted PDF. */
  password?: string;
}

export interface PdfBytes {
  file: string;
  bytes: Buffer;
  sha256: string;
}

/** Where the header may start (the spec allows leading bytes; readers accept up to 1 KiB) and the end marker's window. */
const HEADER_WINDOW = 1024;
const TRAILER_WINDOW = 2048;

/**
 * Reads the file within `maxBytes` (`DocumentTooLarge` / `DocumentUnreadable` from readBounded)
 * and checks that it is a PDF (`NotAPdf`) that is not cut off (`PdfDamaged`).
 */
export async function readPdfBytes(file: string, options: OpenPdfOptions = {}): Promise<PdfBytes> {
  const { bytes, sha256 } = await readBounded(file, options.maxBytes ?? DEFAULT_MAX_PDF_BYTES, 'PDF');
  checkPdfBytes(bytes, file);
  return { file, bytes, sha256 };
}

export function checkPdfBytes(bytes: Buffer, file: string): void {
  if (bytes.length === 0) throw new NotAPdf(`${file} is empty (0 bytes), not a PDF`, { file });
  if (bytes.subarray(0, HEADER_WINDOW).indexOf('%PDF-') < 0) {
    throw new NotAPdf(`${file} is not a PDF: it does not start with the "%PDF-" header (it begins with ${describeStart(bytes)})`, {
      file,
      bytes: bytes.length,
    });
  }
  if (bytes.subarray(Math.max(0, bytes.length - TRAILER_WINDOW)).indexOf('%%EOF') < 0) {
    throw new PdfDamaged(`${file} is cut off: the PDF has no "%%EOF" end marker at its end (${bytes.length} bytes), so part of it is missing`, {
      file,
      bytes: bytes.length,
    });
  }
}

function describeStart(bytes: Buffer): string {
  const head = bytes.subarray(0, 16);
  const printable = [...head].every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  return printable ? JSON.stringify(head.toString('latin1')) : `bytes ${head.subarray(0, 8).toString('hex')}`;
}

const require = createRequire(import.meta.url);
/** pdf.js's own standard-font data (needed to draw the 14 standard fonts when rendering). */
const STANDARD_FONTS = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

/** pdf.js settings for reading statements: no eval, no system or web fonts, stop at broken content. */
export function pdfjsParams(bytes: Buffer, options: OpenPdfOptions & { forRendering?: boolean } = {}): DocumentInitParameters {
  return {
    // A copy: pdf.js may transfer (detach) the buffer it is given.
    data: new Uint8Array(bytes),
    password: options.password,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    ...(options.forRendering ? { standardFontDataUrl: STANDARD_FONTS } : {}),
  };
}

/** Opens checked bytes with pdf.js; its password and structure errors become ours. */
export async function openPdfDocument(pdf: PdfBytes, options: OpenPdfOptions = {}): Promise<PDFDocumentProxy> {
  const task = pdfjs.getDocument(pdfjsParams(pdf.bytes, options));
  try {
    return await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw pdfError(e, pdf.file, options);
  }
}

/**
 * pdf.js (or pdf-parse) error → `PdfEncrypted` or `PdfDamaged`; anything else as it is.
 * Matched by name, as pdf-parse re-wraps pdf.js's errors in classes of the same names.
 */
export function pdfError(e: unknown, file: string, options: OpenPdfOptions = {}, where = ''): unknown {
  if (!(e instanceof Error)) return e;
  const at = where ? ` (${where})` : '';
  switch (e.name) {
    case 'PasswordException':
      return new PdfEncrypted(
        options.password === undefined
          ? `${file} is an encrypted PDF: it needs a password to be read${at}`
          : `${file} is an encrypted PDF and the password given does not open it${at}`,
        { file, passwordGiven: options.password !== undefined },
        { cause: e },
      );
    case 'InvalidPDFException':
    case 'FormatError':
    case 'UnknownErrorException':
    case 'XRefParseException':
    case 'MissingDataException':
      return new PdfDamaged(`${file} is a damaged PDF${at}: ${e.message}`, { file, reason: e.message }, { cause: e });
    default:
      return e;
  }
}
