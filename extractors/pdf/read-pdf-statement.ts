/**
 * A PDF account statement → a checked `Statement`. The file is size-bounded and checked before
 * pdf.js sees it; each page's text layer is read with positions; pages that are only images are
 * handed to OCR (or refused with `PdfNeedsOcr`); then the template that fits reads the table.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { PageText } from '../layout/index.js';
import type { Statement } from '../statement/index.js';
import { PdfNeedsOcr, PdfStatementUnreadable } from './errors.js';
import { openPdfDocument, pdfError, readPdfBytes, type OpenPdfOptions } from './open-pdf.js';
import { statementFromPages } from './statement-from-pages.js';
import type { CompiledTemplate, StatementTemplate } from './template.js';
import { paintsImages, textLayerOf } from './text-layer.js';

/** Reads the given (1-based) pages of a PDF as positioned text, e.g. the extractors/ocr reader. */
export type OcrPages = (file: string, pages: number[]) => Promise<PageText[]>;

export interface ReadPdfStatementOptions extends OpenPdfOptions {
  /** Templates to choose from (default: the built-in ones, extractors/pdf/templates/). */
  templates?: readonly (StatementTemplate | CompiledTemplate)[];
  /** Reads pages that have no text layer; without it such pages are a `PdfNeedsOcr` error. */
  ocr?: OcrPages;
}

export interface PdfPages {
  /** Pages with a text layer, in order. */
  text: PageText[];
  /** Pages with no text that paint an image: scans, for OCR. */
  imageOnly: number[];
  /** Pages with neither text nor an image. */
  blank: number[];
}

/** Every page's text layer, and which pages are images only. */
export async function pdfPages(file: string, options: OpenPdfOptions = {}): Promise<PdfPages & { sha256: string }> {
  const pdf = await readPdfBytes(file, options);
  const doc = await openPdfDocument(pdf, options);
  try {
    return { ...(await readPages(doc, file, options)), sha256: pdf.sha256 };
  } finally {
    await doc.destroy();
  }
}

async function readPages(doc: PDFDocumentProxy, file: string, options: OpenPdfOptions): Promise<PdfPages> {
  const out: PdfPages = { text: [], imageOnly: [], blank: [] };
  for (let n = 1; n <= doc.numPages; n++) {
    try {
      const page = await doc.getPage(n);
      const text = await textLayerOf(page);
      if (text.items.length > 0) out.text.push(text);
      else if (await paintsImages(page)) out.imageOnly.push(n);
      else out.blank.push(n);
      page.cleanup();
    } catch (e) {
      throw pdfError(e, file, options, `page ${n}`);
    }
  }
  return out;
}

export async function readPdfStatement(file: string, options: ReadPdfStatementOptions = {}): Promise<Statement> {
  const pages = await pdfPages(file, options);
  const all = [...pages.text];
  if (pages.imageOnly.length > 0) {
    const list = pages.imageOnly.join(', ');
    if (!options.ocr) {
      throw new PdfNeedsOcr(`${file}: page${pages.imageOnly.length > 1 ? 's' : ''} ${list} ha${pages.imageOnly.length > 1 ? 've' : 's'} no text layer (scanned images); OCR is needed to read ${pages.imageOnly.length > 1 ? 'them' : 'it'} and is not enabled`, {
        file,
        pages: pages.imageOnly,
      });
    }
    const recognised = await options.ocr(file, pages.imageOnly);
    const missing = pages.imageOnly.filter((p) => !recognised.some((r) => r.page === p));
    if (missing.length) throw new PdfStatementUnreadable(`${file}: OCR returned no text for page ${missing.join(', ')}`, { file, pages: missing });
    all.push(...recognised.filter((r) => pages.imageOnly.includes(r.page)));
  }
  if (all.every((p) => p.items.length === 0)) {
    throw new PdfStatementUnreadable(`${file}: the PDF has no text on any page (${pages.blank.length} blank page(s))`, { file });
  }
  return statementFromPages(all, { file, sha256: pages.sha256, ...(options.templates ? { templates: options.templates } : {}) });
}
