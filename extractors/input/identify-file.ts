/**
 * What kind of file this is, from its first 64 KB, in words a person understands: a run that does
 * not take it says so ("this file is a camt.053 bank statement (ISO 20022 XML)"), and no reader is
 * started on a file meant for another. Cheap and forgiving: the reader decides whether it is good.
 */
import { open } from 'node:fs/promises';
// The two leaf files of formats/ it needs (formats/index.js reads files through input/: importing it here would make a cycle).
import { detectFormat, type BankFormat } from '../formats/detect-format.js';
import { bomOf, looksBinary } from '../formats/text.js';
import { DocumentUnreadable } from './read-bounded.js';

export type FileKind =
  /** An Excel workbook (or a legacy or encrypted one, which the sheet reader explains). */
  | 'spreadsheet'
  /** Text that is no bank format: CSV, or any other text. */
  | 'text'
  | 'bank-file'
  | 'pdf'
  | 'image'
  /** XML that is no bank format we read. */
  | 'xml'
  /** A zip archive that is no workbook. */
  | 'archive'
  | 'binary'
  | 'empty';

export interface IdentifiedFile {
  kind: FileKind;
  /** The bank format, for a bank file. */
  format?: BankFormat;
  /** For people: "a camt.053 bank statement (ISO 20022 XML)". */
  label: string;
}

const HEAD = 65_536;

const BANK_LABELS: Record<BankFormat, string> = {
  mt940: 'an MT940 bank statement (SWIFT)',
  mt942: 'an MT942 interim transaction report (SWIFT)',
  'camt.053': 'a camt.053 bank statement (ISO 20022 XML)',
  'camt.052': 'a camt.052 account report (ISO 20022 XML)',
  'camt.054': 'a camt.054 debit/credit notification (ISO 20022 XML)',
  'pain.002': 'a pain.002 payment status report (ISO 20022 XML)',
  'pain.008': 'a pain.008 direct-debit collection file (ISO 20022 XML)',
};

const MAGIC: { bytes: number[]; kind: FileKind; label: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'pdf', label: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'image', label: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'image', label: 'a JPEG image' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], kind: 'image', label: 'a TIFF image' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], kind: 'image', label: 'a TIFF image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'image', label: 'a GIF image' },
  { bytes: [0x42, 0x4d], kind: 'image', label: 'a BMP image' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], kind: 'spreadsheet', label: 'a legacy or password-protected Office file (OLE)' },
  { bytes: [0x1f, 0x8b], kind: 'archive', label: 'a gzip archive' },
];

const starts = (head: Buffer, bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/** Identifies a file from its head. Throws DocumentUnreadable only when it cannot be read at all (missing, a directory). */
export async function identifyFile(path: string): Promise<IdentifiedFile> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(HEAD);
      const { bytesRead } = await handle.read(buf, 0, HEAD, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new DocumentUnreadable(`file ${path} cannot be read: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  return identifyBytes(head);
}

/** The same, from a file's first bytes. */
export function identifyBytes(head: Buffer): IdentifiedFile {
  if (head.length === 0) return { kind: 'empty', label: 'an empty file (0 bytes)' };
  if (starts(head, [0x50, 0x4b, 0x03, 0x04]) || starts(head, [0x50, 0x4b, 0x05, 0x06])) {
    // A workbook's zip names its parts (xl/workbook.xml, [Content_Types].xml) in its first entries.
    return head.includes('xl/') || head.includes('[Content_Types].xml')
      ? { kind: 'spreadsheet', label: 'an Excel workbook (.xlsx)' }
      : { kind: 'archive', label: 'a zip archive' };
  }
  for (const m of MAGIC) if (starts(head, m.bytes)) return { kind: m.kind, label: m.label };
  const bank = detectFormat(head);
  if (bank) return { kind: 'bank-file', format: bank.format, label: BANK_LABELS[bank.format] };
  if (!bomOf(head) && looksBinary(head)) return { kind: 'binary', label: 'binary data' };
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (text.startsWith('<')) return { kind: 'xml', label: 'an XML document that is no bank format we read' };
  return { kind: 'text', label: 'a text file (CSV)' };
}
