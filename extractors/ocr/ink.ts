/**
 * Is there ink in a region of a page, beyond its ruling? For the marks on a form that OCR does not
 * read: a ticked box, a signature. Dark pixels are counted after leaving out long straight runs
 * (horizontal or vertical, a quarter of the region's smaller side or more): the box's border, a
 * signature line, even slanted on a skewed scan (a thin line at a small angle is still made of long
 * runs). Pen strokes, ticks and crosses are made of short runs; dust specks are too few to count.
 */
import { PNG } from 'pngjs';
import type { OcrBox } from './ocr-page.js';

export interface InkReader {
  /** Share (0–1) of the region's pixels that are dark and not part of a ruling line. */
  inkRatio(box: OcrBox): number;
}

/** A dark pixel: luminance under this (0–255). */
const DARK = 128;
/** A run this long (share of the region's smaller side) is ruling, not a mark. */
const RULING_RUN = 0.25;
/** Pixels a run may skip and still be one line. */
const GAP = 2;

export function inkReader(png: Buffer): InkReader {
  const img = PNG.sync.read(png);
  return {
    inkRatio(box) {
      const x0 = Math.max(0, Math.floor(box.x));
      const y0 = Math.max(0, Math.floor(box.y));
      const w = Math.min(img.width, Math.ceil(box.x + box.width)) - x0;
      const h = Math.min(img.height, Math.ceil(box.y + box.height)) - y0;
      if (w <= 0 || h <= 0) return 0;
      const dark = new Uint8Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const i = ((y0 + y) * img.width + x0 + x) * 4;
          if (0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]! < DARK) dark[y * w + x] = 1;
        }
      }
      const minRun = Math.max(8, Math.round(RULING_RUN * Math.min(w, h)));
      const ruling = new Uint8Array(w * h);
      // A run may skip a gap of up to GAP pixels: a thin line thresholded to one bit breaks up.
      const markRuns = (count: number, length: number, at: (line: number, k: number) => number) => {
        for (let line = 0; line < count; line++) {
          let start = -1;
          let lastOn = -1;
          for (let k = 0; k <= length; k++) {
            const on = k < length && dark[at(line, k)] === 1;
            if (on) {
              if (start < 0) start = k;
              lastOn = k;
              continue;
            }
            if (start >= 0 && (k === length || k - lastOn > GAP)) {
              if (lastOn + 1 - start >= minRun) for (let j = start; j <= lastOn; j++) ruling[at(line, j)] = 1;
              start = -1;
            }
          }
        }
      };
      markRuns(h, w, (y, x) => y * w + x);
      markRuns(w, h, (x, y) => y * w + x);
      let ink = 0;
      for (let i = 0; i < dark.length; i++) if (dark[i] && !ruling[i]) ink++;
      return ink / (w * h);
    },
  };
}
