import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readSheetAll, SheetFileError, type RowResult } from '../../../extractors/sheet/index.js';
import { paymentsSpec, tempDir, writeCsv } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const fields = (rows: RowResult<typeof paymentsSpec>[]) => rows.map((r) => (r.ok ? r.record.fields : r.error.message));

describe('csv', () => {
  it('comma-separated UTF-8 with quoted fields', async () => {
    const file = tmp.file('comma.csv');
    writeCsv(
      file,
      'Reference,Beneficiary name,IBAN,Amount,Execution date\r\nR1,"Smith, John",DE89370400440532013000,12.50,04.03.2025\r\nR2,"Line\nbreak",DE02120300000000202051,7,05.03.2025\r\n',
    );
    const r = await readSheetAll(file, paymentsSpec);
    expect(r).toMatchObject({ format: 'csv', sheet: 'csv', encoding: 'utf-8', encodingSource: 'detected', delimiter: ',', delimiterSource: 'detected' });
    expect(fields(r.rows)).toEqual([
      { reference: 'R1', beneficiaryName: 'Smith, John', beneficiaryIban: 'DE89370400440532013000', amount: { raw: '12.50', text: '12.50', source: 'text' }, executionDate: '2025-03-04', currency: null },
      { reference: 'R2', beneficiaryName: 'Line\nbreak', beneficiaryIban: 'DE02120300000000202051', amount: { raw: '7', text: '7', source: 'text' }, executionDate: '2025-03-05', currency: null },
    ]);
    // a quoted field spanning two lines is one row, as in Excel
    expect(r.rows.map((x) => (x.ok ? x.record.provenance.row : 0))).toEqual([2, 3]);
  });

  it('semicolon, Windows-1252 (Müller, €), title rows and a Summe row', async () => {
    const file = tmp.file('cp1252.csv');
    const text = [
      'Zahlungsauftrag März 2025',
      '',
      'Verwendungszweck;Empfänger;IBAN;Betrag;Ausführungsdatum;Währung',
      'RE-1;Müller GmbH;DE89370400440532013000;1.234,56 €;04.03.2025;EUR',
      ';;;;;',
      'RE-2;Café Zoë;DE02120300000000202051;99,00;05.03.2025;EUR',
      'Summe;;;1.333,56 €;;',
      '',
    ].join('\r\n');
    writeCsv(file, text, 'windows-1252');
    expect(readFileSync(file).includes(0x80)).toBe(true); // € is 0x80 in cp1252
    const r = await readSheetAll(file, paymentsSpec);
    expect(r).toMatchObject({ encoding: 'windows-1252', encodingSource: 'detected', delimiter: ';' });
    expect(r.header.row).toBe(3);
    expect(r.counts).toMatchObject({ records: 2, rowErrors: 0, blankRows: 1 }); // row 5 ';;;;;' (row 2 is above the header)
    const first = r.rows[0]!;
    expect(first.ok && first.record.fields).toMatchObject({ beneficiaryName: 'Müller GmbH', amount: { text: '1.234,56 €', source: 'text' } });
    expect(first.ok && first.record.provenance).toMatchObject({ sheet: 'csv', row: 4, cells: { Empfänger: 'Müller GmbH', Betrag: '1.234,56 €' } });
    const second = r.rows[1]!;
    expect(second.ok && second.record.fields.beneficiaryName).toBe('Café Zoë');
    expect(second.ok && second.record.provenance.row).toBe(6);
    expect(r.totals).toMatchObject({ row: 7, rule: 'label', stated: '1333.56', computed: '1333.56', status: 'match' });
  });

  it('declared encoding is used; declaring UTF-8 for Windows-1252 bytes is a file error', async () => {
    const file = tmp.file('declared.csv');
    writeCsv(file, 'Ref;Empfänger;IBAN;Betrag\r\nA;Jürgen;DE1;5\r\n', 'windows-1252');
    const r = await readSheetAll(file, { ...paymentsSpec, csv: { encoding: 'windows-1252', delimiter: ';' } });
    expect(r).toMatchObject({ encoding: 'windows-1252', encodingSource: 'declared', delimiter: ';', delimiterSource: 'declared' });
    expect(r.rows[0]?.ok && r.rows[0].record.fields.beneficiaryName).toBe('Jürgen');
    const err = await readSheetAll(file, { ...paymentsSpec, csv: { encoding: 'utf-8' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetFileError);
    expect((err as SheetFileError).code).toBe('encoding-mismatch');
  });

  it('tab-separated UTF-8 with BOM; the BOM does not spoil the first header', async () => {
    const file = tmp.file('tab.tsv');
    writeCsv(file, 'Reference\tBeneficiary\tIBAN\tAmount\tExecution date\nT1\tÅsa Öberg\tSE4550000000058398257466\t1500\t31.12.2024\n', 'utf-8-bom');
    const r = await readSheetAll(file, paymentsSpec);
    expect(r).toMatchObject({ encoding: 'utf-8', encodingSource: 'bom', delimiter: '\t' });
    expect(r.rows[0]?.ok && r.rows[0].record.fields).toMatchObject({ reference: 'T1', beneficiaryName: 'Åsa Öberg', executionDate: '2024-12-31' });
  });

  it('bad rows name row and column; the other rows come through', async () => {
    const file = tmp.file('bad.csv');
    writeCsv(file, 'Ref,Beneficiary,IBAN,Amount,Execution date\nA,x,DE1,1,04.03.2025\nB,y,,2,2025-03-04\nC,z,DE3,3,31.02.2025\nD,w,DE4,4,\n');
    const r = await readSheetAll(file, paymentsSpec);
    expect(r.rows.map((x) => x.ok)).toEqual([true, false, false, true]);
    const b = r.rows[1]!;
    if (!b.ok) {
      expect(b.error).toMatchObject({ row: 3, column: 'IBAN', field: 'beneficiaryIban' });
      expect(b.error.problems.map((p) => p.column)).toEqual(['IBAN', 'Execution date']);
      expect(b.error.message).toBe('Row 3, column "IBAN": required value is empty (and 1 more problem in this row)');
    }
    const c = r.rows[2]!;
    if (!c.ok) expect(c.error.message).toMatch(/^Row 4, column "Execution date": "31\.02\.2025" is not a calendar date/);
    expect(r.rows[3]?.ok && r.rows[3].record.fields.executionDate).toBeNull();
  });

  it('missing required column: one file error naming the column and the file', async () => {
    const file = tmp.file('missing.csv');
    writeCsv(file, 'Payments\nReference;Beneficiary;Amount\nR1;x;1\n');
    const err = await readSheetAll(file, paymentsSpec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetFileError);
    const e = err as SheetFileError;
    expect(e.code).toBe('missing-required-columns');
    expect(e.file).toBe(file);
    expect(e.message).toContain(file);
    expect(e.message).toContain('"IBAN"');
    expect(e.message).toContain('row 2');
    expect(e.details['missing']).toEqual(['beneficiaryIban']);
    expect(e.whatNext).toMatch(/alias/);
  });

  it('totals mismatch in a CSV is a finding with both figures', async () => {
    const file = tmp.file('sum.csv');
    writeCsv(file, 'Ref;Beneficiary;IBAN;Amount\nA;x;DE1;0,10\nB;y;DE2;0,20\nTotal;;;0,31\n');
    const r = await readSheetAll(file, paymentsSpec);
    expect(r.totals).toMatchObject({ stated: '0.31', computed: '0.3', difference: '0.01', status: 'mismatch' });
    expect(r.findings[0]).toMatchObject({ code: 'totals-mismatch', details: { stated: '0.31', computed: '0.3' } });
  });

  it('totals with an ambiguous text amount and no declared separator are reported unchecked', async () => {
    const file = tmp.file('unchecked.csv');
    writeCsv(file, 'Ref;Beneficiary;IBAN;Amount\nA;x;DE1;1.234\nB;y;DE2;2\nTotal;;;3\n');
    const { totals: _t, ...rest } = paymentsSpec;
    const r = await readSheetAll(file, rest);
    expect(r.totals).toMatchObject({ status: 'unchecked', stated: '3', computed: '2', unsummableRows: [2] });
    expect(r.totals?.reason).toMatch(/row 2: text "1\.234" is ambiguous/);
    expect(r.findings[0]?.code).toBe('totals-unchecked');
  });
});
