/**
 * extractors/formats — bank file readers: MT940/MT942, camt.052/053/054 (001.02–001.08),
 * pain.002 (001.03–001.12) and pain.008 (001.xx, the German 002.02 and 003.02), to the shared
 * statement shape (`extractors/statement`) with provenance.
 *
 *   const r = await readMt940(path);     // { kind: 'mt940', statements } | { kind: 'mt942', reports }
 *   const c = await readCamt(path);      // { kind: 'camt.053', statements } | { kind: 'camt.054' | 'camt.052', reports }
 *   const p = await readPain002(path);   // { groupStatus, reasons, payments: [{ status, transactions }] }
 *   const d = await readPain008(path);   // { messageId, blocks: [{ scheme, sequenceType, collections }], warnings }
 *   const any = await readBankFile(path); // detects the format, then one of the above
 *
 * Statements are checked (opening + entries = closing) and refused with `StatementOutOfBalance`.
 * Files are read with a size limit (`maxBytes`, default 50 MB) before they are read into memory.
 */
import { NotABankFile } from './errors.js';
import { detectFormat } from './detect-format.js';
import { checkedCamt, parseCamtUnchecked, type CamtResult } from './camt/read.js';
import { checkedMt940, parseMt940Unchecked, type Mt940Result } from './mt940/read.js';
import { parsePain002Source, type Pain002Report } from './pain002/read.js';
import { parsePain008Source, type Pain008Message } from './pain008/read.js';
import { fromInput, loadFile, type ParseOptions, type ReadOptions, type SourceBytes } from './source.js';

export { readMt940, parseMt940, parseMt940Unchecked, type Mt940Result, type Mt940Unchecked, type Mt942Info } from './mt940/read.js';
export { readCamt, parseCamt, parseCamtUnchecked, CAMT_VERSIONS, type CamtResult } from './camt/read.js';
export {
  readPain002,
  parsePain002,
  effectiveStatus,
  PAIN002_VERSIONS,
  type Pain002Report,
  type PaymentStatus,
  type TransactionStatus,
  type StatusReason,
} from './pain002/read.js';
export { parsePain008, parsePain008Source, readPain008, type Pain008Block, type Pain008Collection, type Pain008Message } from './pain008/read.js';
export { detectFormat, type BankFormat, type DetectedFormat } from './detect-format.js';
export { DEFAULT_MAX_BYTES, fromInput, type ParseOptions, type ReadOptions } from './source.js';
export {
  BankFileError,
  BankFileMalformed,
  EntryTotalsMismatch,
  NotABankFile,
  UnsafeXml,
  UnsupportedMessageVersion,
  type BankFileProblem,
} from './errors.js';
export { DocumentTooLarge, DocumentUnreadable } from '../input/index.js';
export { StatementOutOfBalance, StatementCurrencyMismatch } from '../statement/index.js';

export type BankFileResult = Mt940Result | CamtResult | { kind: 'pain.002'; report: Pain002Report } | { kind: 'pain.008'; message: Pain008Message };

/** Any of the bank files, told apart by content (not by name); statements checked. */
export async function readBankFile(path: string, options: ReadOptions = {}): Promise<BankFileResult> {
  return parseBankSource(await loadFile(path, options, 'bank file'));
}

/** The same from bytes already read (a download, a file read and hashed by the caller): `file` names it in provenance. */
export function parseBankFile(input: string | Buffer | Uint8Array, options: ParseOptions = {}): BankFileResult {
  return parseBankSource(fromInput(input, options));
}

function parseBankSource(src: SourceBytes): BankFileResult {
  const detected = detectFormat(src.bytes);
  if (!detected) {
    if (src.bytes.length === 0) throw new NotABankFile({ file: src.file, problem: 'empty', reason: 'the file is empty' });
    throw new NotABankFile({ file: src.file, problem: 'not-this-format', reason: 'the file is neither MT940/MT942 nor a camt.052/053/054, pain.002 or pain.008 message' });
  }
  switch (detected.format) {
    case 'mt940':
    case 'mt942':
      return checkedMt940(parseMt940Unchecked(src));
    case 'pain.002':
      return { kind: 'pain.002', report: parsePain002Source(src) };
    case 'pain.008':
      return { kind: 'pain.008', message: parsePain008Source(src) };
    default:
      return checkedCamt(parseCamtUnchecked(src));
  }
}
