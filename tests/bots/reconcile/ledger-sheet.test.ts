/** A ledger export read as the engine's ledger side: headers by alias, signed or debit/credit amounts, references; unreadable rows named. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLedgerFile } from '../../../bots/reconcile/ledger-sheet.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-ledger-'));

describe('ledger exports', () => {
  it('reads debit and credit columns (German headers and amounts) with references, and names the rows it cannot read', async () => {
    const file = path.join(dir, 'hauptbuch.csv');
    writeFileSync(
      file,
      [
        'Belegnummer;Wertstellung;Soll;Haben;Geschäftspartner;Verwendungszweck;Referenz;Mandatsreferenz',
        'B-1;05.01.2027;;1.234,56;Anna Achterberg;Rechnung RF18 5390 0754 7034;;',
        'B-2;05.01.2027;49,90;;Stadtwerke;Abschlag Januar;PAY-0001;MND-7',
        'B-3;;10,00;;Niemand;ohne Datum;;',
        'B-4;06.01.2027;;;Leer;kein Betrag;;',
      ].join('\n') + '\n',
    );
    const read = await readLedgerFile(file, { dateFormat: 'dd.MM.yyyy', amountLocale: 'de', currency: 'EUR' });
    expect(read.lines.map((l) => [l.id, l.amount.toString(), l.date, l.counterparty])).toEqual([
      ['B-1', '1234.56', '2027-01-05', 'Anna Achterberg'],
      ['B-2', '-49.90', '2027-01-05', 'Stadtwerke'],
    ]);
    expect(read.lines[0]!.references).toEqual({ text: 'Rechnung RF18 5390 0754 7034' });
    expect(read.lines[1]!.references).toEqual({ ourReference: 'PAY-0001', mandateReference: 'MND-7', text: 'Abschlag Januar' });
    expect(read.lines[1]!.source).toEqual({ file: 'hauptbuch.csv', at: 3 });
    expect(read.problems.map((p) => p.row)).toEqual([4, 5]);
    expect(read.problems[1]!.message).toMatch(/no amount/);
  });
});
