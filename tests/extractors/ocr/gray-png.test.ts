import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { grayPng } from '../../../extractors/ocr/gray-png.js';
import { StructureError } from '../../../extractors/ocr/structure-error.js';
import { crc32, line, pngOf } from './fixtures.js';

/** Random RGBA pixels (every byte value; alpha random too unless `opaque`). */
function noise(width: number, height: number, seed: number, opaque: boolean): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s >>> 16) & 0xff;
    if (opaque && i % 4 === 3) data[i] = 255;
  }
  return data;
}

/** Filters one row with PNG filter `type` (the inverse of what the reader undoes). */
function filterRow(type: number, cur: Buffer, prev: Buffer, bpp: number): Buffer {
  const out = Buffer.alloc(cur.length + 1);
  out[0] = type;
  for (let i = 0; i < cur.length; i++) {
    const a = i >= bpp ? cur[i - bpp]! : 0;
    const b = prev[i]!;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][type]!;
    out[i + 1] = (cur[i]! - predictor) & 0xff;
  }
  return out;
}

/** An 8-bit RGB or RGBA PNG from RGBA pixels, row y filtered with type y mod 5, so every filter is used. */
function encode(width: number, height: number, rgba: Buffer, colorType: 2 | 6): Buffer {
  const bpp = colorType === 6 ? 4 : 3;
  let prev = Buffer.alloc(width * bpp);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const cur = Buffer.alloc(width * bpp);
    for (let x = 0; x < width; x++) rgba.copy(cur, x * bpp, (y * width + x) * 4, (y * width + x) * 4 + bpp);
    rows.push(filterRow(y % 5, cur, prev, bpp));
    prev = cur;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const idat = deflateSync(Buffer.concat(rows));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** 0.3 R + 0.5 G + 0.2 B (leptonica's weights), rounded half up. */
const luminance = (r: number, g: number, b: number) => Math.floor((3 * r + 5 * g + 2 * b + 5) / 10);

describe('colour PNG to grey for the OCR engine', () => {
  it('gives each RGBA pixel its luminance, over white where it is transparent, with every row filter', () => {
    const [w, h] = [97, 61];
    const data = noise(w, h, 7, false);
    const png = encode(w, h, data, 6);
    const gray = PNG.sync.read(grayPng(png)!);
    expect([gray.width, gray.height]).toEqual([w, h]);
    for (let i = 0; i < w * h; i++) {
      const [r, g, b, a] = [data[4 * i]!, data[4 * i + 1]!, data[4 * i + 2]!, data[4 * i + 3]!];
      const expected = Math.floor((luminance(r, g, b) * a + 255 * (255 - a) + 127) / 255);
      // pngjs gives the grey value in R, G and B.
      expect(gray.data[4 * i], `pixel ${i}`).toBe(expected);
    }
  });

  it('converts RGB PNGs too, and the grey PNG it writes has a valid header and checksums (pngjs checks them)', () => {
    const [w, h] = [50, 40];
    const data = noise(w, h, 11, true);
    const gray = PNG.sync.read(grayPng(encode(w, h, data, 2))!, { checkCRC: true });
    for (let i = 0; i < w * h; i++) expect(gray.data[4 * i]).toBe(luminance(data[4 * i]!, data[4 * i + 1]!, data[4 * i + 2]!));
  });

  it('keeps black text on white exactly black and white (what the canvas and pdf.js render)', () => {
    const gray = PNG.sync.read(grayPng(pngOf(line('Account 12345')))!);
    const values = new Set<number>();
    for (let i = 0; i < gray.width * gray.height; i++) values.add(gray.data[4 * i]!);
    expect(values.has(0)).toBe(true);
    expect(values.has(255)).toBe(true);
  });

  it('leaves grey, palette and 16-bit PNGs alone', () => {
    const grey = PNG.sync.write(Object.assign(new PNG({ width: 4, height: 4 }), { data: noise(4, 4, 3, true) }), { colorType: 0 });
    expect(grayPng(grey)).toBeUndefined();
    const deep = encode(4, 4, noise(4, 4, 5, true), 6);
    deep[24] = 16; // IHDR bit depth
    expect(grayPng(deep)).toBeUndefined();
    const palette = Buffer.from(deep);
    palette[24] = 8;
    palette[25] = 3; // IHDR colour type: palette
    expect(grayPng(palette)).toBeUndefined();
  });

  it('refuses image data that does not inflate, or holds fewer rows than the header says, with StructureError', () => {
    const png = encode(40, 30, noise(40, 30, 9, true), 6);
    const idat = png.indexOf('IDAT', 0, 'latin1');
    const corrupt = Buffer.from(png);
    for (let i = idat + 10; i < idat + 40; i++) corrupt[i] = 0xff;
    expect(() => grayPng(corrupt)).toThrow(StructureError);
    const taller = Buffer.from(png);
    taller.writeUInt32BE(60, 20); // IHDR height: 60 rows, the data has 30
    expect(() => grayPng(taller)).toThrow(/where 40×60 pixels need/);
  });
});
