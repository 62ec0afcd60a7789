/**
 * A scanned statement end to end with real OCR: a statement PDF (the PDF reader's test layout
 * `two-columns`, template de-soll-haben) drawn to an image at 200 dpi and put into a PDF with no
 * text layer, then read by the PDF statement reader with `ocrPdfPages` as its OCR: the same
 * template reads the OCR words, and the statement's balance check holds. (At 150 dpi the engine
 * loses the comma of "1.930,52", and the amount parser refuses the line: 200 dpi is the floor here.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ocrPdfPages } from '../../../extractors/ocr/ocr-file.js';
import { OcrPool } from '../../../extractors/ocr/pool.js';
import { readPdfStatement, renderPdfPages } from '../../../extractors/pdf/index.js';
import { centsDecimal, makeStatement, writeImagePdf, writeStatementPdf } from '../../fixtures/pdf/statement-pdf.js';

const DPI = 200;
const pool = new OcrPool({ workers: 1, recycleAfterPages: 50, pageTimeoutMs: 60_000 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'ocr-statement-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scanned statement through OCR and the PDF templates', () => {
  it('reads every entry and both balances from a page with no text layer', async () => {
    const model = makeStatement('two-columns', { seed: 5, entries: 8 });
    const text = await writeStatementPdf(model, path.join(dir, 'text.pdf'));
    expect(text.pages).toBe(1);
    const [shot] = await renderPdfPages(text.file, { dpi: DPI });
    const scanned = path.join(dir, 'scanned.pdf');
    await writeImagePdf(scanned, shot!.png);

    const s = await readPdfStatement(scanned, { ocr: ocrPdfPages(pool, { pdfDpi: DPI }) });
    expect(s.format).toBe('ocr');
    expect(s.account.id).toBe(model.account);
    expect(s.opening.amount.toString()).toBe(centsDecimal(model.openingCents));
    expect(s.closing.amount.toString()).toBe(centsDecimal(model.closingCents));
    expect(s.entries.map((e) => e.amount.toString())).toEqual(model.entries.map((e) => centsDecimal(e.cents)));
    expect(s.entries.map((e) => e.bookingDate)).toEqual(model.entries.map((e) => e.bookingDate));
  });
});
