/**
 * What a scan file is, by its first bytes (never by its name), and whether its structure holds
 * together before any decoder sees it: a truncated PNG, JPEG or TIFF is refused here with a clear
 * error instead of reaching tesseract, and the pixel count is known before anything is decoded.
 */
import { DocumentTooLarge } from '../input/index.js';
import { ImageDamaged, NotAnImage } from './errors.js';
import { inspectJpeg } from './jpeg.js';
import { inspectPng } from './png.js';
import { StructureError } from './structure-error.js';
import { inspectTiff, tiffPage } from './tiff.js';

export type ImageFormat = 'png' | 'jpeg' | 'tiff';
export type ScanFormat = ImageFormat | 'pdf';

export interface ImageInfo {
  format: ImageFormat;
  /** Size of each page in pixels: more than one page only for a multi-page TIFF. */
  pages: { width: number; height: number }[];
  /** The bytes to give tesseract for page `n` (1-based). */
  pageBytes(n: number): Buffer;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF_MAGIC = Buffer.from('%PDF-');
const FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', tiff: 'TIFF' };

export function detectScanFormat(bytes: Buffer, file: string): ScanFormat {
  if (bytes.length === 0) throw new NotAnImage(`${file} is empty (0 bytes), not a scan`, { file });
  if (bytes.subarray(0, 8).equals(PNG_MAGIC)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const order = bytes.subarray(0, 2).toString('latin1');
  if ((order === 'II' && bytes[2] === 42 && bytes[3] === 0) || (order === 'MM' && bytes[2] === 0 && bytes[3] === 42)) return 'tiff';
  // A PDF's header may follow up to 1 KiB of junk (PDF 32000-1, annex H).
  if (bytes.subarray(0, 1024).includes(PDF_MAGIC)) return 'pdf';
  throw new NotAnImage(`${file} is not a PNG, JPEG, TIFF or PDF (it starts with ${hexHead(bytes)})`, { file, head: hexHead(bytes) });
}

/**
 * Format, size and page count of an image, after checking that its structure is complete
 * (PNG chunks up to IEND, JPEG segments up to EOI, every TIFF directory and strip inside the file).
 * `ImageDamaged` when not; `DocumentTooLarge` when it has more than `maxPixels` pixels.
 */
export function inspectImage(bytes: Buffer, file: string, maxPixels: number): ImageInfo {
  const format = detectScanFormat(bytes, file);
  if (format === 'pdf') throw new NotAnImage(`${file} is a PDF, not an image: read it with ocrFile or ocrPdfPages`, { file });
  let info: Omit<ImageInfo, 'format'>;
  try {
    if (format === 'tiff') {
      const layout = inspectTiff(bytes);
      info = { pages: layout.pages, pageBytes: (n) => tiffPage(bytes, layout, n) };
    } else {
      const { width, height } = format === 'png' ? inspectPng(bytes) : inspectJpeg(bytes);
      info = { pages: [{ width, height }], pageBytes: () => bytes };
    }
  } catch (e) {
    if (!(e instanceof StructureError)) throw e;
    throw new ImageDamaged(`${file} is a damaged ${FORMAT_NAMES[format]} image: ${e.message}`, { file, format, bytes: bytes.length }, { cause: e });
  }
  info.pages.forEach(({ width, height }, i) => {
    const where = info.pages.length > 1 ? ` (page ${i + 1})` : '';
    if (width === 0 || height === 0) {
      throw new ImageDamaged(`${file} is a damaged ${FORMAT_NAMES[format]} image: it declares ${width}×${height} pixels${where}`, { file, format });
    }
    if (width * height > maxPixels) {
      throw new DocumentTooLarge(
        `${file} is a ${width}×${height} ${FORMAT_NAMES[format]} image${where} (${width * height} pixels); the limit is ${maxPixels} pixels`,
        { file, width, height, limit: maxPixels },
      );
    }
  });
  return { format, ...info };
}

function hexHead(bytes: Buffer): string {
  return bytes.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim();
}
