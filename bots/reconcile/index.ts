/**
 * bots/reconcile — the daily reconciliation's parts around the matching engine (reconciliation/).
 * The bots that use them: statement-fetch (statements in), reconcile-day (the day's run, its accounts
 * and its breaks).
 *
 *   bankLinesOf(statement), bankLineOf(entry, id)   // a read statement's entries as the engine's bank side
 *   readLedgerFile(file, { dateFormat, amountLocale, currency }) // a ledger export (CSV, Excel) as its ledger side
 *   BreakBook                                       // breaks carried from day to day per account (Redis):
 *     carriedLines(account, day), applyDay(account, day, result, lines), openBreaks(account),
 *     resolve(account, ids, resolution), markTiming(account, id, on), dueForRecheck(account, day)
 *   ExpectedBook                                    // what our own bots did that statements should show (payments entered)
 *   paymentDebit, collectionCredit, collectionReturnDebit // the line each of our outcomes expects, one definition each
 *   BalancingBook, balanceDay(...)                  // the daily balancing per account, and the differences accepted
 *   StatementBook                                   // the statements fetched per account and day, for the sequence check
 *   keepStatement(book, statement, kept)            // a checked statement recorded under each account name, after the sequence check
 *   reconcileService                                // both, as the service bots declare (ctx.services.reconcile)
 *   reconcileSettings(config, asOf)                 // the engine's settings from config (reconciliation.*), with the one name scorer
 */
export { bankLineOf, bankLinesOf } from './bank-lines.js';
export { BreakBook, type AppliedDay, type BreakResolution, type CarriedBreak, type ClosedBreak } from './break-book.js';
export { readLedgerFile, type LedgerFile, type LedgerFileOptions } from './ledger-sheet.js';
export { reconcileService, type ReconcileStores } from './service.js';
export { reconcileSettings } from './settings.js';
export { StatementBook, type FetchedStatement, type KeptReport } from './statement-book.js';
export { ExpectedBook } from './expected-book.js';
export { collectionCredit, collectionCreditId, collectionReturnDebit, paymentDebit } from './expectations.js';
export { accountKeysOf, keepStatement, StatementSequenceGap, statementDay } from './keep-statement.js';
export { BalancingBook } from './balancing-book.js';
export { AGE_BUCKETS, ageBucket, balanceDay, booksBalance, type AgeBucket, type BalancingInput, type DailyBalancing, type LedgerBalanceSource } from './balancing.js';
export { restoreLine, storeLine, storedLineSchema, type StoredLine } from './stored-line.js';
