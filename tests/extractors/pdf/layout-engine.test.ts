/**
 * The layout engine on positioned text made by hand (no PDF): lines by y, columns by the header's
 * cells, and templates — validation, choice, sign schemes.
 */
import { describe, expect, it } from 'vitest';
import type { PageText, PositionedText } from '../../../extractors/layout/positioned-text.js';
import {
  cellsOf,
  compileTemplate,
  groupLines,
  HeaderMatcher,
  PdfLayoutUnknown,
  PdfTemplateInvalid,
  statementFromPages,
  wordsOf,
  type StatementTemplate,
} from '../../../extractors/pdf/index.js';

/** Text at (x, y) with a width of `perChar` per character and height `h`. */
const t = (text: string, x: number, y: number, { h = 10, perChar = 5, right = false } = {}): PositionedText => ({
  text,
  x: right ? x - text.length * perChar : x,
  y,
  width: text.length * perChar,
  height: h,
});
const page = (items: PositionedText[], n = 1): PageText => ({ page: n, width: 600, height: 800, origin: 'text-layer', items });

describe('lines and words', () => {
  it('groups items by vertical centre (with jitter), left to right, numbered from the top', () => {
    const lines = groupLines(page([t('b', 100, 51), t('second', 10, 70), t('a', 10, 50), t('c', 200, 49.5)]));
    expect(lines.map((l) => [l.number, l.text])).toEqual([
      [1, 'a b c'],
      [2, 'second'],
    ]);
    expect(lines[0]!.top).toBe(49.5);
    expect(lines[0]!.bottom).toBe(61);
  });

  it('keeps a superscript-free small item on its line, and a line half a height lower apart', () => {
    expect(groupLines(page([t('x', 10, 50), t('y', 30, 53)])).length).toBe(1);
    expect(groupLines(page([t('x', 10, 50), t('y', 30, 56)])).length).toBe(2);
  });

  it('splits an item into words at whitespace, with x estimated by characters', () => {
    const words = wordsOf(t('Booking  date', 100, 0));
    expect(words.map((w) => [w.text, w.x, w.width])).toEqual([
      ['Booking', 100, 35],
      ['date', 145, 20],
    ]);
  });
});

describe('header and cells', () => {
  const matcher = new HeaderMatcher([
    { key: 'bookingDate', names: ['Date'], align: 'left' },
    { key: 'valueDate', names: ['Value date'], align: 'left' },
    { key: 'description', names: ['Details'], align: 'left' },
    { key: 'amount', names: ['Amount'], align: 'right' },
  ]);
  const header = groupLines(page([t('Date', 10, 10), t('Value', 70, 10), t('date:', 100, 10), t('Details', 140, 10), t('Amount', 400, 10, { right: true })]))[0]!;
  const columns = matcher.match(header);

  it('finds each column once, the longest name first ("Value date" is not "Date")', () => {
    expect(columns.map((c) => [c.key, c.header, c.left, c.right])).toEqual([
      ['bookingDate', 'Date', 10, 30],
      ['valueDate', 'Value date:', 70, 125],
      ['description', 'Details', 140, 175],
      ['amount', 'Amount', 370, 400],
    ]);
  });

  it('puts a right-aligned amount wider than its header, and description words after a wide gap, where they belong', () => {
    const line = groupLines(
      page([t('01.03.2025', 10, 30), t('02.03.2025', 70, 30), t('Rent', 140, 30), t('ref', 250, 30), t('-12,345.67', 400, 30, { right: true })]),
    )[0]!;
    const cells = cellsOf(line, columns);
    expect(Object.fromEntries([...cells].map(([k, c]) => [k, c.text]))).toEqual({
      bookingDate: '01.03.2025',
      valueDate: '02.03.2025',
      description: 'Rent ref',
      amount: '-12,345.67',
    });
  });

  it('splits words that touch at a column edge', () => {
    // "01.03.2025" ends 4 units before the value-date column starts: closer than a word gap (8).
    const line = groupLines(page([t('01.03.2025', 10, 30, { perChar: 5.6 }), t('02.03.2025', 70, 30)]))[0]!;
    expect([...cellsOf(line, columns).keys()]).toEqual(['bookingDate', 'valueDate']);
  });
});

