/**
 * Page objects of the legacy-bank target: the only code that knows its HTML, selectors and quirks.
 * They drive the real pages top-level (the content URLs, not through the frameset's frames);
 * every navigation goes through `checkPage`, which raises the kit's error classes.
 *
 * API (all take a playwright-core `Page`; `baseUrl` like "http://127.0.0.1:4010"):
 * - `login(page, baseUrl, { username, password }): Promise<void>` — lands in the frameset;
 *    wrong credentials → `LoginRejected` (whatNext: check the bot account's password in the secrets).
 * - `logout(page, baseUrl): Promise<void>`
 * - `isLoggedIn(page, baseUrl?): Promise<boolean>` — one light probe request with the context's cookies.
 * - `checkPage(page, response?, { loginPageExpected? }): Promise<void>` — the guard:
 *    maintenance → `TargetUnavailable('legacy-bank', 'maintenance window: END OF DAY PROCESSING', retryAfterMs?)`,
 *    session terminated / expired / bounced to sign-on → `SessionLost`, HTTP 500 → `TargetServerError`,
 *    HTTP 502/503/504 and network errors → `TargetUnavailable`.
 * - `navigate(page, url, opts?)`, `submit(page, action, opts?)` — GET / click-that-navigates, then the guard.
 * - `findAccount(page, baseUrl, accountNumberOrIban): Promise<AccountDetails>` —
 *    `{ accountNumber, iban, holder, currency, balance }`, balance a decimal string ("-1234.56");
 *    unknown account → `BusinessRuleError` (reference masked to its last 4 digits).
 * - `readHistory(page, baseUrl, accountNumberOrIban, { maxPages? }): Promise<HistoryEntry[]>` —
 *    `{ date: 'YYYY-MM-DD', description, debit, credit, balance }`, newest first, following "Next >>".
 * - `enterPayment(page, baseUrl, { debitAccount, beneficiaryName, beneficiaryIban, bic?, amount, currency,
 *    executionDate, reference, remittance? }): Promise<PaymentConfirmation>` — TX01: `amount` a canonical
 *    decimal ("1234.56", typed as "1.234,56"), `executionDate` "YYYY-MM-DD" (typed dd/mm/yyyy); fills the form,
 *    submits, checks the confirmation page shows the same reference/amount/currency/IBAN, accepts the
 *    `confirm()` dialog, returns `{ confirmation, reference, amount, currency, executionDate, debitAccount, status }`
 *    (a `Posted` for postOnce). The screen's validation errors → `BusinessRuleError` with the target's
 *    messages, untrusted plain strings, in `details.screenErrors`; a non-canonical amount or date →
 *    `BusinessRuleError` before anything is typed. HTTP 500 after "Confirm" → `TargetServerError` although
 *    the posting MAY exist (errorAfterPost): search before writing again. The target accepts duplicates.
 * - `findPostings(page, baseUrl, reference): Promise<Posting[]>` — PQ01 search by reference (exact):
 *    `{ confirmation, date: 'YYYY-MM-DD' (execution date), debitAccount, beneficiary, reference,
 *    amount: '1234.56', currency, status }`, oldest first; [] for "NO POSTINGS FOUND". The check and
 *    read-back steps of postOnce.
 * - `uploadCollectionFile(page, baseUrl, file)` — DD01: uploads a pain.008 file; `{ reference: 'DDF-000001',
 *    transactions, amount }`; "FILE REJECTED: ..." → `BusinessRuleError` (`details.screenErrors`). The
 *    target accepts the same file twice, and may answer HTTP 500 after accepting it: check first.
 * - `findCollectionFiles(page, baseUrl, messageId)` — DQ01: every upload of that message id (the check
 *    and read-back of a file's postOnce); [] for "NO FILES FOUND".
 * - `listCollectionAnswers(page, baseUrl)` — DD02: the bank's answers (`{ fileReference, name, kind,
 *    created }`); opening it runs the bank's settlement. `downloadCollectionAnswer(page, baseUrl, name,
 *    maxBytes)`: one answer's bytes (a name that is no plain file name is refused).
 * - `downloadStatement(page, baseUrl, account, day, format, maxBytes)` — ST01: a day's statement of an
 *    account as the bank offers it (camt053 or mt940), `{ name, bytes }`.
 * - `findDirectDebitPostings(page, baseUrl, day)` — DD03: the direct debits booked on debtors' accounts
 *    that day (`{ reference, bookedOn, umr, creditorId, endToEndId, debtorIban, debtorName, amount }`).
 * - `readScreenErrors(page): Promise<string[]>` — the red validation lines of the current page.
 * - `legacyBankTarget`: the kit's `TargetAdapter` ({ name: 'legacy-bank', login }).
 * - parsing helpers: `parseAmount`, `parseDate`, `maskAccountRef`, `compactIban`,
 *    and the reverse `formatScreenAmount` ("1234.56" → "1.234,56"), `formatScreenDate`.
 *
 * Quirks handled here: HTTP 200 for maintenance/expired/terminated pages; single-use `__VIEWSTATE`
 * tokens (no deep links: history is reached from the account details); IBANs shown in groups of four;
 * account numbers with leading zeros; "Ledger Balance" vs "Available Balance"; empty amount cells
 * holding a non-breaking space; amounts as "1.234,56"; dates as dd/mm/yyyy; a JavaScript confirm()
 * before posting (unanswered, Playwright would dismiss it and nothing would be posted); HTTP 500 after a
 * committed posting; sessions that expire after a maximum age however busy.
 */
import type { TargetAdapter } from '../../kit/index.js';
import { TARGET } from './constants.js';
import { login } from './session.js';

export { TARGET, PATHS, SELECTORS, TEXTS, DETAIL_LABELS, HISTORY_COLUMNS, PAYMENT_LABELS, POSTING_COLUMNS } from './constants.js';
export { LoginRejected, TargetServerError } from './errors.js';
export { checkPage, navigate, submit, translateNavigationError, type CheckOptions } from './navigation.js';
export { login, logout, isLoggedIn } from './session.js';
export { findAccount, openAccount, type AccountDetails } from './account.js';
export { readHistory, type HistoryEntry, type ReadHistoryOptions } from './history.js';
export { enterPayment, readScreenErrors, type PaymentInput, type PaymentConfirmation } from './payment.js';
export { findPostings, type Posting } from './postings.js';
export {
  downloadCollectionAnswer,
  findCollectionFiles,
  listCollectionAnswers,
  uploadCollectionFile,
  type CollectionAnswerRow,
  type CollectionFileRow,
  type UploadedCollectionFile,
} from './collection-files.js';
export { findDirectDebitPostings, type DirectDebitPostingRow } from './dd-postings.js';
export { downloadStatement, type DownloadedStatement, type StatementFormat } from './statements.js';
export {
  parseAmount,
  parseOptionalAmount,
  parseDate,
  maskAccountRef,
  compactIban,
  cleanText,
  formatScreenAmount,
  formatScreenDate,
} from './parse.js';

export const legacyBankTarget: TargetAdapter = { name: TARGET, login };
