/**
 * The totals row: recognising it (rules in spec.ts, TotalsSpec) and checking its figure against the
 * exact decimal sum of the data rows (decimal.js, never binary floats).
 */
import { Decimal } from 'decimal.js';
import { numberToDecimalText } from './amounts.js';
import { describeCell, isBlankCell, type CellValue } from './cells.js';
import { normalizeHeader } from './normalize.js';
import type { RawRow } from './row-source.js';
import type { ResolvedTotals } from './spec.js';
import type { TotalsCheck } from './types.js';

/** The label when the first non-empty cell of the row is a totals label ("Total", "Summe:"...). */
export function totalsLabel(row: RawRow, totals: ResolvedTotals): string | undefined {
  const first = row.cells.find((c) => !isBlankCell(c));
  if (first === undefined || typeof first !== 'string') return undefined;
  return totals.labels.has(normalizeHeader(first)) ? first.trim() : undefined;
}

/** All key fields empty and an amount present (the keyless-last-row rule; the caller checks "last"). */
export function isKeylessWithAmount(row: RawRow, totals: ResolvedTotals, fieldColumns: Map<string, number>): boolean {
  const amountCol = fieldColumns.get(totals.amountField);
  if (amountCol === undefined || isBlankCell(row.cells[amountCol])) return false;
  return totals.keyFields.every((f) => {
    const col = fieldColumns.get(f);
    return col === undefined || isBlankCell(row.cells[col]);
  });
}

export type SumParse = { ok: true; value: Decimal } | { ok: false; reason: string };

const UNAMBIGUOUS = /^\d+([.,]\d{1,2})?$/;
/** Amount text forms by decimal separator: grouped by thousands, or plain; and the group marks. */
const SEPARATED = {
  ',': { grouped: /^\d{1,3}([.'’]\d{3})+(,\d+)?$/, simple: /^\d+(,\d+)?$/, group: /[.'’]/g },
  '.': { grouped: /^\d{1,3}([,'’]\d{3})+(\.\d+)?$/, simple: /^\d+(\.\d+)?$/, group: /[,'’]/g },
} as const;

/**
 * A cell as an exact decimal for the sum. Numbers: their decimal text (see amounts.ts). Text: currency
 * symbols/codes and spaces removed, sign by "-", "−", trailing "-" or parentheses; separators by the
 * declared decimal separator, or only unambiguous forms when none is declared.
 */
export function parseForSum(cell: CellValue | undefined, decimalSeparator: '.' | ',' | undefined, maxFractionDigits: number): SumParse {
  if (isBlankCell(cell)) return { ok: true, value: new Decimal(0) };
  if (typeof cell === 'number') {
    const t = numberToDecimalText(cell, maxFractionDigits);
    return t.ok ? { ok: true, value: new Decimal(t.text) } : { ok: false, reason: t.reason };
  }
  if (typeof cell !== 'string') return { ok: false, reason: `${describeCell(cell)} is not an amount` };
  let s = cell.replace(/[\s\u00a0\u202f]/g, '').replace(/[€$£¥]|^[A-Z]{3}|[A-Z]{3}$/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (/^[-−]/.test(s)) {
    negative = !negative;
    s = s.slice(1);
  } else if (/-$/.test(s)) {
    negative = !negative;
    s = s.slice(0, -1);
  } else if (s.startsWith('+')) s = s.slice(1);
  let plain: string | undefined;
  if (decimalSeparator) {
    const forms = SEPARATED[decimalSeparator];
    if (forms.grouped.test(s) || forms.simple.test(s)) plain = s.replace(forms.group, '').replace(decimalSeparator, '.');
  } else if (UNAMBIGUOUS.test(s)) {
    plain = s.replace(',', '.');
  }
  if (plain === undefined) {
    return {
      ok: false,
      reason: decimalSeparator
        ? `text "${cell.trim()}" is not an amount with decimal separator "${decimalSeparator}"`
        : `text "${cell.trim()}" is ambiguous without a declared decimal separator (totals.decimalSeparator)`,
    };
  }
  const value = new Decimal(plain);
  return { ok: true, value: negative ? value.negated() : value };
}

/** Sums the amount column of the data rows as they stream past. */
export class TotalsAccumulator {
  private sum = new Decimal(0);
  private rows = 0;
  private readonly unsummable: { row: number; reason: string }[] = [];

  constructor(
    private readonly totals: ResolvedTotals,
    private readonly amountColumn: number | undefined,
    private readonly maxFractionDigits: number,
  ) {}

  add(row: RawRow): void {
    if (this.amountColumn === undefined) return;
    const p = parseForSum(row.cells[this.amountColumn], this.totals.decimalSeparator, this.maxFractionDigits);
    this.rows++;
    if (p.ok) this.sum = this.sum.plus(p.value);
    else this.unsummable.push({ row: row.number, reason: p.reason });
  }

  check(row: RawRow, rule: TotalsCheck['rule'], columnHeader: string): TotalsCheck {
    const base = {
      row: row.number,
      rule,
      column: columnHeader,
      computed: this.sum.toFixed(),
      rowsSummed: this.rows,
      ...(this.unsummable.length > 0 ? { unsummableRows: this.unsummable.slice(0, 100).map((u) => u.row) } : {}),
    };
    if (this.amountColumn === undefined) {
      return { ...base, stated: null, status: 'unchecked', reason: 'the amount column is not in the file' };
    }
    const cell = row.cells[this.amountColumn];
    if (isBlankCell(cell)) {
      return { ...base, stated: null, status: 'unchecked', reason: `the totals row has no figure in column "${columnHeader}"` };
    }
    const stated = parseForSum(cell, this.totals.decimalSeparator, this.maxFractionDigits);
    if (!stated.ok) {
      return { ...base, stated: null, status: 'unchecked', reason: `the totals figure cannot be read exactly: ${stated.reason}` };
    }
    const statedText = stated.value.toFixed();
    if (this.unsummable.length > 0) {
      const first = this.unsummable[0]!;
      return {
        ...base,
        stated: statedText,
        status: 'unchecked',
        reason: `${this.unsummable.length} row(s) have amounts that cannot be summed exactly (row ${first.row}: ${first.reason})`,
      };
    }
    const difference = stated.value.minus(this.sum);
    return {
      ...base,
      stated: statedText,
      status: difference.isZero() ? 'match' : 'mismatch',
      difference: difference.toFixed(),
    };
  }
}
