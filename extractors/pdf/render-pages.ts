/**
 * PDF pages to PNG images (pdf-parse's `getScreenshot`: pdf.js drawing on @napi-rs/canvas), for
 * OCR of pages that have no text layer. The file is checked as for reading (size bound, a PDF,
 * not cut off, not encrypted without its password) before anything is drawn.
 */
import { PDFParse } from 'pdf-parse';
import { pdfError, pdfjsParams, readPdfBytes, type OpenPdfOptions, type PdfBytes } from './open-pdf.js';

export interface RenderPagesOptions extends OpenPdfOptions {
  /** 1-based page numbers; default every page. */
  pages?: number[];
  /** Resolution in dots per inch (default 300, what OCR wants). Ignored when `scale` is given. */
  dpi?: number;
  /** Pixels per PDF point (72 per inch): scale 1 is 72 dpi. */
  scale?: number;
}

export interface RenderedPage {
  /** 1-based. */
  page: number;
  png: Buffer;
  /** In pixels, as in the PNG. */
  width: number;
  height: number;
  /** Pixels per PDF point: a box in points times `scale` is the box in this image. */
  scale: number;
}

const MAX_DPI = 1200;

export async function renderPdfPages(file: string, options: RenderPagesOptions = {}): Promise<RenderedPage[]> {
  renderScale(options); // a bad scale is refused before the file is read
  return renderPdfBytes(await readPdfBytes(file, options), options);
}

/** As `renderPdfPages`, for a PDF already read and checked (`readPdfBytes` or `checkPdfBytes`). */
export async function renderPdfBytes(pdf: PdfBytes, options: RenderPagesOptions = {}): Promise<RenderedPage[]> {
  const scale = renderScale(options);
  const { file } = pdf;
  const parser = new PDFParse(pdfjsParams(pdf.bytes, { ...options, forRendering: true }) as ConstructorParameters<typeof PDFParse>[0]);
  try {
    const { total } = await parser.getInfo();
    const wanted = options.pages ?? Array.from({ length: total }, (_, i) => i + 1);
    const outside = wanted.filter((p) => !Number.isInteger(p) || p < 1 || p > total);
    if (outside.length) throw new RangeError(`${file} has ${total} page(s); no page ${outside.join(', ')}`);
    if (wanted.length === 0) return [];
    const shots = await parser.getScreenshot({ partial: wanted, scale, imageBuffer: true, imageDataUrl: false });
    return shots.pages.map((s) => {
      const png = Buffer.from(s.data.buffer, s.data.byteOffset, s.data.byteLength);
      const { width, height } = pngSize(png);
      return { page: s.pageNumber, png, width, height, scale };
    });
  } catch (e) {
    throw pdfError(e, file, options, 'while rendering');
  } finally {
    await parser.destroy();
  }
}

function renderScale(options: RenderPagesOptions): number {
  const scale = options.scale ?? (options.dpi ?? 300) / 72;
  if (!(scale > 0) || scale > MAX_DPI / 72) throw new RangeError(`render scale must be above 0 and at most ${MAX_DPI} dpi (got scale ${scale})`);
  return scale;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
