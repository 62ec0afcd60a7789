/**
 * Images made in the tests: text drawn with Liberation Sans (the copy pdf.js ships, so the pictures
 * are the same on every machine whatever fonts it has), as PNG or JPEG, and a small uncompressed
 * grey TIFF writer for multi-page and truncated TIFFs.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { PNG } from 'pngjs';

const require = createRequire(import.meta.url);
const FONT = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf');
GlobalFonts.registerFromPath(FONT, 'TestSans');

export const corpusDir = path.resolve(process.cwd(), '../shared/corpus/ocr');
export const corpusPresent = existsSync(path.join(corpusDir, 'phototest.tif'));

export interface Text {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  size?: number;
  /** CSS colour; default black. */
  color?: string;
}

export interface Picture {
  width: number;
  height: number;
  texts: Text[];
  /** Drawn after the text: e.g. strokes that smudge a value. */
  scribble?: { from: [number, number]; to: [number, number]; width: number; color: string }[];
}

function draw(p: Picture) {
  const canvas = createCanvas(p.width, p.height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, p.width, p.height);
  for (const t of p.texts) {
    g.fillStyle = t.color ?? '#000000';
    g.font = `${t.size ?? 28}px TestSans`;
    g.fillText(t.text, t.x, t.y);
  }
  for (const s of p.scribble ?? []) {
    g.strokeStyle = s.color;
    g.lineWidth = s.width;
    g.beginPath();
    g.moveTo(...s.from);
    g.lineTo(...s.to);
    g.stroke();
  }
  return canvas;
}

export const pngOf = (p: Picture): Buffer => draw(p).toBuffer('image/png');
export const jpegOf = (p: Picture): Buffer => draw(p).toBuffer('image/jpeg', 92);

/** A one-line picture of `text`. */
export const line = (text: string, width = 700, size = 32): Picture => ({ width, height: 80, texts: [{ text, x: 20, y: 52, size }] });

/** An 8-bit grey, uncompressed, little-endian TIFF with one page per PNG. */
export function tiffOf(pngs: Buffer[]): Buffer {
  const pages = pngs.map((b) => {
    const img = PNG.sync.read(b);
    const grey = Buffer.alloc(img.width * img.height);
    for (let i = 0; i < grey.length; i++) grey[i] = Math.round((img.data[4 * i]! + img.data[4 * i + 1]! + img.data[4 * i + 2]!) / 3);
    return { width: img.width, height: img.height, grey };
  });
  const ENTRIES = 9;
  const ifdSize = 2 + ENTRIES * 12 + 4;
  const total = 8 + pages.reduce((n, p) => n + ifdSize + p.grey.length, 0);
  const out = Buffer.alloc(total);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  let at = 8;
  out.writeUInt32LE(at, 4);
  pages.forEach((p, i) => {
    const ifd = at;
    const data = ifd + ifdSize;
    const tags: [number, number, number][] = [
      [256, 4, p.width],
      [257, 4, p.height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, data],
      [277, 3, 1],
      [278, 4, p.height],
      [279, 4, p.grey.length],
    ];
    out.writeUInt16LE(ENTRIES, ifd);
    tags.forEach(([tag, type, value], k) => {
      const e = ifd + 2 + k * 12;
      out.writeUInt16LE(tag, e);
      out.writeUInt16LE(type, e + 2);
      out.writeUInt32LE(1, e + 4);
      if (type === 3) out.writeUInt16LE(value, e + 8);
      else out.writeUInt32LE(value, e + 8);
    });
    at = data + p.grey.length;
    out.writeUInt32LE(i < pages.length - 1 ? at : 0, ifd + 2 + ENTRIES * 12);
    p.grey.copy(out, data);
  });
  return out;
}

/** CRC-32 as PNG chunks carry it (over the chunk type and data). */
export function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}
