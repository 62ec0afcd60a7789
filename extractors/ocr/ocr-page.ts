/**
 * What OCR gives for one page: lines and words with boxes (pixels, origin top-left) and
 * confidences (0–100), and the same page as `PageText` for the layout engine, so a scanned
 * statement is read with the templates of a digital one.
 */
import type Tesseract from 'tesseract.js';
import type { PageText } from '../layout/index.js';

export interface OcrBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OcrWord {
  text: string;
  /** 0–100, as tesseract rates the word. */
  confidence: number;
  box: OcrBox;
}

export interface OcrLine {
  text: string;
  confidence: number;
  box: OcrBox;
  words: OcrWord[];
  /** Index of the paragraph the line belongs to (in reading order, across blocks). */
  paragraph: number;
}

export interface OcrPage {
  file: string;
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  /** Mean word confidence as tesseract reports it. */
  confidence: number;
  /** Lines in reading order; paragraphs separated by a blank line. */
  text: string;
  lines: OcrLine[];
  /** Every word of `lines`, in reading order (the same objects). */
  words: OcrWord[];
  /** The page as the engine read it, as a PNG, when asked for (crops of fields to review). */
  image?: Buffer;
}

const toBox = (b: Tesseract.Bbox): OcrBox => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 });

export function toOcrPage(
  data: Tesseract.Page,
  where: { file: string; page: number; width: number; height: number },
  image?: Buffer,
): OcrPage {
  const lines: OcrLine[] = [];
  let paragraph = 0;
  for (const block of data.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const words = line.words
          .map((w) => ({ text: w.text.trim(), confidence: w.confidence, box: toBox(w.bbox) }))
          .filter((w) => w.text !== '');
        if (words.length) lines.push({ text: words.map((w) => w.text).join(' '), confidence: line.confidence, box: toBox(line.bbox), words, paragraph });
      }
      paragraph++;
    }
  }
  const text = lines.map((l, i) => (i > 0 && l.paragraph !== lines[i - 1]!.paragraph ? '\n' : '') + l.text).join('\n');
  return { ...where, confidence: data.confidence, text, lines, words: lines.flatMap((l) => l.words), ...(image ? { image } : {}) };
}

/** The page's words as positioned text (origin 'ocr'), for the layout engine. */
export function toPageText(page: OcrPage): PageText {
  return {
    page: page.page,
    width: page.width,
    height: page.height,
    origin: 'ocr',
    items: page.words.map((w) => ({ text: w.text, ...w.box, confidence: w.confidence })),
  };
}
