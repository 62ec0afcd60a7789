/** What a reconciliation finds: matches (which rule, how sure) and breaks (what kind, how old). */
import type { RuleName } from './settings.js';

export interface Match {
  rule: RuleName;
  /** 0..1: 1 for a shared reference, less for amount, date and name. */
  score: number;
  bank: string[];
  ledger: string[];
  /** Bank minus books, when not zero (a fee difference), as decimal text. */
  difference?: string;
  /** Why this rule matched them, for a person: "end-to-end id E2E-1", "batch DD-2027-01". */
  why: string;
}

export type BreakClass = 'timing' | 'amount-difference' | 'duplicate' | 'missing-in-ledger' | 'missing-at-bank' | 'unknown';
export const BREAK_CLASSES: readonly BreakClass[] = ['timing', 'amount-difference', 'duplicate', 'missing-in-ledger', 'missing-at-bank', 'unknown'];

export interface Break {
  /** `bank:<id>` or `ledger:<id>`: the same line's break has the same id from day to day. */
  id: string;
  side: 'bank' | 'ledger';
  line: string;
  class: BreakClass;
  /** Business days from the line's date to the reconciliation's day. */
  ageDays: number;
  /** For a person: what is wrong and what would explain it. */
  reason: string;
  /** Lines on either side it relates to (the line it duplicates, the line whose amount differs). */
  related?: string[];
}

export interface Reconciliation {
  matches: Match[];
  breaks: Break[];
  /** Grouped searches cut short by their bounds (the lines stay breaks). */
  searchesCut: number;
}
