/** MT940/MT942 reading, on small statements written here. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  BankFileMalformed,
  EntryTotalsMismatch,
  NotABankFile,
  parseMt940,
  StatementOutOfBalance,
  type Mt940Result,
} from '../../../extractors/formats/index.js';
import { parseField61 } from '../../../extractors/formats/mt940/field-61.js';
import { parseField86 } from '../../../extractors/formats/mt940/field-86.js';

const at = { file: 't.sta', where: 'line 1' };

function statements(r: Mt940Result) {
  if (r.kind !== 'mt940') throw new Error(`expected mt940, got ${r.kind}`);
  return r.statements;
}

const german = [
  ':20:STARTUMS',
  ':25:10020030/1234567',
  ':28C:00001/001',
  ':60F:C241230EUR1000,00',
  ':61:2412310102CR150,25NTRFKREF123//BANKREF9',
  ':86:166?00SEPA-GUTSCHRIFT?100599?20EREF+E2E-2024-0001?21MREF+M-77?22SVWZ+Rechnung 4711 vom?23 20.12.2024?30COBADEFFXXX?31DE89370400440532013000?32Müller Ärzte?33 GmbH?34000',
  ':61:250102D50,NMSCNONREF',
  ':86:805?00ENTGELT?20Kontoführung',
  ':62F:C250102EUR1100,25',
  ':64:C250102EUR1100,25',
  '-',
].join('\r\n');

describe('MT940 statements', () => {
  it('reads a German statement: entry date across the year end, ?-subfields, SEPA keywords, CRLF', () => {
    const [s] = statements(parseMt940(german, { file: 'de.sta' }));
    expect(s).toMatchObject({ format: 'mt940', id: 'STARTUMS', sequence: '00001/001', account: { id: '10020030/1234567' }, currency: 'EUR' });
    expect(s!.opening).toMatchObject({ type: '60F', date: '2024-12-30', provenance: { file: 'de.sta', line: 4, source: ':60F:' } });
    expect(s!.otherBalances.map((b) => `${b.type} ${b.amount.toString()}`)).toEqual(['64 1100.25']);
    const [credit, fee] = s!.entries;
    expect(credit).toMatchObject({
      valueDate: '2024-12-31',
      bookingDate: '2025-01-02',
      transactionCode: 'NTRF',
      references: { endToEndId: 'E2E-2024-0001', mandateId: 'M-77', customerReference: 'KREF123', bankReference: 'BANKREF9' },
      counterparty: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', name: 'Müller Ärzte GmbH' },
      remittance: 'Rechnung 4711 vom 20.12.2024',
      provenance: { file: 'de.sta', line: 5, source: ':61:' },
    });
    expect(credit!.amount.toJSON()).toEqual({ amount: '150.25', currency: 'EUR' });
    expect(credit!.extra).toMatchObject({ '61/fundsCode': 'R', '86.code': '166', '86?00': 'SEPA-GUTSCHRIFT', '86?34': '000', 'EREF+': 'E2E-2024-0001' });
    expect(fee!.amount.toString()).toBe('-50.00');
    expect(fee!.bookingDate).toBeNull();
    expect(fee!.references).toEqual({});
    expect(fee!.remittance).toBe('Kontoführung');
  });

  it('reads Latin-1 (Windows-1252) text when the file is not UTF-8', () => {
    const r = parseMt940(iconv.encode(german, 'windows-1252'));
    expect(r.encoding).toBe('windows-1252');
    expect(statements(r)[0]!.entries[0]!.counterparty?.name).toBe('Müller Ärzte GmbH');
  });

  it('refuses a file that mixes UTF-8 and Latin-1 text', () => {
    const mixed = Buffer.concat([Buffer.from(german, 'utf8'), iconv.encode('\r\n:20:X\r\n:86:Weiß', 'latin1')]);
    expect(() => parseMt940(mixed, { file: 'mixed.sta' })).toThrow(/mixed\.sta: the file mixes UTF-8 text with text in another encoding/);
  });

  it('reads SWIFT blocks, several messages, reversals and the slash-key :86:', () => {
    const text = [
      '{1:F01ABNANL2AXXXX0000000000}{2:O9401200240102ABNANL2AXXXX00000000002401021200N}{3:{108:MT940}}{4:',
      ':20:A1',
      ':25:NL91ABNA0417164300',
      ':28C:1/1',
      ':60F:D240101EUR10,00',
      ':61:240102RC5,00NTRFNONREF',
      ':86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/J',
      'ANSEN/REMI/Terugboeking factuur 12/EREF/NOTPROVIDED',
      ':62F:D240102EUR15,00',
      '-}{5:{CHK:123456789ABC}}',
      '{1:F01ABNANL2AXXXX0000000000}{2:O940}{4:',
      ':20:A2',
      ':25:NL91ABNA0417164300',
      ':28C:2/1',
      ':60F:D240102EUR15,00',
      ':61:240103C15,00N078REF2//B2',
      ':86:/CNTP/DE89370400440532013000/COBADEFFXXX/ACME GMBH/BERLIN/REMI/USTD//Inv 9/',
      ':62F:C240103EUR0,00',
      '-}',
    ].join('\n');
    const [a, b] = statements(parseMt940(text));
    expect(a!.account).toEqual({ id: 'NL91ABNA0417164300', iban: 'NL91ABNA0417164300' });
    expect(a!.opening.amount.toString()).toBe('-10.00');
    const rev = a!.entries[0]!;
    expect(rev.reversal).toBe(true);
    expect(rev.amount.toString()).toBe('-5.00');
    expect(rev.counterparty).toEqual({ iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', name: 'JANSEN' });
    expect(rev.remittance).toBe('Terugboeking factuur 12');
    expect(rev.references.endToEndId).toBeUndefined();
    expect(b!.entries[0]!.counterparty).toEqual({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', name: 'ACME GMBH' });
    expect(b!.entries[0]!.remittance).toBe('Inv 9');
    expect(b!.entries[0]!.references).toEqual({ customerReference: 'REF2', bankReference: 'B2' });
    expect(b!.provenance.line).toBe(12);
  });

  it('refuses a statement that does not add up, and one without a closing balance', () => {
    const off = german.replace(':62F:C250102EUR1100,25', ':62F:C250102EUR1100,26');
    expect(() => parseMt940(off, { file: 'off.sta' })).toThrow(StatementOutOfBalance);
    const cut = german.split('\r\n').slice(0, 8).join('\r\n');
    expect(() => parseMt940(cut, { file: 'cut.sta' })).toThrow(/cut\.sta: statement "STARTUMS" has no closing balance :62F:\/:62M: \(is the file cut off\?\)/);
  });

  it('names the line of a field it cannot read', () => {
    const bad = german.replace(':61:250102D50,NMSCNONREF', ':61:2501XXD50,NMSCNONREF');
    expect(() => parseMt940(bad, { file: 'bad.sta' })).toThrow(/bad\.sta: the :61: statement line "2501XXD50,NMSCNONREF" cannot be read .*\(line 7, :61:\)/);
    const badBalance = german.replace(':60F:C241230EUR1000,00', ':60F:C241230EUR');
    expect(() => parseMt940(badBalance)).toThrow(BankFileMalformed);
    const badDate = german.replace(':60F:C241230', ':60F:C241331');
    expect(() => parseMt940(badDate)).toThrow(/:60F: date "241331" is not a date/);
  });

  it('refuses text that is not MT940', () => {
    expect(() => parseMt940('Dear customer,\nplease find attached\n', { file: 'mail.txt' })).toThrow(NotABankFile);
    expect(() => parseMt940('', { file: 'empty.sta' })).toThrow(/empty\.sta: the file is empty/);
  });
});

describe('MT942 interim reports', () => {
  const mt942 = [':20:INTRA1', ':25:PL29114010810000267002001002', ':28C:1/1', ':34F:PLND0,', ':34F:PLNC0,', ':13D:2401191815+0100',
    ':61:2401190119CN10,00NTRFNONREF//B1', ':86:one', ':61:2401190119DN2,50NTRFNONREF//B2', ':86:two', ':90D:1PLN2,50', ':90C:1PLN10,00', '-'];

  it('reads entries and checks the :90D:/:90C: totals', () => {
    const r = parseMt940(mt942.join('\n'));
    expect(r.kind).toBe('mt942');
    if (r.kind !== 'mt942') return;
    expect(r.reports[0]).toMatchObject({ format: 'mt942', id: 'INTRA1', currency: 'PLN', balances: [] });
    expect(r.reports[0]!.entries.map((e) => e.amount.toString())).toEqual(['10.00', '-2.50']);
    expect(r.info[0]!.dateTime).toBe('2024-01-19T18:15+01:00');
    expect(r.info[0]!.floorLimits.map((l) => `${l.mark} ${l.amount.toString()} ${l.amount.currency}`)).toEqual(['D 0.00 PLN', 'C 0.00 PLN']);
  });

  it('refuses totals the entries do not add up to', () => {
    const wrong = mt942.map((l) => (l.startsWith(':90C:') ? ':90C:2PLN10,00' : l)).join('\n');
    expect(() => parseMt940(wrong, { file: 'i.sta' })).toThrow(EntryTotalsMismatch);
    expect(() => parseMt940(wrong, { file: 'i.sta' })).toThrow(/credit totals :90C: say 2 entries for 10.00 PLN, the entries are 1 for 10.00 PLN/);
  });
});

describe(':61: and :86: fields', () => {
  it('reads the :61: variants banks send', () => {
    expect(parseField61('1105240524D9,N192NONREF', at)).toMatchObject({ valueDate: '110524', entryDate: '0524', mark: 'D', amount: '9,', typeCode: 'N192', customerReference: 'NONREF' });
    expect(parseField61('110527D000000001213,28N0440121470966      W.P. Jansen', at)).toMatchObject({ customerReference: '0121470966', supplementary: 'W.P. Jansen' });
    expect(parseField61('1312091209C79,7FMSC01916//NONREF\n20131209007602198765432000000012', at)).toMatchObject({
      typeCode: 'FMSC',
      customerReference: '01916',
      bankReference: 'NONREF',
      supplementary: '20131209007602198765432000000012',
    });
    expect(parseField61('1407290729C500NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E', at)).toMatchObject({ amount: '500', customerReference: '29-07-2014 10:05', bankReference: 'B4G29PGDCK1QFV3E' });
    expect(parseField61('240102RD1,00\nNTRFX', at)).toMatchObject({ mark: 'RD' });
    expect(() => parseField61('garbage', at)).toThrow(BankFileMalformed);
  });

  it('joins wrapped free text, keeping words a full 65-character line cut', () => {
    const line = 'X'.repeat(60) + ' ABCD';
    expect(line).toHaveLength(65);
    expect(parseField86([`${line}\nEFG next`]).remittance).toBe(`${'X'.repeat(60)} ABCDEFG next`);
    expect(parseField86(['short line\nnext']).remittance).toBe('short line next');
  });
});
