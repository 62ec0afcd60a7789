/**
 * The generated pages of the `ocr` benchmark: one bank statement page, A4 at 300 dpi (2480×3508,
 * 10 pt text, about 42 px), written
 *   - as an 8-bit grey PNG, as a PDF page rendered for OCR reaches the engine;
 *   - as a bilevel (1 bit a pixel) TIFF, uncompressed, as a document management system exports it;
 *   - as a bilevel TIFF as a sheet-fed scanner writes it: PackBits strips, the page 0.3° askew and
 *     specks of dust, the kind of page fax servers and scan stations hand a back office.
 * Drawn with pdf.js's Liberation Sans, so no system font is needed.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

const require = createRequire(import.meta.url);
const WIDTH = 2480;
const HEIGHT = 3508;
const DPI = 300;

type Context = ReturnType<ReturnType<typeof createCanvas>['getContext']>;

interface Text {
  text: string;
  x: number;
  y: number;
  size: number;
}

/** What the page says, where: a heading, the account line and 42 entries in three columns. */
function statementTexts(): Text[] {
  const texts: Text[] = [
    { text: 'Account statement 7/2024   Musterbank AG', x: 200, y: 300, size: 58 },
    { text: 'IBAN DE89 3704 0044 0532 0130 00   Opening balance 12.345,67 EUR', x: 200, y: 420, size: 42 },
  ];
  const words = ['Transfer', 'Direct debit', 'Card payment', 'Standing order', 'Salary', 'Rent', 'Insurance', 'Utilities'];
  for (let i = 0; i < 42; i++) {
    const y = 560 + i * 68;
    const amount = (((i * 7919) % 90000) / 100 + 1).toFixed(2).replace('.', ',');
    texts.push(
      { text: `${String((i % 28) + 1).padStart(2, '0')}.07.2024`, x: 200, y, size: 42 },
      { text: `${words[i % words.length]} ref ${100200 + i * 37} Stadtwerke Musterstadt`, x: 520, y, size: 42 },
      { text: `${i % 3 ? '-' : ''}${amount}`, x: 1950, y, size: 42 },
    );
  }
  return texts;
}

/** The words printed on the generated page (for a word error rate that does not depend on reading order). */
export const statementWords = (): string[] => statementTexts().flatMap((t) => t.text.split(/\s+/).filter(Boolean));

function drawStatement(g: Context): void {
  const font = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf');
  GlobalFonts.registerFromPath(font, 'BenchSans');
  g.fillStyle = '#000';
  for (const t of statementTexts()) {
    g.font = `${t.size}px BenchSans`;
    g.fillText(t.text, t.x, t.y);
  }
}

function page(skewDegrees = 0) {
  const canvas = createCanvas(WIDTH, HEIGHT);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, WIDTH, HEIGHT);
  if (skewDegrees) {
    g.translate(WIDTH / 2, HEIGHT / 2);
    g.rotate((skewDegrees * Math.PI) / 180);
    g.translate(-WIDTH / 2, -HEIGHT / 2);
  }
  drawStatement(g);
  return { canvas, g };
}

/** The statement page as an 8-bit grey PNG. */
export function greyStatementPng(file: string): void {
  const { canvas } = page();
  writeFileSync(file, canvas.toBuffer('image/png'));
}

/** The statement page as a bilevel TIFF: `clean` (uncompressed, straight) or `scanned` (PackBits, askew, specks). */
export function bilevelStatementTiff(file: string, kind: 'clean' | 'scanned'): void {
  const scanned = kind === 'scanned';
  const { g } = page(scanned ? 0.3 : 0);
  const rgba = g.getImageData(0, 0, WIDTH, HEIGHT).data;
  const rowBytes = Math.ceil(WIDTH / 8);
  const bits = Buffer.alloc(rowBytes * HEIGHT);
  const black = (x: number, y: number) => (bits[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7));
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) if (rgba[(y * WIDTH + x) * 4]! < 128) black(x, y);
  if (scanned) {
    // Dust: 3,000 specks of 1–3 px, from a fixed seed so every run reads the same page.
    let seed = 20240701;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 3000; i++) {
      const x0 = Math.floor(next() * (WIDTH - 3));
      const y0 = Math.floor(next() * (HEIGHT - 3));
      const size = 1 + Math.floor(next() * 3);
      for (let dy = 0; dy < size; dy++) for (let dx = 0; dx < size; dx++) black(x0 + dx, y0 + dy);
    }
  }
  const rows = Array.from({ length: HEIGHT }, (_, y) => bits.subarray(y * rowBytes, (y + 1) * rowBytes));
  writeFileSync(file, bilevelTiff(WIDTH, HEIGHT, scanned ? rows.map(packBits) : rows, scanned ? 32773 : 1));
}

/** PackBits (TIFF compression 32773) of one row: literal runs and repeats of up to 128 bytes. */
function packBits(row: Buffer): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < row.length) {
    let run = 1;
    while (i + run < row.length && run < 128 && row[i + run] === row[i]) run++;
    if (run > 1) {
      out.push(257 - run, row[i]!);
      i += run;
      continue;
    }
    const start = i;
    while (i < row.length && i - start < 128 && !(i + 1 < row.length && row[i + 1] === row[i])) i++;
    if (i === start) i++;
    out.push(i - start - 1, ...row.subarray(start, i));
  }
  return Buffer.from(out);
}

/** A one-page, little-endian bilevel TIFF (WhiteIsZero), one strip a row, 300 dpi. */
function bilevelTiff(width: number, height: number, rows: Buffer[], compression: 1 | 32773): Buffer {
  const entries: [tag: number, type: number, count: number, value: number][] = [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 1],
    [259, 3, 1, compression],
    [262, 3, 1, 0],
    [273, 4, height, 0],
    [277, 3, 1, 1],
    [278, 4, 1, 1],
    [279, 4, height, 0],
    [282, 5, 1, 0],
    [283, 5, 1, 0],
    [296, 3, 1, 2],
  ];
  const ifd = 8;
  const offsetsAt = ifd + 2 + entries.length * 12 + 4;
  const countsAt = offsetsAt + 4 * height;
  const resolutionAt = countsAt + 4 * height;
  const dataAt = resolutionAt + 16;
  const head = Buffer.alloc(dataAt);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(ifd, 4);
  head.writeUInt16LE(entries.length, ifd);
  const pointers: Record<number, number> = { 273: offsetsAt, 279: countsAt, 282: resolutionAt, 283: resolutionAt + 8 };
  entries.forEach(([tag, type, count, value], k) => {
    const e = ifd + 2 + k * 12;
    head.writeUInt16LE(tag, e);
    head.writeUInt16LE(type, e + 2);
    head.writeUInt32LE(count, e + 4);
    if (pointers[tag] !== undefined) head.writeUInt32LE(pointers[tag]!, e + 8);
    else if (type === 3) head.writeUInt16LE(value, e + 8);
    else head.writeUInt32LE(value, e + 8);
  });
  let at = dataAt;
  rows.forEach((r, y) => {
    head.writeUInt32LE(at, offsetsAt + 4 * y);
    head.writeUInt32LE(r.length, countsAt + 4 * y);
    at += r.length;
  });
  for (const o of [resolutionAt, resolutionAt + 8]) {
    head.writeUInt32LE(DPI, o);
    head.writeUInt32LE(1, o + 4);
  }
  return Buffer.concat([head, ...rows]);
}
