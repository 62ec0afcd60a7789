/**
 * Page objects of the mandate-host target: a mandate register on a 24 × 80 green screen, reached
 * through a web terminal emulator (as banks serve a 3270 session in a browser). The only code that
 * knows its screens: codes, rows, columns, messages. Built on the kit's `Terminal` (bots/kit/terminal.ts),
 * which waits out the keyboard lock, types into fields and reads them back.
 *
 * API (a Playwright `Page` for the session; a `Terminal` from `hostTerminal(page)` for transactions):
 * - `signOn(page, baseUrl, { username, password })` — opens `/host`, signs on (or takes a terminal still
 *    signed on back to the menu). Wrong user id or password → `CredentialsRejected`; maintenance →
 *    `TargetUnavailable` (retry after the window's end when the screen names it).
 * - `signOff(page)`, `isSignedOn(page)`, `hostTerminal(page)`, `startTransaction(term, code)`.
 * - `inquireMandate(term, { creditorId, umr })` → `HostMandateView | null` (MNDI).
 * - `addMandate(term, key, data)` → `'added' | 'duplicate'` (MNDA; the register refuses an existing key).
 * - `amendMandate(term, key, changes)` → `{ amendment }` (MNDU; only the fields given are typed, and
 *    the register records every field it is sent, changed or not: send only what differs).
 * - `cancelMandate(term, key)` → `'cancelled' | 'already-cancelled'` (MNDC).
 * - `listByDebtor(term, iban)` → rows of every page (MNDL, PF8).
 * - `checkHostScreen(screen, { signOnExpected? })`: the screen → the kit's errors: maintenance screen →
 *    `TargetUnavailable`; sign-on screen (session timed out, ended by another sign-on) → `SessionLost`;
 *    "DFHAC2206 … ABEND" → `TransactionAbended` (whether the update happened is unknown: inquire);
 *    "SCREEN OUT OF STEP" → `SessionLost`.
 * - The host's refusals of data (row 24, e.g. "MNDA005E IBAN INVALID") → `BusinessRuleError` with the
 *    message in `details.screenErrors`.
 * - `mandateHostTarget`: the kit's `TargetAdapter` ({ name: 'mandate-host', login: signOn }).
 *
 * Quirks handled here and in the kit: the keyboard locks ("X SYSTEM") for 50–500 ms after every screen
 * and keys typed meanwhile are lost; a field keeps its old characters past what is typed (erased
 * first); only fields typed into are sent; one terminal session per user id; dates DDMMYYYY; type
 * RCUR/OOFF; B2B confirmation Y/N.
 */
import type { TargetAdapter } from '../../kit/index.js';
import { TARGET } from './constants.js';
import { signOn } from './session.js';

export { TARGET, PATHS, SIGNON, MENU, KEY, DATA, CODES, TRANSACTIONS, MESSAGES } from './constants.js';
export { checkHostScreen, messageOf, screenCode } from './check.js';
export { hostTerminal, isSignedOn, signOff, signOn, startTransaction } from './session.js';
export {
  addMandate,
  amendMandate,
  cancelMandate,
  inquireMandate,
  listByDebtor,
  type HostMandateData,
  type HostMandateKey,
  type HostMandateListRow,
  type HostMandateView,
} from './mandates.js';

export const mandateHostTarget: TargetAdapter = { name: TARGET, login: signOn };
