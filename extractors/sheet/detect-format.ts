/**
 * Format by content, never by file extension:
 * zip (PK\x03\x04) → xlsx; OLE compound file (D0 CF 11 E0) → encrypted XLSX or legacy .xls (error);
 * text → csv; anything else → error.
 */
import { SheetFileError } from './errors.js';
import { OLE_MAGIC, ZIP_MAGIC, type FileInspection } from './inspect-file.js';

export type SheetFormat = 'xlsx' | 'csv';

const KNOWN_BINARIES: { magic: number[]; name: string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46], name: 'a PDF document' },
  { magic: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { magic: [0x1f, 0x8b], name: 'a gzip archive' },
  { magic: [0x52, 0x61, 0x72, 0x21], name: 'a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], name: 'a 7-Zip archive' },
];

const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function detectFormat(insp: FileInspection): SheetFormat {
  const { head, path } = insp;
  if (insp.size === 0) {
    throw new SheetFileError({
      file: path,
      code: 'empty',
      reason: 'the file is empty (0 bytes)',
      whatNext: 'Ask the sender for the file again; the upload or export produced an empty file.',
    });
  }
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) {
    if (insp.zipComplete === false) {
      throw new SheetFileError({
        file: path,
        code: 'corrupt-xlsx',
        reason: 'the Excel file is truncated or damaged (its zip directory is missing)',
        whatNext: 'Ask the sender to save and send the workbook again; the copy received is incomplete.',
      });
    }
    return 'xlsx';
  }
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x05 && head[3] === 0x06) {
    throw new SheetFileError({
      file: path,
      code: 'not-a-spreadsheet',
      reason: 'the file is an empty zip archive, not an Excel workbook',
      whatNext: 'Ask the sender for the Excel (.xlsx) or CSV file itself.',
    });
  }
  if (head.subarray(0, 8).equals(OLE_MAGIC)) {
    const ole = insp.ole ?? { encrypted: false, legacyXls: false };
    const what = ole.encrypted
      ? 'the Excel file is password-protected (encrypted): it is an OLE compound file (D0 CF 11 E0) holding an encrypted package'
      : ole.legacyXls
        ? 'the file is a legacy Excel 97-2003 workbook (.xls, OLE compound file D0 CF 11 E0), which is not supported'
        : 'the file is an OLE compound file (D0 CF 11 E0): a password-protected (encrypted) XLSX or a legacy .xls';
    throw new SheetFileError({
      file: path,
      code: 'encrypted-or-legacy',
      reason: what,
      whatNext: ole.legacyXls && !ole.encrypted
        ? 'Ask the sender to save the workbook as .xlsx (Excel Workbook) or CSV.'
        : 'Ask the sender to remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and send an unprotected .xlsx or a CSV.',
      details: { encrypted: ole.encrypted, legacyXls: ole.legacyXls },
    });
  }
  for (const b of KNOWN_BINARIES) {
    if (b.magic.every((byte, i) => head[i] === byte)) {
      throw new SheetFileError({
        file: path,
        code: 'not-a-spreadsheet',
        reason: `the file is ${b.name}, not an Excel workbook or CSV`,
        whatNext: 'Ask the sender for the instruction file as .xlsx or CSV.',
      });
    }
  }
  if (UTF16_BOMS.some((bom) => head.subarray(0, 2).equals(bom))) return 'csv';
  if (looksBinary(head)) {
    throw new SheetFileError({
      file: path,
      code: 'not-a-spreadsheet',
      reason: 'the file is binary data, neither an Excel workbook (.xlsx) nor CSV text',
      whatNext: 'Check that the right file was sent; ask the sender for the .xlsx or CSV export.',
    });
  }
  const body = head.subarray(0, 3).equals(UTF8_BOM) ? head.subarray(3) : head;
  if (insp.size <= head.length && body.toString('latin1').trim() === '') {
    throw new SheetFileError({
      file: path,
      code: 'empty',
      reason: 'the file contains no data (only blanks or a byte-order mark)',
      whatNext: 'Ask the sender for the file again; the export produced an empty file.',
    });
  }
  return 'csv';
}

/** NUL bytes, or more than 1% control characters other than tab, CR, LF, FF. */
function looksBinary(head: Buffer): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) || byte === 0x7f) control++;
  }
  return control > Math.max(1, head.length * 0.01);
}
