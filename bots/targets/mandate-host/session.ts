/** Signing on to the host through its web emulator, signing off, and reaching a transaction from the menu. */
import type { Page } from 'playwright-core';
import { CredentialsRejected, Terminal, TargetUnavailable, type Credentials, type Screen } from '../../kit/index.js';
import { checkHostScreen, messageOf, screenCode } from './check.js';
import { CODES, MENU, MESSAGES, PATHS, SIGNON, TARGET, TRANSACTIONS } from './constants.js';

/** A terminal on this page whose every attention key is checked for maintenance, lost sessions and abends. */
export const hostTerminal = (page: Page): Terminal => new Terminal(page, { target: TARGET, aidRequest: PATHS.aid, check: (s) => checkHostScreen(s) });

/** The same, for the sign-on screen itself (where the sign-on screen is not a lost session). */
const signOnTerminal = (page: Page): Terminal => new Terminal(page, { target: TARGET, aidRequest: PATHS.aid, check: (s) => checkHostScreen(s, { signOnExpected: true }) });

async function open(page: Page, baseUrl: string): Promise<void> {
  try {
    await page.goto(`${baseUrl.replace(/\/+$/, '')}${PATHS.emulator}`, { waitUntil: 'load' });
  } catch (err) {
    throw new TargetUnavailable(TARGET, `the emulator page did not load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, undefined, { cause: err });
  }
}

/**
 * Opens the emulator and signs on (a terminal still signed on is taken back to the menu). A wrong
 * user id or password → CredentialsRejected; maintenance → TargetUnavailable.
 */
export async function signOn(page: Page, baseUrl: string, credentials: Credentials): Promise<void> {
  await open(page, baseUrl);
  const term = signOnTerminal(page);
  await term.waitUnlocked();
  let screen = await term.screen();
  const problem = checkHostScreen(screen, { signOnExpected: true });
  if (problem) throw problem;
  if (screenCode(screen) === CODES.signOn) {
    await term.fill(SIGNON.userid, credentials.username);
    await term.fill(SIGNON.password, credentials.password);
    screen = await term.press('Enter');
    if (messageOf(screen).startsWith(MESSAGES.signOnRefused)) throw new CredentialsRejected(TARGET, credentials.username);
  }
  await toMenu(hostTerminal(page), screen);
}

/** PF3 until the menu (at most 3 times): from any transaction screen, PF3 goes back. */
async function toMenu(term: Terminal, screen?: Screen): Promise<Screen> {
  let s = screen ?? (await term.screen());
  for (let i = 0; i < 3 && screenCode(s) !== CODES.menu; i++) s = await term.press('F3');
  if (screenCode(s) !== CODES.menu) throw new Error(`${TARGET}: could not reach the main menu (screen ${screenCode(s)})`);
  return s;
}

/** Transactions of one screen: after one is done the terminal is ready for the next (amend and cancel have two steps). */
const ONE_STEP = new Set<string>([TRANSACTIONS.inquiry, TRANSACTIONS.add, TRANSACTIONS.list]);

/**
 * Starts transaction `code` (MNDI, MNDA …) from wherever the terminal is; returns its first screen.
 * A one-step transaction already on the screen is used as it is (no round trip through the menu).
 */
export async function startTransaction(term: Terminal, code: string): Promise<Screen> {
  await term.waitUnlocked();
  const current = await term.screen();
  if (ONE_STEP.has(code) && screenCode(current) === code) return current;
  await toMenu(term, current);
  await term.fill(MENU.transaction, code);
  const screen = await term.press('Enter');
  if (screenCode(screen) !== code) throw new Error(`${TARGET}: transaction ${code} did not start: ${messageOf(screen).slice(0, 80)}`);
  return screen;
}

/** Signs off (PF3 from the menu). */
export async function signOff(page: Page): Promise<void> {
  const term = hostTerminal(page);
  await toMenu(term);
  await signOnTerminal(page).press('F3');
}

/** Whether this page's terminal is signed on (it shows something other than the sign-on screen). */
export async function isSignedOn(page: Page): Promise<boolean> {
  try {
    const term = signOnTerminal(page);
    await term.waitUnlocked();
    const code = screenCode(await term.screen());
    return code !== '' && code !== CODES.signOn && code !== CODES.maintenance;
  } catch {
    return false;
  }
}
