/**
 * extractors/layout — text with positions, the shape the PDF reader and OCR both give a page in,
 * so that one set of statement templates reads a digital and a scanned statement alike.
 */
export type { PageText, PositionedText } from './positioned-text.js';
