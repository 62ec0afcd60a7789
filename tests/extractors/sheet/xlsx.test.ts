import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readSheet, readSheetAll, SheetFileError, type RowResult } from '../../../extractors/sheet/index.js';
import { paymentsSpec, serial1900, tempDir, writeXlsx, type XlsxCell } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const header = ['Ref', 'Beneficiary', 'BENEFICIARY-IBAN', 'Betrag', 'Ausfuhrungsdatum', 'Currency', 'Notes'];
function paymentRows(total: XlsxCell): XlsxCell[][] {
  return [
    ['Payment run March 2025'], // 1 title
    ['Prepared by: Operations', null, null, 'Page 1'], // 2 title
    [], // 3 blank
    header, // 4
    ['INV-1', 'Müller GmbH', 'DE89370400440532013000', 1234.56, new Date(Date.UTC(2025, 2, 4)), 'EUR', 'Date cell'], // 5
    ['INV-2', 'Acme SA', 'FR1420041010050500013M02606', '1.000,50', serial1900(2025, 3, 3), 'EUR', 'text amount, serial date'], // 6
    [], // 7 blank
    ['INV-3', 'Beta BV', 'NL91ABNA0417164300', { formula: '0.1+0.2', result: 0.1 + 0.2 }, '05.03.2025', 'EUR', 'float artefact, text date'], // 8
    ['INV-4', 'Gamma AG', 'DE02120300000000202051', 100, '2025-03-05', 'EUR', 'wrong date format'], // 9
    ['INV-5', null, 'DE02500105170137075030', 50, '06.03.2025', 'EUR', 'no beneficiary'], // 10
    ['INV-6', 'Delta', 'AT611904300234573201', 0.5, '07.03.2025', null, null], // 11
    [], // 12
    ['Total', null, null, total], // 13
    ['Approved by: J. Doe'], // 14
  ];
}
// 1234.56 + 1000.50 + 0.3 + 100 + 50 + 0.5
const SUM = '2385.86';

