/** Test files written on the fly into a temp dir (no binary fixtures in the repo). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
