import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { fromExcelValue, type CellValue } from '../../../extractors/sheet/cells.js';
import type { RawRow } from '../../../extractors/sheet/row-source.js';
import { openXlsx } from '../../../extractors/sheet/xlsx-reader.js';
import { sheetXmlRows, SheetXmlError, type SheetXmlContext } from '../../../extractors/sheet/xlsx-sheet-rows.js';
import { tempDir, writeXlsxParts } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** The rows as exceljs's own WorksheetReader gives them, reduced as the reader did before. */
async function exceljsRows(file: string): Promise<RawRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const rows: RawRow[] = [];
  for await (const ws of reader) {
    for await (const row of ws) {
      const values = row.values as ExcelJS.CellValue[];
      const cells: CellValue[] = [];
      for (let i = 1; i < values.length; i++) cells[i - 1] = fromExcelValue(values[i]);
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      rows.push({ number: row.number, cells });
    }
    break;
  }
  return rows;
}

async function ourRows(file: string): Promise<RawRow[]> {
  const source = await openXlsx(file, undefined);
  const rows: RawRow[] = [];
  for await (const r of source.rows) rows.push(r);
  return rows;
}

async function scan(xml: string, chunkSize: number, ctx: Partial<SheetXmlContext> = {}): Promise<RawRow[]> {
  const bytes = Buffer.from(xml, 'utf8');
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const rows: RawRow[] = [];
  for await (const batch of sheetXmlRows(chunks(), { sharedString: (i) => ['zero', 'one'][i], numFmt: () => null, date1904: false, ...ctx })) rows.push(...batch);
  return rows;
}

const sheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;

