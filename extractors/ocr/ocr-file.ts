/**
 * A scan file → OCR pages. Images (PNG, JPEG, single- or multi-page TIFF) are read directly;
 * the pages of a PDF are rendered to PNG first (extractors/pdf/render-pages.ts, pdf.js) at
 * `pdfDpi`. A colour PNG (a rendered page among them) is handed to the engine in grey
 * (gray-png.ts). The file is bounded in bytes before it is read and in pixels before it is decoded,
 * its format comes from its first bytes, and a damaged image is refused before the engine sees it.
 */
import type { OcrConfig } from '../../config/schema.js';
import { readBounded, type BoundedFile } from '../input/index.js';
import type { PageText } from '../layout/index.js';
import { checkPdfBytes } from '../pdf/index.js';
import { renderPdfBytes } from '../pdf/index.js';
import { ImageDamaged } from './errors.js';
import { grayPng } from './gray-png.js';
import { detectScanFormat, inspectImage } from './image-format.js';
import { toOcrPage, toPageText, type OcrPage } from './ocr-page.js';
import type { OcrPool } from './pool.js';
import { StructureError } from './structure-error.js';

export type OcrReadLimits = Pick<OcrConfig, 'maxFileBytes' | 'maxPixels' | 'pdfDpi'>;

export interface OcrFileOptions extends Partial<OcrReadLimits> {
  /** 1-based pages to read; default all. */
  pages?: number[];
  /** Keep each page's image (PNG) on the result, for crops. */
  keepImage?: boolean;
}

/** The defaults of the `ocr` config section, for callers without a config at hand. */
export const DEFAULT_READ_LIMITS: OcrReadLimits = { maxFileBytes: 50 * 1024 * 1024, maxPixels: 40_000_000, pdfDpi: 300 };

interface PageImage {
  page: number;
  bytes: Buffer;
  width: number;
  height: number;
  isPng: boolean;
  dpi?: number;
}

export async function ocrFile(pool: OcrPool, file: string, options: OcrFileOptions = {}): Promise<OcrPage[]> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options };
  const read = await readBounded(file, limits.maxFileBytes, 'scan');
  const images = detectScanFormat(read.bytes, file) === 'pdf' ? await pdfPageImages(read, limits, options.pages) : imagePages(read.bytes, file, limits, options.pages);
  return Promise.all(
    images.map(async (img) => {
      const label = images.length > 1 || img.page > 1 ? `${file} page ${img.page}` : file;
      const data = await pool.recognize({
        image: img.isPng ? engineImage(img.bytes, label) : img.bytes,
        label,
        ...(img.dpi ? { dpi: img.dpi } : {}),
        keepImage: !!options.keepImage && !img.isPng,
      });
      const image = options.keepImage ? (img.isPng ? img.bytes : pngFromDataUrl(data.imageColor)) : undefined;
      return toOcrPage(data, { file, page: img.page, width: img.width, height: img.height }, image);
    }),
  );
}

/**
 * The hook the PDF statement reader takes for pages without a text layer:
 * `(file, pages) => Promise<PageText[]>`, words in pixels of the page rendered at `pdfDpi`.
 */
export function ocrPdfPages(pool: OcrPool, limits: Partial<OcrReadLimits> = {}): (file: string, pages: number[]) => Promise<PageText[]> {
  return async (file, pages) => (await ocrFile(pool, file, { ...limits, pages })).map(toPageText);
}

function imagePages(bytes: Buffer, file: string, limits: OcrReadLimits, wanted?: number[]): PageImage[] {
  const info = inspectImage(bytes, file, limits.maxPixels);
  return selectPages(info.pages.length, file, wanted).map((page) => ({
    page,
    bytes: info.pageBytes(page),
    ...info.pages[page - 1]!,
    isPng: info.format === 'png',
  }));
}

/** The PDF's pages rendered from the bytes already read (not read a second time). */
async function pdfPageImages({ path: file, bytes, sha256 }: BoundedFile, limits: OcrReadLimits, wanted?: number[]): Promise<PageImage[]> {
  checkPdfBytes(bytes, file);
  const rendered = await renderPdfBytes({ file, bytes, sha256 }, { dpi: limits.pdfDpi, ...(wanted ? { pages: wanted } : {}) });
  return rendered.map((r) => {
    // The rendered PNG is checked like any image (its pixel count above all).
    inspectImage(r.png, `${file} page ${r.page}`, limits.maxPixels);
    return { page: r.page, bytes: r.png, width: r.width, height: r.height, isPng: true, dpi: r.scale * 72 };
  });
}

/** A colour PNG goes to the engine in grey (gray-png.ts says why); other images as they are. */
function engineImage(png: Buffer, label: string): Buffer {
  try {
    return grayPng(png) ?? png;
  } catch (e) {
    if (!(e instanceof StructureError)) throw e;
    throw new ImageDamaged(`${label} is a damaged PNG image: ${e.message}`, { file: label, format: 'png' }, { cause: e });
  }
}

function selectPages(total: number, file: string, wanted?: number[]): number[] {
  if (!wanted) return Array.from({ length: total }, (_, i) => i + 1);
  const outside = wanted.filter((p) => !Number.isInteger(p) || p < 1 || p > total);
  if (outside.length) throw new RangeError(`${file} has ${total} page(s); no page ${outside.join(', ')}`);
  return wanted;
}

function pngFromDataUrl(dataUrl: string | null): Buffer {
  if (!dataUrl) throw new Error('the OCR engine returned no page image although one was asked for');
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}
