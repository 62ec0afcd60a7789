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
 * - `legacyBankTarget`: the kit's `TargetAdapter` ({ name: 'legacy-bank', login }).
 * - parsing helpers: `parseAmount`, `parseDate`, `maskAccountRef`, `compactIban`.
 *
 * Quirks handled here: HTTP 200 for maintenance/expired/terminated pages; single-use `__VIEWSTATE`
 * tokens (no deep links: history is reached from the account details); IBANs shown in groups of four;
 * account numbers with leading zeros; "Ledger Balance" vs "Available Balance"; empty amount cells
 * holding a non-breaking space; amounts as "1.234,56"; dates as dd/mm/yyyy.
 */
import type { TargetAdapter } from '../../kit/target.js';
import { TARGET } from './constants.js';
import { login } from './session.js';

export { TARGET, PATHS, SELECTORS, TEXTS, DETAIL_LABELS, HISTORY_COLUMNS } from './constants.js';
export { LoginRejected, TargetServerError } from './errors.js';
export { checkPage, navigate, submit, translateNavigationError, type CheckOptions } from './navigation.js';
export { login, logout, isLoggedIn } from './session.js';
export { findAccount, openAccount, type AccountDetails } from './account.js';
export { readHistory, type HistoryEntry, type ReadHistoryOptions } from './history.js';
export { parseAmount, parseOptionalAmount, parseDate, maskAccountRef, compactIban, cleanText } from './parse.js';

export const legacyBankTarget: TargetAdapter = { name: TARGET, login };
