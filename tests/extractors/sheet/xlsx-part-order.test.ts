/**
 * A workbook whose zip holds the workbook part after the sheets (writers order parts as they finish
 * them): read like any other, not refused as damaged. Found by the suite: exceljs's own writer did
 * it under load, and the reader then failed on the sheet before it knew the workbook's sheet list.
 * And when exceljs's streaming pass never meets the workbook part (exceljs issue #3064: on Node 18 and
 * later it does not reliably deliver a zip's final entry), the sheet list read first from the central
 * directory still names the sheets: the file is read, not refused as damaged.
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

  it('reads the rows when the streaming pass never meets the workbook part (it lies past the central directory)', async () => {
    const file = tmp.file('hidden.xlsx');
    await writeXlsx(file, [
      ['Reference', 'Beneficiary', 'IBAN', 'Amount', 'Execution date', 'Currency'],
      ['INV-7', 'Acme GmbH', 'DE89370400440532013000', 99.5, '04.03.2025', 'EUR'],
    ]);
    // The workbook part last, then moved past the central directory: a streaming reader stops at the directory and never sees it.
    const zip = await JSZip.loadAsync(readFileSync(file));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    const last = new JSZip();
    for (const n of [...names.filter((n) => n !== 'xl/workbook.xml'), 'xl/workbook.xml']) last.file(n, await zip.file(n)!.async('nodebuffer'));
    const bytes = await last.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const eocdAt = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cdSize = bytes.readUInt32LE(eocdAt + 12);
    const cdOffset = bytes.readUInt32LE(eocdAt + 16);
    const cd = Buffer.from(bytes.subarray(cdOffset, cdOffset + cdSize));
    const eocd = Buffer.from(bytes.subarray(eocdAt));
    let at = 0;
    let localAt = -1;
    while (at < cd.length) {
      const nameLength = cd.readUInt16LE(at + 28);
      if (cd.toString('utf8', at + 46, at + 46 + nameLength) === 'xl/workbook.xml') {
        localAt = cd.readUInt32LE(at + 42);
        cd.writeUInt32LE(localAt + cd.length + eocd.length, at + 42);
      }
      at += 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    }
    expect(localAt).toBeGreaterThan(0);
    eocd.writeUInt32LE(localAt, 16);
    const hidden = tmp.file('workbook-hidden.xlsx');
    writeFileSync(hidden, Buffer.concat([bytes.subarray(0, localAt), cd, eocd, bytes.subarray(localAt, cdOffset)]));

    const result = await readSheetAll(hidden, paymentsSpec);
    expect(result.rows.filter((r) => r.ok).map((r) => (r.ok ? r.record.fields.reference : ''))).toEqual(['INV-7']);
  });
});
