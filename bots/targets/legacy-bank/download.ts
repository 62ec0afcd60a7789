/**
 * A file downloaded in the logged-in session (a statement, an answer to a collection file): one
 * request with the context's cookies, guarded as a page is. The system answers a request it will not
 * serve with one of its pages, not with an HTTP error: the "SESSION TERMINATED" page where a
 * statement was asked for is a lost session (the session layer logs in again), never the statement.
 */
import type { Page } from 'playwright-core';
import { BusinessRuleError, SessionLost } from '../../kit/index.js';
import { PATHS, TARGET } from './constants.js';
import { failurePageError, serverStatusError, translateRequestError } from './navigation.js';
import { cleanText } from './parse.js';

export interface DownloadedFile {
  bytes: Buffer;
  /** The file name the system gives it (Content-Disposition), if it gives one. */
  name?: string;
}

/** A web page's text as the guard compares it: tags dropped, whitespace collapsed, upper-case. */
const pageText = (html: string) => cleanText(html.replace(/<[^>]*>/g, ' ')).toUpperCase();

/**
 * `what` (e.g. "the camt.053 statement of 1234 for 2027-01-05") from `url`, at most `limit.bytes`
 * (`limit.setting` names the config that sets it), or the error class that says what happens next.
 */
export async function downloadFile(page: Page, url: string, what: string, limit: { bytes: number; setting: string }): Promise<DownloadedFile> {
  const res = await page.request.get(url, { maxRedirects: 0, failOnStatusCode: false }).catch((err: unknown) => {
    throw translateRequestError(err);
  });
  const status = res.status();
  const serverError = serverStatusError(status, url);
  if (serverError) throw serverError;
  if (status >= 300 && status < 400) {
    const to = res.headers()['location'] ?? '';
    if (new URL(to, url).pathname === PATHS.login) throw new SessionLost(TARGET, 'not logged in (redirected to the sign-on page)');
    throw new Error(`${TARGET}: ${what} could not be downloaded (HTTP ${status}, sent on to ${to || 'nowhere'})`);
  }
  if (status !== 200) throw new Error(`${TARGET}: ${what} could not be downloaded (HTTP ${status})`);
  const bytes = await res.body();
  if ((res.headers()['content-type'] ?? '').toLowerCase().startsWith('text/html')) {
    // One of the system's pages, not the file: a failure page says why; any other page is a fault of the system.
    const text = pageText(bytes.toString('utf8'));
    throw failurePageError(text) ?? new Error(`${TARGET} answered a web page where ${what} was expected ("${text.slice(0, 80)}")`);
  }
  if (bytes.length > limit.bytes) throw new BusinessRuleError(`${TARGET}: ${what} has ${bytes.length} bytes, more than the ${limit.bytes} allowed (${limit.setting})`, { target: TARGET, field: 'file', bytes: bytes.length, maxBytes: limit.bytes });
  const name = /filename="([^"]+)"/.exec(res.headers()['content-disposition'] ?? '')?.[1];
  return { bytes, ...(name ? { name } : {}) };
}
