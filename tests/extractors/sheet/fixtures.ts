/** Test files written on the fly into a temp dir (no binary fixtures in the repo). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { defineSheetSpec } from '../../../extractors/sheet/index.js';

export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sheet-test-'));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type XlsxCell = ExcelJS.CellValue;

/** Write rows (row 1 first; `[]` is a blank row) to one worksheet. */
export async function writeXlsx(
  file: string,
  rows: XlsxCell[][],
  opts: { sheet?: string; date1904?: boolean; extraSheets?: string[]; dateColumns?: number[] } = {},
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  for (const name of opts.extraSheets ?? []) wb.addWorksheet(name).addRow(['other sheet']);
  const ws = wb.addWorksheet(opts.sheet ?? 'Payments');
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 1);
    r.forEach((v, j) => {
      if (v !== undefined && v !== null) row.getCell(j + 1).value = v;
    });
    row.commit();
  });
  for (const c of opts.dateColumns ?? []) ws.getColumn(c).numFmt = 'dd.mm.yyyy';
  await wb.xlsx.writeFile(file);
}

export function writeCsv(file: string, text: string, encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' = 'utf-8'): void {
  if (encoding === 'windows-1252') writeFileSync(file, iconv.encode(text, 'windows-1252'));
  else writeFileSync(file, (encoding === 'utf-8-bom' ? '\uFEFF' : '') + text, 'utf8');
}

/** The mapping used across the tests. */
export const paymentsSpec = defineSheetSpec({
  columns: {
    reference: { aliases: ['Reference', 'Ref', 'Verwendungszweck'], required: true },
    beneficiaryName: { aliases: ['Beneficiary', 'Beneficiary name', 'Empfänger'], required: true },
    beneficiaryIban: { aliases: ['IBAN', 'Beneficiary IBAN', 'Account number'], required: true },
    amount: { aliases: ['Amount', 'Betrag'], required: true, type: 'amount' },
    executionDate: { aliases: ['Execution date', 'Ausführungsdatum'], type: 'date', format: 'dd.MM.yyyy' },
    currency: { aliases: ['Currency', 'Währung'] },
  },
  totals: { decimalSeparator: ',' },
});

/** Serial number of a date in Excel's 1900 system (for dates after 1 March 1900). */
export function serial1900(y: number, m: number, d: number): number {
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** A zip archive with the entries in the order given (deflated), as other writers than exceljs order an XLSX's parts. */
export function writeZip(file: string, entries: [name: string, content: string][]): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...locals, directory, end]));
}

/** A minimal workbook of one sheet "Data", parts in the order other writers use: workbook, styles and shared strings before the sheet. */
export function writeXlsxParts(file: string, parts: { sharedStrings: string[]; sheetData: string; numFmts?: string; cellXfs?: string }): void {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  writeZip(file, [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    [
      'xl/styles.xml',
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${ns}">${parts.numFmts ?? ''}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>${parts.cellXfs ?? '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'}</styleSheet>`,
    ],
    ['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}" count="${parts.sharedStrings.length}">${parts.sharedStrings.map((t) => `<si><t>${esc(t)}</t></si>`).join('')}</sst>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}"><sheetData>${parts.sheetData}</sheetData></worksheet>`],
  ]);
}
