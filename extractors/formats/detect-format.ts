/**
 * Which bank format a file is, from its first 64 KB: ISO 20022 XML by its namespace (else by its
 * message element), SWIFT MT by its tags (`:60F:` statement → MT940, `:34F:`/`:13D:` → MT942).
 * Cheap and forgiving: it decides which reader to call; the reader decides whether the file is good.
 */
import iconv from 'iconv-lite';
import { bomOf, looksBinary } from './text.js';

export type BankFormat = 'mt940' | 'mt942' | 'camt.052' | 'camt.053' | 'camt.054' | 'pain.002' | 'pain.008';

export interface DetectedFormat {
  format: BankFormat;
  /** The ISO 20022 message version (`8` for camt.053.001.08), when the namespace gives it. */
  version?: number;
}

const HEAD = 65_536;
const ISO_NS = /urn:iso:std:iso:20022:tech:xsd:(camt\.05[234]|pain\.002)\.001\.(\d\d)/;
const ROOTS: [RegExp, BankFormat][] = [
  [/<(?:\w+:)?BkToCstmrStmt[\s/>]/, 'camt.053'],
  [/<(?:\w+:)?BkToCstmrDbtCdtNtfctn[\s/>]/, 'camt.054'],
  [/<(?:\w+:)?BkToCstmrAcctRpt[\s/>]/, 'camt.052'],
  [/<(?:\w+:)?CstmrPmtStsRpt[\s/>]/, 'pain.002'],
  [/<(?:\w+:)?CstmrDrctDbtInitn[\s/>]/, 'pain.008'],
];

export function detectFormat(bytes: Uint8Array): DetectedFormat | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEAD));
  const bom = bomOf(head);
  if (!bom && looksBinary(head)) return null;
  const text = bom && bom.encoding !== 'utf-8' ? iconv.decode(head.subarray(bom.length), bom.encoding) : head.toString('latin1');
  if (/^(\uFEFF|\xEF\xBB\xBF)?\s*</.test(text)) {
    const ns = ISO_NS.exec(text);
    if (ns) return { format: ns[1] as BankFormat, version: Number(ns[2]) };
    for (const [re, format] of ROOTS) if (re.test(text)) return { format };
    return null;
  }
  if (!/(^|[\n}])(:20:)/.test(text)) return null;
  if (/(^|\n):6[02][FM]?:/.test(text)) return { format: 'mt940' };
  if (/(^|\n):(34F|13D|90[DC]):/.test(text)) return { format: 'mt942' };
  return /(^|\n):61:/.test(text) ? { format: 'mt940' } : null;
}
