/**
 * One data row → a record or a row error. Each declared field is converted by its type; every
 * problem in the row is collected (the first is named in the error), other rows are unaffected.
 */
import { numberToDecimalText, plainDecimal, type AmountValue } from './amounts.js';
import { describeCell, isBlankCell, isErrorCell, type CellValue } from './cells.js';
import { dateCellToIso, excelSerialToIso, parseDateText } from './dates.js';
import { cellKey, type ResolvedHeader } from './header-match.js';
import type { RawRow } from './row-source.js';
import type { ResolvedField, ResolvedSpec, SheetSpec } from './spec.js';
import type { FileRef, Provenance, RowProblem, RowResult, SheetFields } from './types.js';

export interface RowContext {
  spec: ResolvedSpec;
  header: ResolvedHeader;
  file: FileRef;
  sheet: string;
  date1904: boolean;
}

type Converted<T> = { ok: true; value: T; warning?: string } | { ok: false; reason: string };

export function provenanceOf(raw: RawRow, ctx: RowContext): Provenance {
  const cells: Record<string, CellValue> = {};
  const width = Math.max(raw.cells.length, ctx.header.cellKeys.length);
  for (let i = 0; i < width; i++) {
    const v = raw.cells[i] ?? null;
    if (i >= ctx.header.cellKeys.length && v === null) continue;
    cells[cellKey(ctx.header, i)] = v;
  }
  return { file: ctx.file, sheet: ctx.sheet, row: raw.number, cells };
}

export function mapRow<S extends SheetSpec>(raw: RawRow, ctx: RowContext): RowResult<S> {
  const fields: Record<string, string | AmountValue | null> = {};
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  for (const f of ctx.spec.fields) {
    const col = ctx.header.fieldColumns.get(f.name);
    if (col === undefined) {
      fields[f.name] = null;
      continue;
    }
    const column = cellKey(ctx.header, col);
    const cell = raw.cells[col] ?? null;
    if (cell === null || isBlankCell(cell)) {
      fields[f.name] = null;
      if (f.required) problems.push({ column, field: f.name, message: 'required value is empty' });
      continue;
    }
    if (isErrorCell(cell)) {
      fields[f.name] = null;
      problems.push({ column, field: f.name, message: `the cell shows the Excel error ${cell.error}` });
      continue;
    }
    const conv = convert(f, cell, ctx);
    if (conv.ok) {
      fields[f.name] = conv.value;
      if (conv.warning) warnings.push({ column, field: f.name, message: conv.warning });
    } else {
      fields[f.name] = null;
      problems.push({ column, field: f.name, message: conv.reason });
    }
  }
  const provenance = provenanceOf(raw, ctx);
  const first = problems[0];
  if (first) {
    return {
      ok: false,
      error: {
        row: raw.number,
        column: first.column,
        field: first.field,
        message: `Row ${raw.number}, column "${first.column}": ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''} in this row)` : ''}`,
        problems,
        provenance,
      },
    };
  }
  return {
    ok: true,
    record: { fields: fields as SheetFields<S>, provenance, warnings, confidence: 1 },
  };
}

function convert(f: ResolvedField, cell: Exclude<CellValue, null>, ctx: RowContext): Converted<string | AmountValue> {
  switch (f.type) {
    case 'amount':
      return toAmount(cell, ctx.spec.amountMaxFractionDigits);
    case 'date':
      return toDate(f, cell, ctx.date1904);
    default:
      return toText(cell, ctx.date1904);
  }
}

function toAmount(cell: Exclude<CellValue, null>, maxFractionDigits: number): Converted<AmountValue> {
  if (typeof cell === 'number') {
    const t = numberToDecimalText(cell, maxFractionDigits);
    if (!t.ok) return t;
    const value: AmountValue = { raw: cell, text: t.text, source: 'number' };
    if (t.exact !== undefined) value.exact = t.exact;
    if (t.warning !== undefined) value.warning = t.warning;
    return { ok: true, value, ...(t.warning ? { warning: t.warning } : {}) };
  }
  if (typeof cell === 'string') return { ok: true, value: { raw: cell, text: cell.trim(), source: 'text' } };
  return { ok: false, reason: `${describeCell(cell)} is not an amount` };
}

function toDate(f: ResolvedField, cell: Exclude<CellValue, null>, date1904: boolean): Converted<string> {
  if (cell instanceof Date) {
    const r = dateCellToIso(cell, date1904);
    return r.ok ? r : { ok: false, reason: r.reason };
  }
  if (typeof cell === 'number') {
    const r = excelSerialToIso(cell, date1904);
    return r.ok ? r : { ok: false, reason: `number ${r.reason}` };
  }
  if (typeof cell === 'string') {
    if (!f.dateFormat) {
      return { ok: false, reason: `"${cell.trim()}" is text, and no date format is declared for this column` };
    }
    const r = parseDateText(cell, f.dateFormat);
    return r.ok ? r : { ok: false, reason: r.reason };
  }
  return { ok: false, reason: `${describeCell(cell)} is not a date` };
}

function toText(cell: Exclude<CellValue, null>, date1904: boolean): Converted<string> {
  if (typeof cell === 'string') return { ok: true, value: cell.trim() };
  if (typeof cell === 'number') {
    if (Math.abs(cell) >= 1e15) {
      return {
        ok: false,
        reason: `the number ${cell} has more digits than Excel keeps (15), so digits are lost; format the column as text`,
      };
    }
    return Number.isFinite(cell) ? { ok: true, value: plainDecimal(cell) } : { ok: false, reason: `${cell} is not a number` };
  }
  if (typeof cell === 'boolean') return { ok: true, value: cell ? 'TRUE' : 'FALSE' };
  if (cell instanceof Date) {
    const r = dateCellToIso(cell, date1904);
    return r.ok ? r : { ok: false, reason: r.reason };
  }
  return { ok: false, reason: `${describeCell(cell)} is not text` };
}
