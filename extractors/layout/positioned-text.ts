/**
 * Text with a position on a page: what pdf.js gives for a PDF's text layer, and what OCR gives
 * for a scanned page. The PDF layout engine (lines by y, columns by x) works on either, so a
 * scanned statement is read with the same templates as a digital one.
 *
 * Coordinates: origin at the top-left of the page, y growing downwards, in PDF points for a
 * text layer and in pixels for an image. `x`,`y` is the top-left corner of the text's box.
 */
export interface PositionedText {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0–100; OCR only (a text layer is read, not recognised). */
  confidence?: number;
}

export interface PageText {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  /** 'text-layer' for a PDF's own text, 'ocr' when recognised from an image. */
  origin: 'text-layer' | 'ocr';
  items: PositionedText[];
}
