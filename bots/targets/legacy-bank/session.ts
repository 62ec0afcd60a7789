/** Sign-on, sign-off and the logged-in probe. */
import type { Page } from 'playwright-core';
import { type Credentials, TargetUnavailable } from '../../kit/index.js';
import { PATHS, SELECTORS, TARGET, TEXTS } from './constants.js';
import { clickElement, fillForm } from './form.js';
import { LoginRejected } from './errors.js';
import { navigate, serverStatusError, submit, translateRequestError, trimBaseUrl } from './navigation.js';
import { cleanText } from './parse.js';

/**
 * Opens the sign-on page, logs in and lands in the main frameset (frames "nav" and "content").
 * Throws LoginRejected for a wrong user ID or password, TargetUnavailable in maintenance or when
 * the target is unreachable, TargetServerError on HTTP 500. Ends any other session of the same user.
 */
export async function login(page: Page, baseUrl: string, credentials: Credentials): Promise<void> {
  const base = trimBaseUrl(baseUrl);
  await navigate(page, `${base}${PATHS.login}`, { loginPageExpected: true });
  await fillForm(page, { [SELECTORS.loginUser]: credentials.username, [SELECTORS.loginPassword]: credentials.password });
  await submit(page, () => clickElement(page, SELECTORS.loginButton), { loginPageExpected: true });
  if (new URL(page.url()).pathname === PATHS.login) {
    const text = cleanText(await page.evaluate(() => document.body?.innerText ?? '')).toUpperCase();
    if (text.includes(TEXTS.loginRejected)) throw new LoginRejected(TARGET, credentials.username);
    throw new Error(`${TARGET}: login did not leave the sign-on page`);
  }
  if (!page.frame({ name: 'content' }) || !page.frame({ name: 'nav' })) {
    throw new Error(`${TARGET}: after login, expected the main frameset (frames "nav" and "content") at ${page.url()}`);
  }
}

/**
 * Asks the target (one light request with the context's cookies, the page itself is not moved)
 * whether this context's session is alive. False when not logged in, expired or terminated;
 * throws TargetUnavailable in maintenance or when unreachable, TargetServerError on HTTP 500.
 * Like any request, it resets the target's idle timer.
 */
export async function isLoggedIn(page: Page, baseUrl?: string): Promise<boolean> {
  let base = baseUrl ? trimBaseUrl(baseUrl) : undefined;
  if (!base) {
    const current = page.url();
    if (!/^https?:/.test(current)) return false;
    base = new URL(current).origin;
  }
  let status: number;
  let body: string;
  try {
    const res = await page.request.get(`${base}${PATHS.nav}`, { maxRedirects: 0, failOnStatusCode: false });
    status = res.status();
    body = status >= 300 && status < 400 ? '' : await res.text();
  } catch (err) {
    throw translateRequestError(err);
  }
  const serverError = serverStatusError(status, `${base}${PATHS.nav}`);
  if (serverError) throw serverError;
  if (status !== 200) return false;
  const text = body.toUpperCase();
  if (text.includes(TEXTS.maintenance)) throw new TargetUnavailable(TARGET, 'maintenance window: END OF DAY PROCESSING');
  return text.includes(TEXTS.menu);
}

/** Signs off (frees the user's session on the target). */
export async function logout(page: Page, baseUrl: string): Promise<void> {
  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.logout}`, { loginPageExpected: true });
}
