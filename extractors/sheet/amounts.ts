/**
 * Amounts: numeric cells become their shortest decimal string; text stays text (the banking layer
 * parses it by locale). Binary floating-point artefacts are detected and flagged, never hidden.
 */
import { Decimal } from 'decimal.js';
import type { CellValue } from './cells.js';

/** An amount as read: the raw cell value and a decimal text form. */
export interface AmountValue {
  /** The cell value as read (number for numeric cells, string for text). */
  raw: CellValue;
  /**
   * For numeric cells: the number as a plain decimal string ("1234.56", never "1.23456e3").
   * For text cells: the trimmed text, unparsed ("1.234,56 EUR"), for the banking layer to parse.
   */
  text: string;
  source: 'number' | 'text';
  /** Set when the stored binary number is not a short decimal and `text` was rounded to 15 significant digits. */
  exact?: string;
  /** Why the value was flagged (with `exact`). */
  warning?: string;
}

export type NumberText =
  | { ok: true; text: string; exact?: string; warning?: string }
  | { ok: false; reason: string };

/** Excel shows and computes with 15 significant digits. */
const EXCEL_DIGITS = 15;

/** Plain (non-exponent) decimal string of a finite number, shortest round-trip form. */
export function plainDecimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s === '-0' ? '0' : s;
  return new Decimal(s).toFixed();
}

function significantDigits(plain: string): number {
  const digits = plain.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  return digits.length;
}

function fractionDigits(plain: string): number {
  const dot = plain.indexOf('.');
  return dot < 0 ? 0 : plain.length - dot - 1;
}

/**
 * A numeric cell as a decimal string.
 * - 1234.56 → "1234.56"; 1e21 → error; 1e-7 → error (too many fraction digits).
 * - 0.1 + 0.2 (0.30000000000000004) → "0.3" with `exact` and a warning: Excel displays 0.3, the
 *   stored double is not a short decimal, so the value is flagged for review.
 * @param maxFractionDigits more fraction digits than this (after the 15-digit rounding) is an error.
 */
export function numberToDecimalText(n: number, maxFractionDigits: number): NumberText {
  if (!Number.isFinite(n)) return { ok: false, reason: `${n} is not a finite number` };
  if (Math.abs(n) >= 1e15) {
    return { ok: false, reason: `${plainDecimal(n)} is too large to be held exactly as an amount (15 digits or more)` };
  }
  const exact = plainDecimal(n);
  let text = exact;
  let flagged = false;
  if (significantDigits(exact) > EXCEL_DIGITS) {
    text = new Decimal(n.toPrecision(EXCEL_DIGITS)).toFixed();
    if (text === '-0') text = '0';
    flagged = true;
  }
  if (fractionDigits(text) > maxFractionDigits) {
    return {
      ok: false,
      reason: `${exact} is not a short decimal amount (more than ${maxFractionDigits} decimal places)`,
    };
  }
  if (!flagged) return { ok: true, text };
  return {
    ok: true,
    text,
    exact,
    warning: `the cell holds the binary number ${exact} (a floating-point artefact, e.g. from a formula); read as ${text}, as Excel displays it — check the amount`,
  };
}
