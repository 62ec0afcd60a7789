/** Public result types of the sheet reader. */
import type { AmountValue } from './amounts.js';
import type { CellValue } from './cells.js';
import type { ColumnSpec, CsvDelimiter, CsvEncoding, SheetSpec } from './spec.js';

export interface FileRef {
  path: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
}

/** Where a record came from. */
export interface Provenance {
  file: FileRef;
  /** Worksheet name for XLSX, 'csv' for CSV. */
  sheet: string;
  /** 1-based row number as the user sees it in Excel (for CSV: the record number, counting blank lines). */
  row: number;
  /** The raw cell values of the row keyed by header text ("Column F" for a column without header). */
  cells: Record<string, CellValue>;
}

/** The value type of one declared field. */
export type FieldValue<C extends ColumnSpec> = [C] extends [{ type: 'amount' }]
  ? AmountValue
  : [C] extends [{ type: 'text' | 'date' }]
    ? string
    : 'type' extends keyof C
      ? string | AmountValue // type not known statically (a wide ColumnSpec)
      : string; // type omitted: 'text'

/** Values of a record: required fields are never null; optional ones are null when empty or absent. */
export type SheetFields<S extends SheetSpec> = {
  -readonly [K in keyof S['columns']]: [S['columns'][K]] extends [{ required: true }]
    ? FieldValue<S['columns'][K]>
    : FieldValue<S['columns'][K]> | null;
};

export interface RowProblem {
  /** Header text of the column (as in the file). */
  column: string;
  /** The declared field name. */
  field: string;
  message: string;
}

export interface SheetRecord<S extends SheetSpec = SheetSpec> {
  fields: SheetFields<S>;
  provenance: Provenance;
  /** Values read but flagged for review (e.g. a floating-point artefact in an amount). */
  warnings: RowProblem[];
  /** A spreadsheet cell is read, not recognised: always 1. */
  confidence: 1;
}

export interface RowError {
  row: number;
  /** Header text of the (first) bad column. */
  column: string;
  field: string;
  /** "Row 7, column 'Execution date': ..." */
  message: string;
  /** All problems of the row (the first is repeated in column/field/message). */
  problems: RowProblem[];
  provenance: Provenance;
}

export type RowResult<S extends SheetSpec = SheetSpec> =
  | { ok: true; record: SheetRecord<S> }
  | { ok: false; error: RowError };

export interface HeaderInfo {
  /** Row number of the header. */
  row: number;
  /** The fields found, with the header text and column letter. */
  columns: { field: string; header: string; column: string }[];
  /** Optional fields whose column is not in the file (their values are null). */
  missingOptional: string[];
  /** Non-empty header cells that no field uses. */
  unmappedHeaders: string[];
}

export interface TotalsCheck {
  /** Row number of the totals row. */
  row: number;
  rule: 'label' | 'keyless-last-row';
  /** Header text of the amount column. */
  column: string;
  /** The figure in the totals row (decimal string), null when the cell is empty or unreadable. */
  stated: string | null;
  /** Exact decimal sum of the data rows' amounts. */
  computed: string;
  rowsSummed: number;
  /**
   * match / mismatch; unchecked when the stated figure or a row's text amount cannot be read exactly
   * (see `reason` and `unsummableRows`).
   */
  status: 'match' | 'mismatch' | 'unchecked';
  /** stated − computed, when both are known. */
  difference?: string;
  reason?: string;
  unsummableRows?: number[];
}

export interface SheetFinding {
  code: 'totals-mismatch' | 'totals-unchecked' | 'trailing-rows' | 'encoding-declared-over-bom';
  message: string;
  details?: Record<string, unknown>;
}

export interface SheetSummary {
  file: FileRef & { bytes: number };
  format: 'xlsx' | 'csv';
  sheet: string;
  encoding?: CsvEncoding;
  encodingSource?: 'declared' | 'bom' | 'detected';
  delimiter?: CsvDelimiter;
  delimiterSource?: 'declared' | 'detected' | 'default';
  /** XLSX only. */
  dateSystem?: '1900' | '1904';
  header: HeaderInfo;
  totals?: TotalsCheck;
  counts: {
    /** Data rows read (records + row errors). */
    dataRows: number;
    records: number;
    rowErrors: number;
    /** Blank rows skipped after the header. */
    blankRows: number;
    /** Non-blank rows after the totals row (not read as data). */
    trailingRows: number;
  };
  /** Row numbers of rows after the totals row (first 100). */
  trailingRows: number[];
  /** File-level findings: reported, not thrown. */
  findings: SheetFinding[];
}

/** Streaming result: iterate the rows; `summary` settles once iteration has finished. */
export interface SheetReader<S extends SheetSpec = SheetSpec> extends AsyncIterable<RowResult<S>> {
  /**
   * Resolves after the last row has been iterated; rejects with the SheetFileError that ended the
   * iteration, or with an Error if iteration was abandoned early. Never an unhandled rejection.
   */
  readonly summary: Promise<SheetSummary>;
}

export type SheetReadResult<S extends SheetSpec = SheetSpec> = SheetSummary & { rows: RowResult<S>[] };
