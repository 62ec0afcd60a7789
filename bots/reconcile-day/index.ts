/**
 * bots/reconcile-day — the daily reconciliation of the bank's statements against the books, and its
 * breaks in front of people:
 *
 *   reconcileDayRun     // the run: a ledger export of a day (drop folder reconciliation.ledgerFiles.inbox, the board, rpa dispatch)
 *   reconcileAccount    // bot, one per account and day: statement against books (and our own outcomes), breaks recorded once, balancing
 *   reconcileBreak      // bot, one per break: an exception with both sides' evidence; the handler's decision carried out
 *   reconcileDay        // bot, the run's parent: the day's report (JSON, XLSX, PDF with charts; a board page per account)
 *
 * The statements come in through statement-fetch (bots/statement-fetch); the books around the engine
 * are in bots/reconcile.
 */
export { reconcileAccount, reconcileAccountInput, StatementMissing, type ReconcileAccountResult } from './account.js';
export { BreakEscalated, BreakToDecide, ManualMatchRefused } from './break-errors.js';
export { breakInput, breakItemKey, reconcileBreak, WRITE_OFF_RULE, type BreakInput, type BreakResult } from './break-item.js';
export { reconcileDay, type ReconcileDayResult } from './day.js';
export { accountItemKey, dayOfLedgerFile, LedgerFileRejected, planReconcileDay, reconcileRunId, type ReconcileAccountInput, type ReconcileDayInput } from './plan.js';
export { buildReport, writeReconciliationReport, type ReconciliationReport } from './report.js';
export { reconcileDayRun } from './run.js';
