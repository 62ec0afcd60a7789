/**
 * extractors/pdf — PDF account statements to a checked `Statement`, by declarative layout
 * templates (extractors/pdf/templates/*.yaml); pages without a text layer go to OCR. Also renders
 * pages to PNG for OCR. See README.md for adding a bank's layout.
 */
export { readPdfStatement, pdfPages, type ReadPdfStatementOptions, type OcrPages, type PdfPages } from './read-pdf-statement.js';
export { statementFromPages, type StatementFromPagesOptions } from './statement-from-pages.js';
export { renderPdfBytes, renderPdfPages, type RenderPagesOptions, type RenderedPage } from './render-pages.js';
export { checkPdfBytes, DEFAULT_MAX_PDF_BYTES, type OpenPdfOptions } from './open-pdf.js';
export { compileTemplate, templateSchema, KNOWN_COLUMNS, type StatementTemplate, type CompiledTemplate } from './template.js';
export { builtInTemplates, loadTemplateDir, loadTemplateFile, BUILT_IN_TEMPLATES_DIR } from './templates.js';
export { NotAPdf, PdfDamaged, PdfEncrypted, PdfNeedsOcr, PdfLayoutUnknown, PdfStatementUnreadable, PdfTemplateInvalid } from './errors.js';
// The layout engine, for any positioned text (a text layer or OCR words).
export { groupLines, wordsOf, boxOf, type TextLine, type Word } from './layout/lines.js';
export { HeaderMatcher, cellsOf, type Align, type Cell, type ColumnDef, type HeaderColumn } from './layout/columns.js';
