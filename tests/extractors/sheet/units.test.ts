import { describe, expect, it } from 'vitest';
import {
  compileDateFormat,
  dateCellToIso,
  defineSheetSpec,
  detectDelimiter,
  excelSerialToIso,
  normalizeHeader,
  numberToDecimalText,
  parseDateText,
  readSheet,
  SheetSpecError,
  type RowResult,
} from '../../../extractors/sheet/index.js';
import { parseForSum } from '../../../extractors/sheet/totals.js';

describe('excel serial dates', () => {
  it('1900 system, including the fictitious 29 February 1900', () => {
    expect(excelSerialToIso(1, false)).toEqual({ ok: true, value: '1900-01-01' });
    expect(excelSerialToIso(59, false)).toEqual({ ok: true, value: '1900-02-28' });
    const sixty = excelSerialToIso(60, false);
    expect(sixty.ok).toBe(false);
    expect(!sixty.ok && sixty.reason).toMatch(/29 February 1900/);
    expect(excelSerialToIso(61, false)).toEqual({ ok: true, value: '1900-03-01' });
    expect(excelSerialToIso(45658, false)).toEqual({ ok: true, value: '2025-01-01' });
    expect(excelSerialToIso(45658.75, false)).toEqual({ ok: true, value: '2025-01-01' }); // time dropped
    expect(excelSerialToIso(0, false).ok).toBe(false);
    expect(excelSerialToIso(-3, false).ok).toBe(false);
  });
  it('1904 system', () => {
    expect(excelSerialToIso(0, true)).toEqual({ ok: true, value: '1904-01-01' });
    expect(excelSerialToIso(45658 - 1462, true)).toEqual({ ok: true, value: '2025-01-01' });
  });
  it('Date cells as exceljs gives them (UTC), without time-zone shift', () => {
    expect(dateCellToIso(new Date(Date.UTC(2025, 2, 4)), false)).toEqual({ ok: true, value: '2025-03-04' });
    expect(dateCellToIso(new Date(Date.UTC(2025, 2, 4, 23, 59)), false)).toEqual({ ok: true, value: '2025-03-04' });
    expect(dateCellToIso(new Date(Date.UTC(2025, 2, 4)), true)).toEqual({ ok: true, value: '2025-03-04' });
    // exceljs turns serial 1 into 1899-12-31; Excel shows 1900-01-01
    expect(dateCellToIso(new Date(Date.UTC(1899, 11, 31)), false)).toEqual({ ok: true, value: '1900-01-01' });
  });
});

describe('declared text date formats (never guessed)', () => {
  const f = (s: string) => compileDateFormat(s)!;
  it('reads each declared format', () => {
    expect(parseDateText('04.03.2025', f('dd.MM.yyyy'))).toEqual({ ok: true, value: '2025-03-04' });
    expect(parseDateText('03/04/2025', f('dd/MM/yyyy'))).toEqual({ ok: true, value: '2025-04-03' });
    expect(parseDateText('03/04/2025', f('MM/dd/yyyy'))).toEqual({ ok: true, value: '2025-03-04' });
    expect(parseDateText(' 2025-03-04 ', f('yyyy-MM-dd'))).toEqual({ ok: true, value: '2025-03-04' });
    expect(parseDateText('4.3.2025', f('d.M.yyyy'))).toEqual({ ok: true, value: '2025-03-04' });
  });
  it('rejects other formats and impossible dates', () => {
    expect(parseDateText('2025-03-04', f('dd.MM.yyyy')).ok).toBe(false);
    expect(parseDateText('13/04/2025', f('MM/dd/yyyy')).ok).toBe(false);
    expect(parseDateText('4.3.2025', f('dd.MM.yyyy')).ok).toBe(false);
    expect(parseDateText('31.02.2025', f('dd.MM.yyyy')).ok).toBe(false);
    expect(parseDateText('29.02.2024', f('dd.MM.yyyy'))).toEqual({ ok: true, value: '2024-02-29' });
    expect(compileDateFormat('dd.MMM.yyyy')).toBeUndefined();
    expect(compileDateFormat('dd.MM')).toBeUndefined();
  });
});

