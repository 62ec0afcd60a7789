/**
 * Cell values as the reader passes them on: exceljs's many shapes (rich text, formulas, hyperlinks,
 * shared strings) reduced to a small union. CSV cells are always strings.
 */
import type ExcelJS from 'exceljs';

export type CellValue = string | number | boolean | Date | { error: string } | null;

/** Reduce an exceljs cell value to a {@link CellValue}: formulas give their cached result. */
export function fromExcelValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  const v = value as unknown as Record<string, unknown>;
  if ('error' in v && typeof v.error === 'string') return { error: v.error };
  if ('richText' in v && Array.isArray(v.richText)) {
    return (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  }
  if ('formula' in v || 'sharedFormula' in v) {
    return fromExcelValue(v.result as ExcelJS.CellValue | undefined);
  }
  if ('hyperlink' in v && 'text' in v) {
    return fromExcelValue(v.text as ExcelJS.CellValue | undefined);
  }
  if ('text' in v && typeof v.text === 'string') return v.text;
  return JSON.stringify(value);
}

export function isBlankCell(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

export function isErrorCell(v: CellValue | undefined): v is { error: string } {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && 'error' in v;
}

/** A short human description of a cell for messages. */
export function describeCell(v: CellValue | undefined): string {
  if (v === null || v === undefined) return 'empty';
  if (v instanceof Date) return `date ${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()}`;
  if (isErrorCell(v)) return `error ${v.error}`;
  if (typeof v === 'string') return `"${v}"`;
  return String(v);
}

/** Display text of a header cell. */
export function headerText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (isErrorCell(v)) return v.error;
  return String(v).trim();
}