describe('xlsx: header after title rows, aliases, blank rows, dates, amounts, totals', async () => {
  const file = tmp.file('payments.xlsx');
  await writeXlsx(file, paymentRows(2385.86), { extraSheets: [] });
  const result = await readSheetAll(file, paymentsSpec);
  const byRow = new Map(result.rows.map((r) => [r.ok ? r.record.provenance.row : r.error.row, r]));
  const rec = (row: number) => {
    const r = byRow.get(row);
    if (!r?.ok) throw new Error(`row ${row} is not a record: ${JSON.stringify(r)}`);
    return r.record;
  };

  it('finds the header after the title rows and maps aliases', () => {
    expect(result.format).toBe('xlsx');
    expect(result.sheet).toBe('Payments');
    expect(result.dateSystem).toBe('1900');
    expect(result.header.row).toBe(4);
    expect(result.header.columns).toEqual([
      { field: 'reference', header: 'Ref', column: 'A' },
      { field: 'beneficiaryName', header: 'Beneficiary', column: 'B' },
      { field: 'beneficiaryIban', header: 'BENEFICIARY-IBAN', column: 'C' },
      { field: 'amount', header: 'Betrag', column: 'D' },
      { field: 'executionDate', header: 'Ausfuhrungsdatum', column: 'E' },
      { field: 'currency', header: 'Currency', column: 'F' },
    ]);
    expect(result.header.unmappedHeaders).toEqual(['Notes']);
  });

  it('skips blank rows and reads every data row', () => {
    expect(result.counts).toEqual({ dataRows: 6, records: 4, rowErrors: 2, blankRows: 2, trailingRows: 1 });
    expect([...byRow.keys()]).toEqual([5, 6, 8, 9, 10, 11]);
  });

  it('reads dates from Date cells, serials and declared text', () => {
    expect(rec(5).fields.executionDate).toBe('2025-03-04');
    expect(rec(6).fields.executionDate).toBe('2025-03-03');
    expect(rec(8).fields.executionDate).toBe('2025-03-05');
  });

  it('reads amounts from numbers and keeps text amounts as text', () => {
    expect(rec(5).fields.amount).toEqual({ raw: 1234.56, text: '1234.56', source: 'number' });
    expect(rec(6).fields.amount).toEqual({ raw: '1.000,50', text: '1.000,50', source: 'text' });
    const artefact = rec(8);
    expect(artefact.fields.amount).toMatchObject({ text: '0.3', exact: '0.30000000000000004', source: 'number' });
    expect(artefact.warnings).toHaveLength(1);
    expect(artefact.warnings[0]).toMatchObject({ column: 'Betrag', field: 'amount' });
    expect(rec(11).fields.currency).toBeNull();
  });

  it('bad rows give row errors naming row and column; the other rows still come through', () => {
    const bad9 = byRow.get(9);
    expect(bad9?.ok).toBe(false);
    if (bad9 && !bad9.ok) {
      expect(bad9.error).toMatchObject({ row: 9, column: 'Ausfuhrungsdatum', field: 'executionDate' });
      expect(bad9.error.message).toMatch(/^Row 9, column "Ausfuhrungsdatum": "2025-03-05" does not match the declared date format dd\.MM\.yyyy/);
      expect(bad9.error.provenance.cells['Ref']).toBe('INV-4');
    }
    const bad10 = byRow.get(10);
    expect(bad10?.ok).toBe(false);
    if (bad10 && !bad10.ok) {
      expect(bad10.error).toMatchObject({ row: 10, column: 'Beneficiary', message: 'Row 10, column "Beneficiary": required value is empty' });
    }
    expect(byRow.get(11)?.ok).toBe(true);
  });

  it('keeps provenance: path, sha256, sheet, row and raw cells by header text', () => {
    const p = rec(5).provenance;
    expect(p.file).toEqual({ path: file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') });
    expect(p.sheet).toBe('Payments');
    expect(p.row).toBe(5);
    expect(p.cells['Betrag']).toBe(1234.56);
    expect(p.cells['Ref']).toBe('INV-1');
    expect(p.cells['Ausfuhrungsdatum']).toEqual(new Date(Date.UTC(2025, 2, 4)));
    expect(p.cells['Notes']).toBe('Date cell');
    expect(rec(5).confidence).toBe(1);
    expect(result.file.sha256).toBe(p.file.sha256);
  });

  it('recognises the totals row and checks it with exact decimals', () => {
    expect(result.totals).toMatchObject({ row: 13, rule: 'label', column: 'Betrag', stated: SUM, computed: SUM, status: 'match', rowsSummed: 6 });
    expect(result.trailingRows).toEqual([14]);
    expect(result.findings.map((f) => f.code)).toEqual(['trailing-rows']);
  });
});

describe('xlsx: more cases', () => {
  it('reports a totals mismatch with both figures (not thrown)', async () => {
    const file = tmp.file('mismatch.xlsx');
    await writeXlsx(file, paymentRows(2400));
    const r = await readSheetAll(file, paymentsSpec);
    expect(r.totals).toMatchObject({ status: 'mismatch', stated: '2400', computed: SUM, difference: '14.14' });
    const finding = r.findings.find((f) => f.code === 'totals-mismatch');
    expect(finding?.message).toContain('2400');
    expect(finding?.message).toContain(SUM);
    expect(r.counts.records).toBe(4);
  });

  it('reads serials in a 1904-date-system workbook', async () => {
    const file = tmp.file('mac.xlsx');
    await writeXlsx(
      file,
      [
        ['Ref', 'Beneficiary', 'IBAN', 'Amount', 'Execution date'],
        ['A', 'x', 'DE1', 1, 0],
        ['B', 'y', 'DE2', 2, serial1900(2025, 3, 4) - 1462],
        ['C', 'z', 'DE3', 3, new Date(Date.UTC(2025, 2, 4))],
      ],
      { date1904: true },
    );
    const r = await readSheetAll(file, paymentsSpec);
    expect(r.dateSystem).toBe('1904');
    expect(r.rows.map((x) => (x.ok ? x.record.fields.executionDate : x.error.message))).toEqual(['1904-01-01', '2025-03-04', '2025-03-04']);
  });

  it('selects a sheet by name or position, and names the sheets when it is missing', async () => {
    const file = tmp.file('sheets.xlsx');
    await writeXlsx(file, [['Ref', 'Beneficiary', 'IBAN', 'Amount'], ['A', 'x', 'DE1', 1]], { sheet: 'Data', extraSheets: ['Cover'] });
    const byName = await readSheetAll(file, { ...paymentsSpec, sheet: 'data' });
    expect(byName.sheet).toBe('Data');
    expect(byName.rows).toHaveLength(1);
    const byIndex = await readSheetAll(file, { ...paymentsSpec, sheet: 2 });
    expect(byIndex.sheet).toBe('Data');
    const err = await readSheetAll(file, { ...paymentsSpec, sheet: 'Payments' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetFileError);
    expect((err as SheetFileError).code).toBe('sheet-not-found');
    expect((err as SheetFileError).reason).toContain('"Cover", "Data"');
    // default: the first sheet, which has no header here
    const first = await readSheetAll(file, paymentsSpec).catch((e: unknown) => e);
    expect((first as SheetFileError).code).toBe('header-not-found');
  });

  it('a keyless last row with an amount is the totals row', async () => {
    const file = tmp.file('keyless.xlsx');
    await writeXlsx(file, [
      ['Ref', 'Beneficiary', 'IBAN', 'Amount'],
      ['A', 'x', 'DE1', 10.1],
      ['B', 'y', 'DE2', 20.2],
      [],
      [null, null, null, 30.3],
    ]);
    const r = await readSheetAll(file, paymentsSpec);
    expect(r.rows).toHaveLength(2);
    expect(r.totals).toMatchObject({ row: 5, rule: 'keyless-last-row', stated: '30.3', computed: '30.3', status: 'match' });
  });

  it('a keyless row that is not last is an ordinary (bad) data row', async () => {
    const file = tmp.file('keyless-mid.xlsx');
    await writeXlsx(file, [['Ref', 'Beneficiary', 'IBAN', 'Amount'], [null, null, null, 5], ['B', 'y', 'DE2', 20.2]]);
    const r = await readSheetAll(file, paymentsSpec);
    expect(r.totals).toBeUndefined();
    expect(r.rows.map((x) => x.ok)).toEqual([false, true]);
  });

  it('two columns for one field is a file error', async () => {
    const file = tmp.file('dup.xlsx');
    await writeXlsx(file, [['Ref', 'Beneficiary', 'IBAN', 'Amount', 'Betrag'], ['A', 'x', 'DE1', 1, 2]]);
    const err = await readSheetAll(file, paymentsSpec).catch((e: unknown) => e);
    expect((err as SheetFileError).code).toBe('ambiguous-columns');
    expect((err as SheetFileError).message).toMatch(/column D "Amount" and column E "Betrag"/);
  });

  it('a long number in a text column (digits lost by Excel) is a row error', async () => {
    const file = tmp.file('longnum.xlsx');
    await writeXlsx(file, [['Ref', 'Beneficiary', 'Account number', 'Amount'], [12345, 'x', 1234567890123456789, 1]]);
    const r = await readSheetAll(file, paymentsSpec);
    const row = r.rows[0]!;
    expect(row.ok).toBe(false);
    if (!row.ok) expect(row.error).toMatchObject({ row: 2, column: 'Account number' });
  });

  it('streams 20,000 rows quickly', async () => {
    const file = tmp.file('big.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('Payments');
    ws.addRow(['Bulk payments']).commit();
    ws.addRow(['Ref', 'Beneficiary', 'IBAN', 'Amount', 'Execution date']).commit();
    for (let i = 1; i <= 20_000; i++) {
      ws.addRow([`R${i}`, `Name ${i}`, 'DE89370400440532013000', i + 0.25, new Date(Date.UTC(2025, 0, 1 + (i % 300)))]).commit();
    }
    ws.addRow(['Total', null, null, (20_000 * 20_001) / 2 + 20_000 * 0.25]).commit();
    ws.commit();
    await wb.commit();

    const started = Date.now();
    const reader = readSheet(file, paymentsSpec);
    let records = 0;
    let last: RowResult | undefined;
    for await (const r of reader) {
      if (r.ok) records++;
      last = r;
    }
    const summary = await reader.summary;
    const elapsed = Date.now() - started;
    expect(records).toBe(20_000);
    expect(last?.ok && last.record.provenance.row).toBe(20_002);
    expect(summary.totals?.status).toBe('match');
    expect(elapsed).toBeLessThan(10_000);
  });
});
