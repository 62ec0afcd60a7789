/** What the format readers hand to the row mapper: numbered rows of plain cell values. */
import type { CellValue } from './cells.js';

export interface RawRow {
  /** 1-based row number as Excel shows it. */
  number: number;
  /** Cell values by 0-based column index (A = 0). */
  cells: CellValue[];
}

export interface RowSource {
  sheet: string;
  rows: AsyncIterable<RawRow>;
  /** Release files and streams (also when iteration stops early). */
  close(): void;
  /** XLSX: the workbook's date system (1904 when true); undefined for CSV. */
  date1904?: boolean;
}
