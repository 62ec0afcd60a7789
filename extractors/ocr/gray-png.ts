/**
 * A colour PNG → the same page as an 8-bit grey PNG, before it goes to the OCR engine.
 *
 * Why: tesseract reads words from a grey image anyway. Given a colour page (a PDF page rendered by
 * pdf.js is RGBA; so are most screenshots and many scans), the engine first decodes 4 bytes a pixel
 * in wasm (libpng, about 0.2 s for an A4 page at 300 dpi) and then thresholds each colour channel
 * apart. Decoding here runs zlib natively, and the engine gets a quarter of the bytes and one
 * channel: about 0.35 s less engine time on an A4 page for some 0.1 s of ours.
 *
 * The grey value is luminance with leptonica's weights (0.3 R + 0.5 G + 0.2 B, rounded), the conversion
 * tesseract applies to a colour page for its recogniser, so the words, boxes and confidences come
 * out the same. A transparent pixel is taken over white, as a viewer shows it.
 *
 * Only 8-bit, non-interlaced RGB and RGBA PNGs are converted; anything else (grey already,
 * palette, 16-bit, interlaced) is returned as `undefined` and given to the engine as it is.
 * A PNG whose chunks or compressed data are broken throws `StructureError`.
 */
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { inspectPng } from './png.js';
import { StructureError } from './structure-error.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const RGB = 2;
const RGBA = 6;

export function grayPng(png: Buffer): Buffer | undefined {
  const { width, height, bitDepth, colorType, interlace, idat } = inspectPng(png);
  const data = Buffer.concat(idat);
  if (bitDepth !== 8 || interlace !== 0 || (colorType !== RGB && colorType !== RGBA)) return undefined;
  const channels = colorType === RGBA ? 4 : 3;
  const stride = width * channels;
  let raw: Buffer;
  try {
    raw = inflateSync(data, { maxOutputLength: height * (stride + 1) + 1 });
  } catch (e) {
    throw new StructureError(`its compressed image data cannot be read (${(e as Error).message})`);
  }
  if (raw.length < height * (stride + 1)) {
    throw new StructureError(`its image data holds ${raw.length} bytes where ${width}×${height} pixels need ${height * (stride + 1)}`);
  }
  const out = Buffer.allocUnsafe(height * (width + 1));
  let prev = row(stride);
  let cur = row(stride);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    unfilter(raw[at]!, raw.subarray(at + 1, at + 1 + stride), prev, cur, channels, y);
    const o = y * (width + 1);
    out[o] = 0;
    const px = cur.bytes;
    if (channels === 4) {
      const words = cur.words;
      for (let x = 0, i = 0; x < width; x++, i += 4) {
        // Text pages are mostly opaque white and black: those two skip the arithmetic.
        const w = words[x]!;
        if (w === OPAQUE_WHITE) out[o + 1 + x] = 255;
        else if (w === OPAQUE_BLACK) out[o + 1 + x] = 0;
        else {
          const lum = luminance(px[i]!, px[i + 1]!, px[i + 2]!);
          const a = px[i + 3]!;
          out[o + 1 + x] = a === 255 ? lum : (lum * a + 255 * (255 - a) + 127) / 255;
        }
      }
    } else {
      for (let x = 0, i = 0; x < width; x++, i += 3) out[o + 1 + x] = luminance(px[i]!, px[i + 1]!, px[i + 2]!);
    }
    [prev, cur] = [cur, prev];
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(out, { level: 1, strategy: constants.Z_RLE })), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * round(0.3 R + 0.5 G + 0.2 B), in integers: ⌊(3R + 5G + 2B + 5) / 10⌋, the division done as
 * × 6554 >> 16, which is exact for every value up to 10 × 255 + 5.
 */
const luminance = (r: number, g: number, b: number): number => ((3 * r + 5 * g + 2 * b + 5) * 6554) >>> 16;

/** A decoded row, as bytes and as 32-bit words over the same memory (an RGBA pixel is one word). */
interface Row {
  bytes: Uint8Array;
  words: Uint32Array;
}

function row(stride: number): Row {
  const buffer = new ArrayBuffer(Math.ceil(stride / 4) * 4);
  return { bytes: new Uint8Array(buffer, 0, stride), words: new Uint32Array(buffer) };
}

/** The word of an RGBA pixel in this machine's byte order. */
const rgbaWord = (r: number, g: number, b: number, a: number) => new Uint32Array(Uint8Array.from([r, g, b, a]).buffer)[0]!;
const OPAQUE_WHITE = rgbaWord(255, 255, 255, 255);
const OPAQUE_BLACK = rgbaWord(0, 0, 0, 255);

/** PNG filter types 0–4 (PNG spec, section 9), undone into `cur`. */
function unfilter(filter: number, line: Uint8Array, prevRow: Row, curRow: Row, bpp: number, y: number): void {
  const n = line.length;
  const prev = prevRow.bytes;
  const cur = curRow.bytes;
  switch (filter) {
    case 0:
      cur.set(line);
      return;
    case 1:
      for (let i = 0; i < n; i++) cur[i] = line[i]! + (i >= bpp ? cur[i - bpp]! : 0);
      return;
    case 2: {
      // Up, four bytes at a time: each byte lane adds without carrying into the next (the words
      // past the row's end hold whatever; they are never read as pixels).
      cur.set(line);
      const c = curRow.words;
      const p = prevRow.words;
      for (let i = 0; i < c.length; i++) {
        const a = c[i]!;
        const b = p[i]!;
        c[i] = ((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080);
      }
      return;
    }
    case 3:
      for (let i = 0; i < n; i++) cur[i] = line[i]! + (((i >= bpp ? cur[i - bpp]! : 0) + prev[i]!) >> 1);
      return;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? cur[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        cur[i] = line[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
    default:
      throw new StructureError(`row ${y + 1} of its image data has filter type ${filter}; PNG knows 0 to 4`);
  }
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, body, crc]);
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 of a PNG chunk (type and data), continued from `crc` (of the bytes before). */
function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
