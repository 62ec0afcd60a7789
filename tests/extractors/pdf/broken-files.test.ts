/**
 * Files that are not readable statements: each gives its own clear error, quickly and without
 * reading more than the size limit.
 */
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentTooLarge, DocumentUnreadable } from '../../../extractors/input/read-bounded.js';
import { NotAPdf, PdfDamaged, PdfEncrypted, PdfLayoutUnknown, readPdfStatement, renderPdfPages } from '../../../extractors/pdf/index.js';
import { centsDecimal, makeStatement, rng, writeStatementPdf, type WrittenStatement } from '../../fixtures/pdf/statement-pdf.js';

let dir: string;
let good: WrittenStatement;
const model = makeStatement('two-columns', { seed: 5, entries: 20 });
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-broken-'));
  good = await writeStatementPdf(model, file('good.pdf'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(p: Promise<unknown>): Promise<Error & { whatNext?: string; details?: Record<string, unknown> }> {
  const started = performance.now();
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(performance.now() - started, 'a broken file is refused within a second').toBeLessThan(1000);
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

describe('encrypted PDF', () => {
  let encrypted: WrittenStatement;
  beforeAll(async () => {
    encrypted = await writeStatementPdf(model, file('encrypted.pdf'), { userPassword: 'statement-2025' });
  });

  it('without the password: PdfEncrypted, saying it needs one', async () => {
    const e = await failure(readPdfStatement(encrypted.file));
    expect(e).toBeInstanceOf(PdfEncrypted);
    expect(e.message).toMatch(/encrypted PDF: it needs a password/);
    expect(e.whatNext).toMatch(/unprotected copy|password/);
  });

  it('with a wrong password: PdfEncrypted, saying the password does not open it', async () => {
    const e = await failure(readPdfStatement(encrypted.file, { password: 'nope' }));
    expect(e).toBeInstanceOf(PdfEncrypted);
    expect(e.message).toMatch(/password given does not open it/);
  });

  it('with its password: read as usual; rendering says the same', async () => {
    const s = await readPdfStatement(encrypted.file, { password: 'statement-2025' });
    expect(s.closing.amount.toString()).toBe(centsDecimal(model.closingCents));
    await expect(renderPdfPages(encrypted.file, { dpi: 30 })).rejects.toThrow(PdfEncrypted);
  });
});

describe('damaged and foreign files', () => {
  it('a truncated PDF: PdfDamaged, saying it is cut off', async () => {
    const bytes = readFileSync(good.file);
    writeFileSync(file('truncated.pdf'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const e = await failure(readPdfStatement(file('truncated.pdf')));
    expect(e).toBeInstanceOf(PdfDamaged);
    expect(e.message).toMatch(/is cut off: .*no "%%EOF" end marker/);
  });

  it('a PDF cut short whose end marker was added back: PdfDamaged from its structure', async () => {
    const bytes = readFileSync(good.file);
    writeFileSync(file('cut-marked.pdf'), Buffer.concat([bytes.subarray(0, Math.floor(bytes.length * 0.5)), Buffer.from('\n%%EOF\n')]));
    const e = await failure(readPdfStatement(file('cut-marked.pdf')));
    expect(e).toBeInstanceOf(PdfDamaged);
    expect(e.message).toMatch(/damaged PDF/);
  });

  it('garbage bytes named .pdf: NotAPdf', async () => {
    const random = rng(9);
    writeFileSync(file('garbage.pdf'), Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(random() * 256))));
    const e = await failure(readPdfStatement(file('garbage.pdf')));
    expect(e).toBeInstanceOf(NotAPdf);
    expect(e.message).toMatch(/not a PDF: it does not start with the "%PDF-" header \(it begins with bytes [0-9a-f]{16}\)/);
  });

  it('an HTML error page named .pdf: NotAPdf, showing how it begins', async () => {
    writeFileSync(file('login.pdf'), '<!DOCTYPE html><html><body>Session expired</body></html>');
    const e = await failure(readPdfStatement(file('login.pdf')));
    expect(e).toBeInstanceOf(NotAPdf);
    expect(e.message).toContain('(it begins with "<!DOCTYPE html><")');
  });

  it('an empty file: NotAPdf', async () => {
    writeFileSync(file('empty.pdf'), '');
    expect(await failure(readPdfStatement(file('empty.pdf')))).toBeInstanceOf(NotAPdf);
  });

  it('a missing file: DocumentUnreadable', async () => {
    expect(await failure(readPdfStatement(file('nowhere.pdf')))).toBeInstanceOf(DocumentUnreadable);
  });

  it('a 100 MB file is refused before it is read', async () => {
    const big = file('huge.pdf');
    closeSync(openSync(big, 'w'));
    truncateSync(big, 100 * 2 ** 20); // sparse: takes no disk space
    const heapBefore = process.memoryUsage().rss;
    const e = await failure(readPdfStatement(big));
    expect(e).toBeInstanceOf(DocumentTooLarge);
    expect(e.message).toMatch(/limit is 52428800 bytes/);
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(20 * 2 ** 20);
    await expect(renderPdfPages(big)).rejects.toThrow(DocumentTooLarge);
    // The limit is the caller's to set.
    await expect(readPdfStatement(good.file, { maxBytes: 1000 })).rejects.toThrow(DocumentTooLarge);
  });

  it('a PDF that is not a statement: PdfLayoutUnknown, naming every template tried and what was missing', async () => {
    const doc = new PDFDocument();
    const out = createWriteStream(file('invoice.pdf'));
    doc.pipe(out);
    doc.text('Invoice 2025-0412').text('Amount due: 1,234.56 EUR');
    doc.end();
    await new Promise<void>((r) => out.on('finish', () => r()));
    const e = await failure(readPdfStatement(file('invoice.pdf')));
    expect(e).toBeInstanceOf(PdfLayoutUnknown);
    expect(e.message).toMatch(/no statement template fits this document \(tried 3: /);
    for (const name of ['de-soll-haben', 'en-signed-amount', 'en-cr-dr-multiline']) expect(e.message).toContain(`${name}: no "`);
  });
});