describe('worksheet rows: the same values as exceljs', () => {
  it('every kind of cell a workbook holds', async () => {
    const file = tmp.file('kinds.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Kinds');
    ws.addRow(['text', 'A & B <c> "q" \'s\'', 'Zeile 1\nZeile 2', 'Müller ß €', '', ' padded ']);
    ws.addRow([1234.56, -0.5, 1e21, 0.1 + 0.2, 42, true, false]);
    ws.addRow([new Date(Date.UTC(2025, 2, 4)), new Date(Date.UTC(2025, 2, 4, 13, 30)), 45720, 45720]);
    ws.getRow(3).getCell(3).numFmt = 'dd.mm.yyyy';
    ws.getRow(3).getCell(4).numFmt = '"d"0.00'; // a literal d in quotes: not a date
    ws.addRow([{ formula: '1+1', result: 2 }, { formula: 'A1&"x"', result: 'textx' }, { formula: 'B2' }, { formula: '1-1', result: 0 }, { formula: 'NA()', result: { error: '#N/A' } }]);
    ws.addRow([{ richText: [{ text: 'rich ', font: { bold: true } }, { text: 'text' }] }, { text: 'link', hyperlink: 'https://example.com' }, { error: '#DIV/0!' }]);
    ws.addRow([]);
    const styled = ws.getRow(7);
    styled.numFmt = 'yyyy-mm-dd';
    styled.getCell(2).value = 45720; // the row's date format applies
    styled.getCell(4).value = 'x';
    styled.commit();
    ws.getRow(9).getCell(30).value = 'far right'; // column AD
    await wb.xlsx.writeFile(file);

    const ours = await ourRows(file);
    const theirs = await exceljsRows(file);
    // Where exceljs loses a formula's result (it keeps only truthy ones): 0 and the error #N/A (NaN to it) become empty cells.
    expect(theirs[3]?.cells.slice(3)).toEqual([null, null]);
    theirs[3]!.cells.splice(3, 2, 0, { error: '#N/A' });
    expect(ours).toEqual(theirs);
    expect(ours.find((r) => r.number === 3)?.cells[2]).toEqual(new Date(Date.UTC(2025, 2, 4)));
    expect(ours.find((r) => r.number === 9)?.cells[29]).toBe('far right');
  });

  it('a streamed workbook (worksheet before the shared strings, spooled by exceljs)', async () => {
    const file = tmp.file('streamed.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('Payments');
    for (let i = 0; i < 300; i++) {
      const row = ws.addRow([`R${i}`, i % 2 ? `${i},50` : i + 0.5, new Date(Date.UTC(2025, 0, 1 + i)), i % 3 ? null : 'EUR']);
      row.getCell(3).numFmt = 'dd.mm.yyyy';
      row.commit();
    }
    ws.commit();
    await wb.commit();
    const ours = await ourRows(file);
    expect(ours).toHaveLength(300);
    expect(ours).toEqual(await exceljsRows(file));
  });

  it('a workbook with the shared strings before the sheet (read straight from the zip, not spooled)', async () => {
    const file = tmp.file('ordered.xlsx');
    writeXlsxParts(file, {
      sharedStrings: ['Ref', 'Amount', 'Date', 'A & B', 'Müller'],
      numFmts: '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts>',
      cellXfs: '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>',
      sheetData:
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>12.5</v></c><c r="C2" s="1"><v>45720</v></c></row>' +
        '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"><v>7</v></c><c r="C3" s="2"><v>45721</v></c><c r="D3" t="s"><v>9</v></c></row>',
    });
    const ours = await ourRows(file);
    expect(ours).toEqual(await exceljsRows(file));
    expect(ours.map((r) => r.cells)).toEqual([
      ['Ref', 'Amount', 'Date'],
      ['A & B', 12.5, new Date(Date.UTC(2025, 2, 4))],
      ['Müller', 7, new Date(Date.UTC(2025, 2, 5))],
    ]);
  });
});

describe('worksheet rows: the XML scanner', () => {
  const xml = sheet(
    '<row r="2" spans="1:3"><c r="A2" t="s"><v>1</v></c><c r="C2" t="inlineStr"><is><r><t>rich </t></r><r><t xml:space="preserve">inline</t></r><rPh><t>ignored</t></rPh></is></c></row>' +
      '<row><c t="str"><v>Gr&#252;&#xDF;e &amp;amp; <![CDATA[<raw>]]></v></c><c><v>7</v></c></row>' +
      '<!-- a comment --><x:row r="9" xmlns:x="urn:x"><x:c r="B9"><x:v>3.5</x:v></x:c></x:row>' +
      '<row r="10"><c r="A10" t="b"><v>1</v></c><c r="B10" t="e"><v>#REF!</v></c><c r="C10"/><c r="D10" t="s"><v>99</v></c></row>',
  );
  const expected: RawRow[] = [
    { number: 2, cells: ['one', null, 'rich inline'] },
    { number: 3, cells: ['Grüße & <raw>', 7] },
    { number: 9, cells: [null, 3.5] },
    { number: 10, cells: [true, { error: '#REF!' }] },
  ];

  it('reads inline rich text, references, CDATA, prefixed names and rows without r, in any chunking', async () => {
    for (const size of [1, 3, 17, 64, 100_000]) expect(await scan(xml, size)).toEqual(expected);
  });

  it('keeps a UTF-8 character split across chunks whole', async () => {
    const rows = await scan(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Straße €</t></is></c></row>'), 1);
    expect(rows[0]?.cells).toEqual(['Straße €']);
  });

  it('a date format on the cell, else on the row; 1904 date system', async () => {
    const numFmt = (id: number) => (id === 1 ? 'dd.mm.yyyy' : id === 2 ? '0.00' : null);
    const rows = await scan(sheet('<row r="1" s="1"><c r="A1"><v>45720</v></c><c r="B1" s="2"><v>45720</v></c><c r="C1" s="5"><v>45720</v></c></row>'), 64, { numFmt, date1904: true });
    const d1904 = new Date(Date.UTC(2029, 2, 5));
    expect(rows[0]?.cells).toEqual([d1904, 45720, d1904]); // s="5" does not exist: the row's format
  });

  it.each([
    ['a closing tag that does not match', sheet('<row r="1"><c r="A1"><v>1</c></row>'), /<\/c> closes <v>/],
    ['a document cut short', sheet('<row r="1"><c r="A1"><v>1</v></c></row>').slice(0, -30), /ends inside/],
    ['a broken tag', sheet('<row r="1"><c r=A1><v>1</v></c></row>'), /malformed <c> tag/],
    ['not a tag', sheet('<row r="1"><1c/></row>'), /is not a tag/],
    ['a DTD', '<!DOCTYPE worksheet [<!ENTITY x "y">]><worksheet/>', /DTD/],
  ])('rejects %s', async (_what, bad, message) => {
    const err = await scan(bad, 16).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetXmlError);
    expect((err as Error).message).toMatch(message);
  });
});
