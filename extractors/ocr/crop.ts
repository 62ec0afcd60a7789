/** Crops of a page image (PNG in, PNG out), for fields a person must check. */
import { PNG } from 'pngjs';
import type { OcrBox } from './ocr-page.js';

export interface PageRaster {
  width: number;
  height: number;
  /** The region, clipped to the page, as a PNG; and the box actually cut. */
  crop(box: OcrBox): { png: Buffer; box: OcrBox };
}

/** Decodes the page once; each crop copies its rows out of it. */
export function pageRaster(png: Buffer): PageRaster {
  const page = PNG.sync.read(png);
  return {
    width: page.width,
    height: page.height,
    crop(box) {
      const x = clamp(Math.floor(box.x), 0, page.width - 1);
      const y = clamp(Math.floor(box.y), 0, page.height - 1);
      const width = clamp(Math.ceil(box.x + box.width) - x, 1, page.width - x);
      const height = clamp(Math.ceil(box.y + box.height) - y, 1, page.height - y);
      const out = new PNG({ width, height });
      PNG.bitblt(page, out, x, y, width, height, 0, 0);
      return { png: PNG.sync.write(out), box: { x, y, width, height } };
    },
  };
}

/** The box grown by `pad` pixels on every side. */
export function padBox(box: OcrBox, pad: number): OcrBox {
  return { x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));
