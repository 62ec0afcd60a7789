/**
 * extractors/sheet — instruction files (XLSX, CSV) to records by a declared column mapping, with
 * provenance. Generic: knows nothing about payments; amounts stay text/number for banking/ to parse.
 */
export { readSheet, readSheetAll } from './read-sheet.js';
export type { ReadOptions } from './read-sheet.js';
export { defineSheetSpec, DEFAULT_TOTAL_LABELS } from './spec.js';
export type { SheetSpec, ColumnSpec, TotalsSpec, CsvSpec, FieldType, CsvEncoding, CsvDelimiter } from './spec.js';
export { SheetFileError, SheetSpecError } from './errors.js';
export type { SheetFileErrorCode } from './errors.js';
export type { AmountValue } from './amounts.js';
export type { CellValue } from './cells.js';
export type {
  FileRef,
  Provenance,
  FieldValue,
  SheetFields,
  SheetRecord,
  RowError,
  RowProblem,
  RowResult,
  HeaderInfo,
  TotalsCheck,
  SheetFinding,
  SheetSummary,
  SheetReader,
  SheetReadResult,
} from './types.js';
// Building blocks, exported for reuse and tests.
export { excelSerialToIso, dateCellToIso, parseDateText, compileDateFormat, type DateFormat } from './dates.js';
export { numberToDecimalText, plainDecimal } from './amounts.js';
export { normalizeHeader } from './normalize.js';
export { detectDelimiter } from './delimiter.js';
