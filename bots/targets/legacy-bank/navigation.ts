/**
 * Navigation with the guard every page object uses: `navigate` (GET), `submit` (a click that navigates),
 * and `checkPage`, which turns the target's failure pages into the kit's error classes:
 * - HTTP 500                                  → TargetServerError (system error: retried with backoff)
 * - HTTP 502/503/504, connection refused etc. → TargetUnavailable
 * - "SYSTEM UNAVAILABLE - END OF DAY ..."     → TargetUnavailable (maintenance; HTTP 200)
 * - "SESSION TERMINATED" / "...HAS EXPIRED"   → SessionLost (HTTP 200)
 * - bounced to the login page                 → SessionLost (not logged in)
 * A file downloaded in the session has the same guard (download.ts).
 */
import type { Page, Response } from 'playwright-core';
import { SessionLost, TargetUnavailable } from '../../kit/index.js';
import { PATHS, SELECTORS, TARGET, TEXTS } from './constants.js';
import { TargetServerError } from './errors.js';
import { hasElement } from './form.js';
import { cleanText } from './parse.js';

const NET_ERROR = /net::(ERR_[A-Z_]+)/;
/** Chromium network errors that mean "the target is not there" (as opposed to our own timeouts or bugs). */
const UNAVAILABLE_NET_ERRORS = new Set([
  'ERR_CONNECTION_REFUSED',
  'ERR_CONNECTION_RESET',
  'ERR_CONNECTION_CLOSED',
  'ERR_CONNECTION_FAILED',
  'ERR_CONNECTION_TIMED_OUT',
  'ERR_CONNECTION_ABORTED',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_ADDRESS_INVALID',
  'ERR_NAME_NOT_RESOLVED',
  'ERR_NAME_RESOLUTION_FAILED',
  'ERR_INTERNET_DISCONNECTED',
  'ERR_NETWORK_CHANGED',
  'ERR_EMPTY_RESPONSE',
  'ERR_SOCKET_NOT_CONNECTED',
  'ERR_TIMED_OUT',
  'ERR_PROXY_CONNECTION_FAILED',
  'ERR_TUNNEL_CONNECTION_FAILED',
]);

/** A navigation error → TargetUnavailable for network failures; anything else unchanged. */
export function translateNavigationError(err: unknown): unknown {
  const message = err instanceof Error ? err.message : String(err);
  const code = NET_ERROR.exec(message)?.[1];
  if (code && UNAVAILABLE_NET_ERRORS.has(code)) {
    return new TargetUnavailable(TARGET, `network error: ${code}`, undefined, { cause: err });
  }
  return err;
}

/** An error of a request made in the page's context (not a navigation): Node's socket errors are network failures too. */
export function translateRequestError(err: unknown): unknown {
  const translated = translateNavigationError(err);
  if (translated === err && /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|socket hang up/i.test(String((err as Error)?.message))) {
    return new TargetUnavailable(TARGET, `network error: ${(err as Error).message}`, undefined, { cause: err });
  }
  return translated;
}

/** The error an HTTP 5xx stands for: 502/503/504 → TargetUnavailable (the item waits), any other → TargetServerError (retried); undefined below 500. */
export function serverStatusError(status: number | undefined, url: string): TargetUnavailable | TargetServerError | undefined {
  if (status === 502 || status === 503 || status === 504) return new TargetUnavailable(TARGET, `HTTP ${status}`);
  if (status !== undefined && status >= 500) return new TargetServerError(TARGET, status, url);
  return undefined;
}

export interface CheckOptions {
  /** The login page is expected (login itself); otherwise landing on it means the session is gone. */
  loginPageExpected?: boolean;
}

/** Text of the page and of all its frames (a frameset's body has no text of its own). */
async function pageTexts(page: Page): Promise<string[]> {
  const texts: string[] = [];
  for (const frame of page.frames()) {
    try {
      texts.push(cleanText(await frame.evaluate(() => document.body?.innerText ?? '')).toUpperCase());
    } catch {
      // a frame detached while we looked: nothing to read
    }
  }
  return texts;
}

/** ms until the local time "HH:MM" (next occurrence). */
function msUntil(hhmm: string, now = new Date()): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const at = new Date(now);
  at.setHours(h, m, 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at.getTime() - now.getTime();
}

/**
 * The error a failure page of the system stands for (maintenance, a session ended), from its text
 * (upper-case, whitespace collapsed), or undefined when the text is no such page.
 */
export function failurePageError(text: string): TargetUnavailable | SessionLost | undefined {
  if (text.includes(TEXTS.maintenance)) {
    const after = /TRY AGAIN AFTER (\d{2}:\d{2})/.exec(text)?.[1];
    return new TargetUnavailable(TARGET, 'maintenance window: END OF DAY PROCESSING', after ? msUntil(after) : undefined);
  }
  if (text.includes(TEXTS.terminated)) return new SessionLost(TARGET, 'session terminated: another login with the same user ID ended it');
  if (text.includes(TEXTS.expired)) return new SessionLost(TARGET, 'session expired (idle timeout or stale page state)');
  return undefined;
}

/** The guard after every navigation; throws the error class that says what happens next. */
export async function checkPage(page: Page, response?: Response | null, options: CheckOptions = {}): Promise<void> {
  const status = response?.status();
  const url = response?.url() ?? page.url();
  const serverError = serverStatusError(status, url);
  if (serverError) throw serverError;
  if (status !== undefined && status >= 400) throw new Error(`${TARGET} answered HTTP ${status} for ${url}`);

  const failure = failurePageError((await pageTexts(page)).join('\n'));
  if (failure) throw failure;
  if (!options.loginPageExpected && new URL(page.url()).pathname === PATHS.login && (await hasElement(page, SELECTORS.loginPassword))) {
    throw new SessionLost(TARGET, 'not logged in (redirected to the sign-on page)');
  }
}

/** GET a URL in the page, then the guard. */
export async function navigate(page: Page, url: string, options: CheckOptions = {}): Promise<Response | null> {
  let response: Response | null;
  try {
    response = await page.goto(url, { waitUntil: 'load' });
  } catch (err) {
    throw translateNavigationError(err);
  }
  await checkPage(page, response, options);
  return response;
}

/** Runs an action that navigates the page (a submit or a link click), waits for the new page, then the guard. */
export async function submit(page: Page, action: () => Promise<void>, options: CheckOptions = {}): Promise<Response | null> {
  let response: Response | null;
  try {
    // waitForNavigation (rather than waitForURL) because the guard needs the HTTP status of the new page
    [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  } catch (err) {
    throw translateNavigationError(err);
  }
  await checkPage(page, response, options);
  return response;
}

/** "http://host:port/" → "http://host:port" */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}