describe('numeric amounts to decimal text', () => {
  it('shortest decimal string, no exponent', () => {
    expect(numberToDecimalText(1234.56, 4)).toEqual({ ok: true, text: '1234.56' });
    expect(numberToDecimalText(100, 4)).toEqual({ ok: true, text: '100' });
    expect(numberToDecimalText(-0, 4)).toEqual({ ok: true, text: '0' });
    expect(numberToDecimalText(-12.5, 4)).toEqual({ ok: true, text: '-12.5' });
    expect(numberToDecimalText(123456789012.34, 4)).toEqual({ ok: true, text: '123456789012.34' });
  });
  it('flags binary float artefacts and rejects what is not a short decimal', () => {
    const r = numberToDecimalText(0.1 + 0.2, 4);
    expect(r).toMatchObject({ ok: true, text: '0.3', exact: '0.30000000000000004' });
    expect(r.ok && r.warning).toMatch(/floating-point/);
    expect(numberToDecimalText(1.15 * 100, 4)).toMatchObject({ ok: true, text: '115', exact: '114.99999999999999' });
    expect(numberToDecimalText(1e-7, 4).ok).toBe(false);
    expect(numberToDecimalText(1.23456, 4).ok).toBe(false);
    expect(numberToDecimalText(1e21, 4).ok).toBe(false);
    expect(numberToDecimalText(Number.NaN, 4).ok).toBe(false);
  });
  it('text amounts for the totals sum: declared separator, or only unambiguous forms', () => {
    const v = (s: string, d?: '.' | ',') => {
      const p = parseForSum(s, d, 4);
      return p.ok ? p.value.toFixed() : 'x';
    };
    expect(v('1.234,56', ',')).toBe('1234.56');
    expect(v('1.234,56 €', ',')).toBe('1234.56');
    expect(v('-1.234,56', ',')).toBe('-1234.56');
    expect(v('(10,00)', ',')).toBe('-10');
    expect(v('EUR 1,234.56', '.')).toBe('1234.56');
    expect(v('12,5')).toBe('12.5');
    expect(v('1,234')).toBe('x'); // grouping or decimal? not guessed
    expect(v('1.234,56')).toBe('x');
    expect(v('1,2,3', ',')).toBe('x');
  });
});

describe('header normalisation and delimiter detection', () => {
  it('ignores case, spaces, punctuation and accents', () => {
    expect(normalizeHeader(' Beneficiary-IBAN: ')).toBe(normalizeHeader('beneficiary iban'));
    expect(normalizeHeader('Ausführungsdatum')).toBe(normalizeHeader('AUSFUHRUNGSDATUM'));
    expect(normalizeHeader('Straße')).toBe('strasse');
  });
  it('detects ; , tab and is not fooled by decimal commas or title lines', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n').delimiter).toBe(',');
    expect(detectDelimiter('Zahlungen März\nRef;Betrag;IBAN\nR1;1,50;DE\nR2;2,50;DE\nR3;3;DE\n').delimiter).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2,5\t3\n').delimiter).toBe('\t');
    expect(detectDelimiter('"x;y",b,c\n"1;2",2,3\n').delimiter).toBe(',');
    expect(detectDelimiter('single\ncolumn\n')).toEqual({ delimiter: ',', source: 'default' });
  });
});

describe('spec validation', () => {
  it('rejects an alias shared by two fields, a bad date format and unknown keys', () => {
    expect(() =>
      readSheet('x', { columns: { a: { aliases: ['IBAN'] }, b: { aliases: ['iban'] } } }),
    ).toThrow(SheetSpecError);
    expect(() => readSheet('x', { columns: { d: { aliases: ['Date'], type: 'date', format: 'dd.MMM.yy' } } })).toThrow(
      /date format/,
    );
    expect(() => readSheet('x', { columns: { a: { aliases: ['A'], requird: true } as never } })).toThrow(SheetSpecError);
  });
  it('types the fields from the spec', () => {
    const spec = defineSheetSpec({
      columns: {
        iban: { aliases: ['IBAN'], required: true },
        amount: { aliases: ['Amount'], required: true, type: 'amount' },
        note: { aliases: ['Note'] },
      },
    });
    const check = (r: RowResult<typeof spec>) => {
      if (r.ok) {
        const iban: string = r.record.fields.iban;
        const amount: string = r.record.fields.amount.text;
        const note: string | null = r.record.fields.note;
        return [iban, amount, note];
      }
      return [];
    };
    expect(typeof check).toBe('function');
  });
});
