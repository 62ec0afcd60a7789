/**
 * reconciliation — the matching engine: what the bank shows against what the books expect. Pure code
 * (banking only: no Redis, no browser, no clock).
 *
 *   reconcile(bankLines, ledgerLines, settings) → { matches, breaks, searchesCut }
 *
 * Rules, in the order `settings.rules` gives (each recorded on its matches, with a score):
 *   1. reference         a shared end-to-end id, structured creditor reference (RF, checked), our
 *                        reference, or mandate reference with the amount
 *   2. amount-date-name  same amount and currency, dates within ±dateWindowDays business days,
 *                        counterparties alike (the name scorer is handed in: the screening module's)
 *   3. grouped           a batch booked as one bank entry; one entry for several lines of a
 *                        counterparty; one ledger line paid in instalments (bounded subset-sum)
 *   4. fee-difference    amounts within feeTolerance, the difference recorded
 * Lines left open are breaks: timing, amount-difference, duplicate, missing-in-ledger,
 * missing-at-bank, unknown; each aged in business days to `settings.asOf`.
 */
export type { BankLine, LedgerLine, LineReferences, LineSource } from './lines.js';
export { reconcile } from './reconcile.js';
export { BREAK_CLASSES, type Break, type BreakClass, type Match, type Reconciliation } from './results.js';
export { RULES, type NameSimilarity, type ReconcileSettings, type RuleName } from './settings.js';
export { subsetSum, type SubsetResult } from './subset-sum.js';
