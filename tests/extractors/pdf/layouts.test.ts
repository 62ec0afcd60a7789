/**
 * The three built-in layouts, read from PDFs written by pdfkit: every entry's amount, dates,
 * description and provenance against the model the PDF was written from; balances, account,
 * currency; and statements that do not add up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfStatementUnreadable, readPdfStatement, type StatementTemplate } from '../../../extractors/pdf/index.js';
import { StatementOutOfBalance, type Statement } from '../../../extractors/statement/index.js';
import {
  centsDecimal,
  makeStatement,
  TEMPLATE_OF,
  writeStatementPdf,
  type LayoutName,
  type StatementModel,
  type WriteOptions,
  type WrittenStatement,
} from '../../fixtures/pdf/statement-pdf.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-layouts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function written(layout: LayoutName, model: StatementModel, name: string = layout, options: WriteOptions = {}): Promise<WrittenStatement> {
  return writeStatementPdf(model, path.join(dir, `${name}.pdf`), options);
}

function expectEntries(s: Statement, model: StatementModel, w: WrittenStatement, header: Record<'debit' | 'credit', string>): void {
  expect(s.entries).toHaveLength(model.entries.length);
  model.entries.forEach((m, i) => {
    const e = s.entries[i]!;
    const at = `entry ${i + 1}`;
    expect(e.amount.toString(), at).toBe(centsDecimal(m.cents));
    expect(e.amount.currency, at).toBe(model.currency);
    expect(e.bookingDate, at).toBe(m.bookingDate);
    expect(e.remittance, at).toBe(m.description.join(' '));
    expect(e.provenance.file).toBe(w.file);
    expect(e.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(e.provenance.page, at).toBe(w.entryAt[i]!.page);
    expect(e.provenance.line, at).toBeGreaterThan(0);
    expect(e.provenance.source, at).toBe(m.cents < 0 ? header.debit : header.credit);
    const box = e.provenance.box!;
    expect(box.y, at).toBeCloseTo(w.entryAt[i]!.y, 0);
    expect(box.x, at).toBeCloseTo(50, 0);
    expect(box.x + box.width, at).toBeGreaterThan(440);
    // A multi-line entry's box covers its lines on its first page.
    expect(box.height, at).toBeGreaterThan(7);
  });
}

/** Writes the model's PDF and reads it before the describe's tests run. */
function readAtStart(layout: LayoutName, model: StatementModel): { w: WrittenStatement; s: Statement } {
  const r = {} as { w: WrittenStatement; s: Statement };
  beforeAll(async () => {
    r.w = await written(layout, model);
    r.s = await readPdfStatement(r.w.file);
  });
  return r;
}

describe('layout 1: separate debit and credit columns (de-soll-haben)', () => {
  const model = makeStatement('two-columns', { seed: 1, entries: 80 });
  const r = readAtStart('two-columns', model);

  it('reads every entry: amount signed by its column, dates, description, provenance', () => {
    expect(r.w.pages).toBeGreaterThan(1);
    expectEntries(r.s, model, r.w, { debit: 'Soll', credit: 'Haben' });
    model.entries.forEach((m, i) => expect(r.s.entries[i]!.valueDate).toBe(m.valueDate));
  });

  it('reads the account, currency, statement number and both balances with their dates', () => {
    expect(r.s.format).toBe('pdf');
    expect(r.s.account).toEqual({ id: model.account, iban: model.account });
    expect(r.s.currency).toBe('EUR');
    expect(r.s.id).toBe('3/2025');
    expect(r.s.opening.amount.toString()).toBe(centsDecimal(model.openingCents));
    expect(r.s.opening.date).toBe('2025-02-28');
    expect(r.s.closing.amount.toString()).toBe(centsDecimal(model.closingCents));
    expect(r.s.closing.date).toBe('2025-03-31');
    expect(r.s.provenance.source).toBe(`template ${TEMPLATE_OF['two-columns']}`);
    expect(r.s.closing.provenance.page).toBe(r.w.pages);
  });

  it('a wrong closing balance is StatementOutOfBalance with the difference', async () => {
    const bad = await written('two-columns', model, 'two-columns-bad', { closingCents: model.closingCents + 1000 });
    const err = await readPdfStatement(bad.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementOutOfBalance);
    expect((err as Error).message).toMatch(/difference 10\.00/);
  });
});

describe('a German bank\'s 30 February (30-day booking months)', () => {
  it('is read as the last day of February, its printed text kept in the entry\'s provenance, and the statement flagged', async () => {
    const model = makeStatement('two-columns', { seed: 3, entries: 6 });
    model.entries[0] = { ...model.entries[0]!, bookingDate: '2025-02-30', valueDate: '2025-02-30' };
    const w = await written('two-columns', model, 'feb30');
    const s = await readPdfStatement(w.file);
    const e = s.entries[0]!;
    expect([e.bookingDate, e.valueDate]).toEqual(['2025-02-28', '2025-02-28']);
    expect(e.provenance.asWritten).toEqual({ bookingDate: '30.02.2025', valueDate: '30.02.2025' });
    expect(s.entries[1]!.provenance.asWritten).toBeUndefined();
    expect(s.flags?.map((f) => f.code)).toEqual(['date-adjusted']);
  });
});