const template: StatementTemplate = {
  name: 'hand-made',
  identify: { keywords: ['Hand statement'] },
  header: { columns: { bookingDate: ['Date'], description: ['Details'], amount: { names: ['Amount'], align: 'right' } } },
  dateFormat: 'dd.MM.yyyy',
  amountLocale: 'de',
  sign: 'suffix-CR-DR',
  suffixes: { credit: ['H'], debit: ['S'] },
  account: { label: 'Account', pattern: '(\\d+)' },
  currency: { fixed: 'CHF' },
  opening: { label: 'Opening' },
  closing: { label: 'Closing' },
};

function handPage(amounts: string[], closing = '70,00 H'): PageText {
  const items = [t('Hand statement', 10, 10), t('Account no. 778899 (current)', 10, 25), t('Opening 100,00 H', 10, 40)];
  items.push(t('Date', 10, 60), t('Details', 80, 60), t('Amount', 400, 60, { right: true }));
  amounts.forEach((a, i) => items.push(t(`0${i + 1}.03.2025`, 10, 75 + i * 14), t(`Item ${i + 1}`, 80, 75 + i * 14), t(a, 400, 75 + i * 14, { right: true })));
  items.push(t(`Closing ${closing}`, 10, 75 + amounts.length * 14 + 20));
  return page(items);
}

describe('templates', () => {
  it('reads amounts marked by the declared suffixes, with a fixed currency and a pattern for the account', () => {
    const s = statementFromPages([handPage(['50,00 S', '20,00 H'])], { file: 'hand.pdf', templates: [template] });
    expect(s.entries.map((e) => e.amount.toString())).toEqual(['-50.00', '20.00']);
    expect(s.account.id).toBe('778899');
    expect(s.currency).toBe('CHF');
    expect(s.id).toBe('778899/');
    expect(s.entries[1]!.provenance).toMatchObject({ file: 'hand.pdf', page: 1, line: 6, source: 'Amount' });
  });

  it('an amount without its mark is named with its line', () => {
    expect(() => statementFromPages([handPage(['50,00 S', '20,00'])], { file: 'hand.pdf', templates: [template] })).toThrow(
      /hand\.pdf page 1 line 6 \("02\.03\.2025 Item 2 20,00"\): amount "20,00" has no credit or debit mark \(H, S\)/,
    );
  });

  it('chooses the template with the most keywords whose header is on the page', () => {
    const other: StatementTemplate = { ...template, name: 'other', identify: { keywords: ['Hand statement', 'Account'] }, header: { columns: { ...template.header.columns, bookingDate: ['Booked'] } } };
    const s = statementFromPages([handPage(['50,00 S'], '50,00 H')], { file: 'hand.pdf', templates: [other, template] });
    expect(s.provenance.source).toBe('template hand-made');
    expect(() => statementFromPages([handPage(['50,00 S'], '50,00 H')], { file: 'hand.pdf', templates: [other] })).toThrow(PdfLayoutUnknown);
    expect(() => statementFromPages([handPage(['50,00 S'], '50,00 H')], { file: 'hand.pdf', templates: [other] })).toThrow(/other: keywords found, but no table header naming "Booked"/);
  });

  it('a template with mistakes is refused with every problem named', () => {
    const bad = {
      ...template,
      name: 'Bad Name',
      sign: 'two-columns',
      dateFormat: 'DD.MM.YYYY',
      currency: { fixed: 'EURO' },
      skipLines: ['(unclosed'],
    };
    let err: unknown;
    try {
      compileTemplate(bad, 'bad.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PdfTemplateInvalid);
    const m = (err as Error).message;
    expect(m).toMatch(/^statement template bad\.yaml is not valid: /);
    for (const part of [/name: lower-case/, /header\.columns\.debit: column "debit" is required with sign: two-columns/, /header\.columns\.credit/, /dateFormat: "DD\.MM\.YYYY" is not a date format/, /currency\.fixed: "EURO" is not an ISO 4217/, /skipLines\.0: not a valid regular expression/]) {
      expect(m).toMatch(part);
    }
  });
});
