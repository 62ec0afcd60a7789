import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIban } from '../../../banking/index.js';
import { extractFields, readForm, type FieldResult, type FormResult, type FormSpec } from '../../../extractors/ocr/fields.js';
import { ocrPdfPages } from '../../../extractors/ocr/ocr-file.js';
import { OcrPool } from '../../../extractors/ocr/pool.js';
import { pngOf, tiffOf, type Picture } from './fixtures.js';

/**
 * A direct-debit mandate as a scan would give it: labels with values to their right or below,
 * two columns (Amount | Date of signature), and a reference smudged by pen strokes.
 */
const FORM: Picture = {
  width: 1000,
  height: 520,
  texts: [
    { text: 'Direct debit mandate', x: 40, y: 60, size: 36 },
    { text: 'IBAN', x: 40, y: 140 },
    { text: 'DE89 3704 0044 0532 0130 00', x: 260, y: 140 },
    { text: 'Creditor', x: 620, y: 60 },
    { text: 'Stadtwerke Musterstadt', x: 620, y: 100, size: 24 },
    { text: 'Account holder', x: 40, y: 210 },
    { text: 'Erika Mustermann', x: 40, y: 250 },
    { text: 'Amount', x: 40, y: 330 },
    { text: 'Date of signature', x: 520, y: 330 },
    { text: 'EUR 1.234,56', x: 40, y: 370 },
    { text: '15.03.2024', x: 520, y: 370 },
    { text: 'Reference', x: 40, y: 460 },
    { text: 'MNDT-2024-0815', x: 260, y: 460, color: '#aaaaaa' },
  ],
  scribble: Array.from({ length: 5 }, (_, i) => ({
    from: [255 + i * 30, 430 + (i % 3) * 12] as [number, number],
    to: [300 + i * 30, 470 - (i % 2) * 20] as [number, number],
    width: 2,
    color: '#333333',
  })),
};

