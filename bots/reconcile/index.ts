/**
 * bots/reconcile — the daily reconciliation's parts around the matching engine (reconciliation/).
 * Under way (issue 15): the statement-fetch bot, the reconciliation run, breaks in the inbox and the
 * daily balancing come next.
 *
 *   bankLinesOf(statement), bankLineOf(entry, id)   // a read statement's entries as the engine's bank side
 *   readLedgerFile(file, { dateFormat, amountLocale, currency }) // a ledger export (CSV, Excel) as its ledger side
 *   BreakBook                                       // breaks carried from day to day per account (Redis):
 *     carriedLines(account), applyDay(account, day, result, lines), openBreaks(account)
 *   StatementBook                                   // the statements fetched per account and day, for the sequence check
 *   reconcileService                                // both, as the service bots declare (ctx.services.reconcile)
 *   reconcileSettings(config, asOf)                 // the engine's settings from config (reconciliation.*), with the one name scorer
 */
export { bankLineOf, bankLinesOf } from './bank-lines.js';
export { BreakBook, type AppliedDay, type CarriedBreak, type ClosedBreak } from './break-book.js';
export { readLedgerFile, type LedgerFile, type LedgerFileOptions } from './ledger-sheet.js';
export { reconcileService, type ReconcileStores } from './service.js';
export { reconcileSettings } from './settings.js';
export { StatementBook, type FetchedStatement } from './statement-book.js';
