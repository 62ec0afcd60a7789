import { describe, expect, it } from 'vitest';
import { DocumentTooLarge } from '../../../extractors/input/read-bounded.js';
import { characterErrorRate } from '../../../extractors/ocr/error-rate.js';
import { ImageDamaged, NotAnImage } from '../../../extractors/ocr/errors.js';
import { detectScanFormat, inspectImage } from '../../../extractors/ocr/image-format.js';
import { jpegOf, line, pngOf, tiffOf } from './fixtures.js';

const MAX = 40_000_000;
const png = pngOf(line('Hello', 300));
const jpeg = jpegOf(line('Hello', 300));
const tiff = tiffOf([pngOf(line('one', 200)), pngOf(line('two', 240))]);

describe('scan format by first bytes', () => {
  it('knows PNG, JPEG, TIFF (both byte orders) and PDF, whatever the name', () => {
    expect(detectScanFormat(png, 'x.pdf')).toBe('png');
    expect(detectScanFormat(jpeg, 'x.png')).toBe('jpeg');
    expect(detectScanFormat(tiff, 'x')).toBe('tiff');
    expect(detectScanFormat(Buffer.from('MM\0*\0\0\0\x08', 'latin1'), 'x')).toBe('tiff');
    expect(detectScanFormat(Buffer.from('junk\n%PDF-1.7\n'), 'x')).toBe('pdf');
  });

  it('refuses anything else with NotAnImage naming the file and its first bytes', () => {
    const garbage = Buffer.from([0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]);
    expect(() => detectScanFormat(garbage, 'scan.png')).toThrow(NotAnImage);
    expect(() => detectScanFormat(garbage, 'scan.png')).toThrow(/scan\.png is not a PNG, JPEG, TIFF or PDF \(it starts with 13 37 de ad/);
    expect(() => detectScanFormat(Buffer.alloc(0), 'empty.tif')).toThrow(/empty \(0 bytes\)/);
    expect(() => detectScanFormat(Buffer.from('<html>error 404</html>'), 'scan.jpg')).toThrow(NotAnImage);
  });
});

describe('image structure', () => {
  it('gives size and pages of whole images', () => {
    expect(inspectImage(png, 'a.png', MAX)).toMatchObject({ format: 'png', pages: [{ width: 300, height: 80 }] });
    expect(inspectImage(jpeg, 'a.jpg', MAX)).toMatchObject({ format: 'jpeg', pages: [{ width: 300, height: 80 }] });
    const t = inspectImage(tiff, 'a.tif', MAX);
    expect(t).toMatchObject({ format: 'tiff', pages: [{ width: 200, height: 80 }, { width: 240, height: 80 }] });
    expect(t.pageBytes(1)).toBe(tiff);
    // Page 2 is the same bytes with the header pointing at the second directory.
    const second = inspectImage(t.pageBytes(2), 'p2.tif', MAX);
    expect(second.pages[0]).toEqual({ width: 240, height: 80 });
  });

  it.each([
    ['PNG', png, /damaged PNG image: .*truncated/],
    ['JPEG', jpeg, /damaged JPEG image: .*truncated/],
    ['TIFF', tiff, /damaged TIFF image: .*truncated/],
  ])('refuses a truncated %s with ImageDamaged', (_name, bytes, message) => {
    for (const keep of [0.5, 0.9, 0.999]) {
      const cut = bytes.subarray(0, Math.floor(bytes.length * keep));
      expect(() => inspectImage(cut, 'cut', MAX)).toThrow(ImageDamaged);
      expect(() => inspectImage(cut, 'cut', MAX)).toThrow(message);
    }
  });

  it('refuses a TIFF whose directories loop', () => {
    const looped = Buffer.from(tiff);
    const first = looped.readUInt32LE(4);
    const next = first + 2 + looped.readUInt16LE(first) * 12;
    looped.writeUInt32LE(first, next);
    expect(() => inspectImage(looped, 'loop.tif', MAX)).toThrow(/directories loop/);
  });

  it('refuses an image with more pixels than the limit before decoding it, naming its size', () => {
    // A PNG header declaring 100000 × 100000 pixels (as a decompression bomb would).
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(100_000, 16);
    bomb.writeUInt32BE(100_000, 20);
    expect(() => inspectImage(bomb, 'bomb.png', MAX)).toThrow(DocumentTooLarge);
    expect(() => inspectImage(bomb, 'bomb.png', MAX)).toThrow(/100000×100000 PNG image \(10000000000 pixels\); the limit is 40000000/);
    expect(() => inspectImage(png, 'small.png', 1000)).toThrow(DocumentTooLarge);
  });
});

describe('character error rate', () => {
  it('is edits over the truth\'s length, whitespace collapsed', () => {
    expect(characterErrorRate('hello  world\n', 'hello world')).toBe(0);
    expect(characterErrorRate('hallo world', 'hello world')).toBeCloseTo(1 / 11);
    expect(characterErrorRate('', 'abcd')).toBe(1);
    expect(characterErrorRate('abXcd', 'abcd')).toBe(0.25);
  });
});