const SPEC = {
  fields: {
    iban: { label: 'IBAN', direction: 'right', pattern: /[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?/, check: isIban },
    creditor: { label: /Creditor/, direction: 'below' },
    holder: { label: 'Account holder', direction: 'below' },
    amount: { label: 'Amount', direction: 'below', pattern: /EUR\s*[\d.]+,\d{2}/ },
    signed: { label: 'Date of signature', direction: 'below', pattern: /\d{2}\.\d{2}\.\d{4}/ },
    reference: { label: 'Reference', direction: 'right' },
    mandateId: { label: 'Mandate ID', direction: 'right' },
  },
} satisfies FormSpec;

const pool = new OcrPool({ workers: 2, recycleAfterPages: 50, pageTimeoutMs: 30_000 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'ocr-form-'));
const formPng = pngOf(FORM);
let form: FormResult<keyof typeof SPEC.fields>;

beforeAll(async () => {
  // A TIFF scan: its page image for the crops comes from the engine (PNG input would be reused as is).
  const file = path.join(dir, 'mandate.tif');
  writeFileSync(file, tiffOf([formPng]));
  form = await readForm(pool, file, SPEC, { minConfidence: 80 });
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectCrop(f: FieldResult, width?: number, height?: number) {
  expect(f.crop).toBeInstanceOf(Buffer);
  const img = PNG.sync.read(f.crop!);
  expect(img.width).toBe(f.cropBox!.width);
  expect(img.height).toBe(f.cropBox!.height);
  if (width !== undefined) expect(img.width).toBe(width);
  if (height !== undefined) expect(img.height).toBe(height);
  // The crop holds the value's (or label's) box.
  const inner = f.box ?? f.provenance.labelBox;
  if (inner) {
    expect(f.cropBox!.x).toBeLessThanOrEqual(inner.x);
    expect(f.cropBox!.y).toBeLessThanOrEqual(inner.y);
    expect(f.cropBox!.x + f.cropBox!.width).toBeGreaterThanOrEqual(inner.x + inner.width);
    expect(f.cropBox!.y + f.cropBox!.height).toBeGreaterThanOrEqual(inner.y + inner.height);
  }
}

describe('form fields by anchors', () => {
  it('reads values right of their label and below it, with boxes and provenance', () => {
    const f = form.fields;
    expect(f.holder).toMatchObject({ value: 'Erika Mustermann', needsReview: false, provenance: { file: path.join(dir, 'mandate.tif'), page: 1, source: 'Account holder' } });
    expect(f.holder.confidence).toBeGreaterThanOrEqual(80);
    expect(f.holder.crop).toBeUndefined();
    // Value below, left-aligned with the label: x about 40, baseline 250 (28 px font).
    expect(f.holder.box!.x).toBeGreaterThanOrEqual(36);
    expect(f.holder.box!.x).toBeLessThanOrEqual(46);
    expect(f.holder.box!.y).toBeGreaterThan(f.holder.provenance.labelBox!.y + f.holder.provenance.labelBox!.height);
    expect(f.holder.box).toEqual(f.holder.provenance.box);

    // Two columns: each label takes the value under it, not its neighbour's.
    expect(f.amount).toMatchObject({ value: 'EUR 1.234,56', needsReview: false });
    expect(f.signed).toMatchObject({ value: '15.03.2024', needsReview: false });
    expect(f.signed.box!.x).toBeGreaterThan(500);
    expect(f.creditor).toMatchObject({ value: 'Stadtwerke Musterstadt', needsReview: false });

    // Right of the label, by pattern and checksum.
    expect(f.iban.value).toBe('DE89 3704 0044 0532 0130 00');
    expect(f.iban.box!.x).toBeGreaterThan(250);
    expect(f.iban.provenance.source).toBe('IBAN');
    // The engine rates "DE89" low (a letters-and-digits word its dictionary dislikes) although it is
    // read right: the field's confidence is its weakest word's, and review follows from it.
    const words = form.pages[0]!.words.filter((w) => w.box.y < f.iban.box!.y + f.iban.box!.height && w.box.y + w.box.height > f.iban.box!.y && w.box.x >= f.iban.box!.x);
    expect(f.iban.confidence).toBe(Math.min(...words.map((w) => w.confidence)));
    expect(f.iban.needsReview).toBe(f.iban.confidence < 80);
    if (f.iban.needsReview) {
      expect(f.iban.reason).toBe('low-confidence');
      expectCrop(f.iban);
    }
  });

  it('marks a smudged value for review, with a PNG crop of label and value', () => {
    const ref = form.fields.reference;
    expect(ref.needsReview).toBe(true);
    expect(ref.reason).toBe('low-confidence');
    expect(ref.value).not.toBe('MNDT-2024-0815');
    expect(ref.confidence).toBeLessThan(80);
    expectCrop(ref);
    // Label and value, padded by half the label's height.
    expect(ref.cropBox!.x).toBeLessThanOrEqual(ref.provenance.labelBox!.x);
  });

  it('a label not on the page: needs review, with the whole page as the crop', () => {
    const m = form.fields.mandateId;
    expect(m).toMatchObject({ value: null, confidence: 0, box: null, needsReview: true, reason: 'label-not-found', provenance: { page: 1, source: 'Mandate ID' } });
    expectCrop(m, FORM.width, FORM.height);
  });

  it('a value that fails its check needs review whatever its confidence', () => {
    const forged = extractFields(form.pages, { fields: { iban: { ...SPEC.fields.iban, check: (v: string) => v.endsWith('99') } }, minConfidence: 0 });
    expect(forged.iban).toMatchObject({ value: 'DE89 3704 0044 0532 0130 00', needsReview: true, reason: 'check-failed' });
    expectCrop(forged.iban);
  });

  it('a higher minConfidence puts every field up for review, each with its crop', () => {
    const strict = extractFields(form.pages, { ...SPEC, minConfidence: 99.9 });
    for (const [key, field] of Object.entries(strict)) {
      expect(field.needsReview, key).toBe(true);
      expectCrop(field);
    }
  });

  it('a value missing next to its label: the label\'s neighbourhood is the crop', () => {
    const page = form.pages[0]!;
    const missing = extractFields([page], { fields: { ref: { label: 'Reference', direction: 'right', pattern: /^[A-Z]{4}-\d{4}-\d{4}$/ } } });
    expect(missing.ref).toMatchObject({ value: null, needsReview: true, reason: 'value-not-found' });
    expectCrop(missing.ref);
    expect(missing.ref.cropBox!.width).toBeGreaterThan(missing.ref.provenance.labelBox!.width);
  });
});

describe('image-only PDF pages', () => {
  it('are rendered and read as PageText for the PDF layout engine (origin ocr, pixels)', async () => {
    // The form at 150 dpi on a PDF page of 480 × 249.6 pt, read back at 150 dpi.
    const file = path.join(dir, 'scanned.pdf');
    const doc = new PDFDocument({ size: [480, 249.6], margin: 0 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => doc.on('end', resolve));
    doc.image(formPng, 0, 0, { width: 480, height: 249.6 });
    doc.end();
    await done;
    writeFileSync(file, Buffer.concat(chunks));

    const [page] = await ocrPdfPages(pool, { pdfDpi: 150 })(file, [1]);
    expect(page).toMatchObject({ page: 1, width: 1000, height: 520, origin: 'ocr' });
    const text = page!.items.map((i) => i.text).join(' ');
    expect(text).toContain('Account holder Erika Mustermann');
    expect(text).toContain('15.03.2024');
    const erika = page!.items.find((i) => i.text === 'Erika')!;
    expect(erika.x).toBeGreaterThan(30);
    expect(erika.x).toBeLessThan(50);
    expect(erika.confidence).toBeGreaterThan(80);
  });
});
