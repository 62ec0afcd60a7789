/**
 * Pages without a text layer: refused with PdfNeedsOcr when no OCR is given, handed to the OCR
 * function (only those pages) when it is, and read by the same templates from OCR words in pixels.
 * Also: rendering pages to PNG for OCR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageText } from '../../../extractors/layout/positioned-text.js';
import { PdfNeedsOcr, readPdfStatement, renderPdfPages } from '../../../extractors/pdf/index.js';
import { centsDecimal, makeStatement, ocrWords, writeStatementPdf, type WrittenStatement } from '../../fixtures/pdf/statement-pdf.js';

let dir: string;
let scanned: WrittenStatement;
let textPdf: WrittenStatement;
const model = makeStatement('multiline', { seed: 11, entries: 45 });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-ocr-'));
  scanned = await writeStatementPdf(model, path.join(dir, 'scanned.pdf'), { imageOnly: true });
  textPdf = await writeStatementPdf(model, path.join(dir, 'text.pdf'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('image-only PDF', () => {
  it('without OCR: PdfNeedsOcr naming the pages and saying to enable OCR', async () => {
    const err = await readPdfStatement(scanned.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfNeedsOcr);
    const e = err as PdfNeedsOcr;
    expect(scanned.pages).toBeGreaterThan(1);
    expect(e.message).toContain(`pages ${Array.from({ length: scanned.pages }, (_, i) => i + 1).join(', ')}`);
    expect(e.message).toMatch(/no text layer/);
    expect(e.whatNext).toMatch(/enable OCR/);
    expect(e.details.pages).toEqual(Array.from({ length: scanned.pages }, (_, i) => i + 1));
  });

  it('with OCR: the image pages go to it, and its words (in pixels) are read by the same template', async () => {
    const calls: { file: string; pages: number[] }[] = [];
    const ocr = async (file: string, pages: number[]): Promise<PageText[]> => {
      calls.push({ file, pages });
      return pages.map((p) => ocrWords(scanned.drawn[p - 1]!, 300));
    };
    const s = await readPdfStatement(scanned.file, { ocr });
    expect(calls).toEqual([{ file: scanned.file, pages: Array.from({ length: scanned.pages }, (_, i) => i + 1) }]);
    expect(s.format).toBe('ocr');
    expect(s.entries).toHaveLength(model.entries.length);
    model.entries.forEach((m, i) => {
      const e = s.entries[i]!;
      expect(e.amount.toString()).toBe(centsDecimal(m.cents));
      expect(e.bookingDate).toBe(m.bookingDate);
      expect(e.remittance).toBe(m.description.join(' '));
    });
    expect(s.closing.amount.toString()).toBe(centsDecimal(model.closingCents));
    // Boxes are in the OCR image's pixels (300 dpi): 300/72 times the points of the text layer.
    const fromText = await readPdfStatement(textPdf.file);
    const a = s.entries[3]!.provenance.box!;
    const b = fromText.entries[3]!.provenance.box!;
    expect(a.x / b.x).toBeCloseTo(300 / 72, 1);
    expect(a.y / b.y).toBeCloseTo(300 / 72, 1);
  });

  it('a text PDF never calls OCR', async () => {
    let called = false;
    const s = await readPdfStatement(textPdf.file, { ocr: async () => ((called = true), []) });
    expect(called).toBe(false);
    expect(s.format).toBe('pdf');
  });
});

describe('renderPdfPages', () => {
  it('draws the chosen pages to PNG at the asked resolution', async () => {
    const shots = await renderPdfPages(scanned.file, { pages: [2], dpi: 72 });
    expect(shots).toHaveLength(1);
    const shot = shots[0]!;
    expect(shot.page).toBe(2);
    expect(shot.scale).toBe(1);
    expect(Math.abs(shot.width - 595.28)).toBeLessThan(1);
    expect(Math.abs(shot.height - 841.89)).toBeLessThan(1);
    const png = PNG.sync.read(shot.png);
    expect([png.width, png.height]).toEqual([shot.width, shot.height]);
    // The scan has a dark bar where each word stands, and light paper elsewhere.
    const word = scanned.drawn[1]!.items.find((t) => t.width > 40)!;
    const at = (x: number, y: number) => png.data[(Math.round(y) * png.width + Math.round(x)) * 4]!;
    expect(at(word.x + word.width / 2, word.y + word.height / 2)).toBeLessThan(80);
    expect(at(word.x + word.width / 2, word.y - 4)).toBeGreaterThan(200);
  });

  it('renders a text page too, with its fonts', async () => {
    const [shot] = await renderPdfPages(textPdf.file, { pages: [1], scale: 0.5 });
    expect(Math.abs(shot!.width - 595.28 / 2)).toBeLessThan(1);
    const png = PNG.sync.read(shot!.png);
    // Ink where the title's text stands, none on the empty paper to its right.
    const title = textPdf.drawn[0]!.items[0]!;
    const inkIn = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = Math.floor(y0 / 2); y < y1 / 2; y++) for (let x = Math.floor(x0 / 2); x < x1 / 2; x++) if (png.data[(y * png.width + x) * 4]! < 128) n++;
      return n;
    };
    expect(inkIn(title.x, title.y, title.x + title.width, title.y + title.height)).toBeGreaterThan(20);
    expect(inkIn(title.x + title.width + 20, title.y, 560, title.y + title.height)).toBe(0);
  });

  it('names pages that are not in the file', async () => {
    await expect(renderPdfPages(scanned.file, { pages: [99] })).rejects.toThrow(/has \d+ page\(s\); no page 99/);
  });
});
