/**
 * reporting — document writers for people: the files a run's parent writes (JSON, XLSX, PDF, and the
 * summary the board's run page shows, with pages of its own) and what the PDF reports share.
 *
 *   writeRunReport(dataDir, runId, { json, summary, xlsx, pdf })   // <dataDir>/reports/<runId>.*, each replaced whole
 *   capRows(rows, what), SHOWN_ROWS                                // the board shows at most SHOWN_ROWS rows a table
 *   writePdf(file, title, draw), pdfBars(doc, title, rows, y, colour) // an A4 PDF; horizontal bar charts
 */
export { capRows, SHOWN_ROWS, writeRunReport, type RunSummaryFile, type SummaryPage, type SummaryTable } from './run-report.js';
export { pdfBars, writePdf } from './pdf.js';
