/**
 * How the engine matches, each setting with a default a bank's operations would start from. Rules
 * run in the order given; each can be left out.
 */
import type { Money } from '../banking/index.js';

export type RuleName = 'reference' | 'amount-date-name' | 'grouped' | 'fee-difference';
export const RULES: readonly RuleName[] = ['reference', 'amount-date-name', 'grouped', 'fee-difference'];

/** How alike two counterparty names are, 0..1 (the screening module's scorer, handed in: one scorer in the project). */
export type NameSimilarity = (a: string, b: string) => number;

export interface ReconcileSettings {
  rules: readonly RuleName[];
  /** The day the reconciliation is as of (ISO): breaks are aged to it, timing is judged from it. */
  asOf: string;
  /** Value dates this many business days apart still match (rules 2 to 4). */
  dateWindowDays: number;
  /** Least name similarity for a match on amount and date (rule 2) or within a fee (rule 4). */
  nameThreshold: number;
  /** Instalments of one ledger line may come this many business days apart (rule 3). */
  instalmentWindowDays: number;
  /** Most a bank amount may differ from the books' and still match as a fee difference (rule 4). */
  feeTolerance: Money;
  /** Bounds of the subset-sum search (rule 3): past them, no grouped match, and a break says so. */
  subsetSearch: { maxCandidates: number; maxLines: number; maxSteps: number };
  /** A ledger line expected no more than this many business days before `asOf` and not at the bank is timing, not missing. */
  timingDays: number;
  /** Holidays besides TARGET2's (business days for the windows and the ages). */
  holidays?: readonly string[];
  nameSimilarity: NameSimilarity;
}
