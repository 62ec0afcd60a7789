/**
 * A workbook whose zip holds the workbook part after the sheets (writers order parts as they finish
 * them): read like any other, not refused as damaged. Found by the suite: exceljs's own writer did
 * it under load, and the reader then failed on the sheet before it knew the workbook's sheet list.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { readSheetAll } from '../../../extractors/sheet/index.js';
import { paymentsSpec, tempDir, writeXlsx } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('xlsx part order', () => {
  it('reads the rows when the sheets come before the workbook part, shared strings first', async () => {
    const file = tmp.file('ordered.xlsx');
    await writeXlsx(file, [
      ['Reference', 'Beneficiary', 'IBAN', 'Amount', 'Execution date', 'Currency'],
      ['INV-1', 'Acme GmbH', 'DE89370400440532013000', 1234.56, '04.03.2025', 'EUR'],
      ['INV-2', 'Beta BV', 'NL91ABNA0417164300', 10, '05.03.2025', 'EUR'],
    ]);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    const rank = (n: string) => (n === 'xl/sharedStrings.xml' ? 0 : n === 'xl/_rels/workbook.xml.rels' ? 1 : n.startsWith('xl/worksheets/') ? 2 : n === 'xl/workbook.xml' ? 3 : 4);
    const reordered = new JSZip();
    for (const n of [...names].sort((a, b) => rank(a) - rank(b))) reordered.file(n, await zip.file(n)!.async('nodebuffer'));
    const moved = tmp.file('workbook-last.xlsx');
    writeFileSync(moved, await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(Object.keys((await JSZip.loadAsync(readFileSync(moved))).files).indexOf('xl/workbook.xml')).toBeGreaterThan(Object.keys((await JSZip.loadAsync(readFileSync(moved))).files).indexOf('xl/worksheets/sheet1.xml'));

    const result = await readSheetAll(moved, paymentsSpec);
    expect(result.rows.filter((r) => r.ok).map((r) => (r.ok ? r.record.fields.reference : ''))).toEqual(['INV-1', 'INV-2']);
  });
});
