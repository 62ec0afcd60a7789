/**
 * A PDF page's own text (pdf.js `getTextContent`) as `PageText`: boxes in points, origin top-left,
 * y down. A page with no text at all is told apart from a blank page by whether it paints images
 * (a scan), so only scans are handed to OCR.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { PageText, PositionedText } from '../layout/index.js';

/** Ascent and descent (in font-size units) when pdf.js knows nothing of the font. */
const DEFAULT_ASCENT = 0.8;
const DEFAULT_DESCENT = -0.2;

interface RawTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

export async function textLayerOf(page: PDFPageProxy): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items: PositionedText[] = [];
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const item = raw as RawTextItem;
    if (item.str.trim() === '' || !(item.height > 0)) continue;
    const style = content.styles[item.fontName];
    const ascent = style && style.ascent > 0 ? style.ascent : DEFAULT_ASCENT;
    const descent = style && style.descent < 0 ? style.descent : DEFAULT_DESCENT;
    const size = item.height;
    const [x, baseline] = viewport.convertToViewportPoint(item.transform[4]!, item.transform[5]!) as [number, number];
    items.push({ text: item.str, x, y: baseline - ascent * size, width: item.width, height: (ascent - descent) * size });
  }
  return { page: page.pageNumber, width: viewport.width, height: viewport.height, origin: 'text-layer', items };
}

/** Whether the page paints any image (checked only for pages without text: it costs a content-stream pass). */
export async function paintsImages(page: PDFPageProxy): Promise<boolean> {
  const ops = await page.getOperatorList();
  return ops.fnArray.some((op) => op === OPS.paintImageXObject || op === OPS.paintInlineImageXObject || op === OPS.paintImageXObjectRepeat);
}