describe('layout 2: one signed amount column with a running balance (en-signed-amount)', () => {
  const model = makeStatement('signed', { seed: 2, entries: 70 });
  const r = readAtStart('signed', model);

  it('reads every entry with its sign, and keeps the printed running balance', () => {
    expect(r.w.pages).toBeGreaterThan(1);
    expectEntries(r.s, model, r.w, { debit: 'Amount', credit: 'Amount' });
    let balance = model.openingCents;
    model.entries.forEach((m, i) => {
      balance += m.cents;
      expect(r.s.entries[i]!.valueDate).toBeNull();
      expect(r.s.entries[i]!.extra?.balance).toBe((balance < 0 ? '-' : '') + centsDecimal(Math.abs(balance)).replace(/\B(?=(\d{3})+\.)/g, ','));
    });
  });

  it('reads a non-IBAN account, the currency and the balances from rows inside the table', () => {
    expect(r.s.account).toEqual({ id: '12345678' });
    expect(r.s.currency).toBe('GBP');
    expect(r.s.id).toBe('2025-03');
    expect(r.s.opening.amount.toString()).toBe(centsDecimal(model.openingCents));
    expect(r.s.closing.amount.toString()).toBe(centsDecimal(model.closingCents));
    expect(r.s.opening.date).toBeNull();
  });

  it('a misread amount is named at its line by the running balance', async () => {
    const bad = await written('signed', model, 'signed-misprint', { misprint: { entry: 30, cents: model.entries[30]!.cents + 1 } });
    const err = await readPdfStatement(bad.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementOutOfBalance);
    expect((err as StatementOutOfBalance).details).toMatchObject({ page: bad.entryAt[30]!.page });
    expect((err as Error).message).toMatch(/balance printed after this entry .*\(difference -0\.01\)/);
  });
});

describe('layout 3: CR/DR amounts, multi-line descriptions, page breaks mid-table (en-cr-dr-multiline)', () => {
  const model = makeStatement('multiline', { seed: 3, entries: 90 });
  const r = readAtStart('multiline', model);

  it('joins each description over its lines, also across a page break, and passes over carried/brought forward lines', () => {
    expect(r.w.pages).toBeGreaterThanOrEqual(3);
    expect(r.w.splitEntries).toBeGreaterThan(0);
    expect(model.entries.some((e) => e.description.length >= 3)).toBe(true);
    expectEntries(r.s, model, r.w, { debit: 'Amount', credit: 'Amount' });
    model.entries.forEach((m, i) => expect(r.s.entries[i]!.valueDate).toBe(m.valueDate));
  });

  it('reads balances marked CR/DR', () => {
    expect(r.s.account.iban).toBe(model.account);
    expect(r.s.currency).toBe('USD');
    expect(r.s.opening.amount.toString()).toBe(centsDecimal(model.openingCents));
    expect(r.s.closing.amount.toString()).toBe(centsDecimal(model.closingCents));
    expect(r.s.closing.provenance.page).toBe(r.w.pages);
  });

  it('a wrong closing balance is StatementOutOfBalance', async () => {
    const bad = await written('multiline', model, 'multiline-bad', { closingCents: model.closingCents - 1 });
    await expect(readPdfStatement(bad.file)).rejects.toThrow(StatementOutOfBalance);
  });

  it('a template whose date format does not fit says which line holds an amount without a date', async () => {
    const wrong = { ...variant(), dateFormat: 'yyyy-MM-dd' };
    const err = await readPdfStatement(r.w.file, { templates: [wrong] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfStatementUnreadable);
    expect((err as Error).message).toMatch(/page 1 line \d+ .*the amount ".* (CR|DR)" has no booking date \("\d\d\/03\/2025" is not a date in the format yyyy-MM-dd\)/);
  });
});

/** The built-in en-cr-dr-multiline template as an object, for variations of it. */
function variant(): StatementTemplate {
  return {
    name: 'multiline-variant',
    identify: { keywords: ['Statement of account'] },
    header: { columns: { bookingDate: ['Booking date'], valueDate: ['Value date'], description: ['Transaction details'], amount: ['Amount'], balance: ['Balance'] } },
    dateFormat: 'dd/MM/yyyy',
    amountLocale: 'en',
    sign: 'suffix-CR-DR',
    skipLines: ['Balance carried forward', 'Balance brought forward', 'Page \\d+ of \\d+'],
    account: { label: 'IBAN' },
    currency: { label: 'Currency' },
    opening: { label: 'Opening balance' },
    closing: { label: 'Closing balance' },
  };
}
