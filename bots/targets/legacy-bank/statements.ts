/**
 * ST01 account statements: a day's (or a month's: `day` as YYYY-MM) statement of an account, found through the screen and downloaded
 * in the format asked for (the link the screen offers; none when it offers no file in that format).
 */
import type { Page } from 'playwright-core';
import { BusinessRuleError } from '../../kit/index.js';
import { PATHS, SELECTORS, TARGET } from './constants.js';
import { downloadFile } from './download.js';
import { clickElement, fillForm } from './form.js';
import { navigate, submit, trimBaseUrl } from './navigation.js';
import { formatScreenDate } from './parse.js';
import { readScreenErrors } from './payment.js';

export type StatementFormat = 'camt053' | 'mt940' | 'pdf';

export interface DownloadedStatement {
  /** The file name the bank gives it. */
  name: string;
  bytes: Buffer;
}

const LINK_TEXT: Record<StatementFormat, string> = { camt053: 'camt.053', mt940: 'MT940', pdf: 'PDF' };

/** The statement file in `format`, or null when the screen offers no such file for the account. */
export async function downloadStatement(page: Page, baseUrl: string, account: string, day: string, format: StatementFormat, maxBytes: number): Promise<DownloadedStatement | null> {
  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.statements}`);
  // A day as dd/mm/yyyy, a month (YYYY-MM) as mm/yyyy.
  const typed = day.length === 7 ? `${day.slice(5)}/${day.slice(0, 4)}` : formatScreenDate(day);
  await fillForm(page, { [SELECTORS.statementAccount]: account, [SELECTORS.statementDate]: typed });
  await submit(page, () => clickElement(page, SELECTORS.showButton));
  const screenErrors = await readScreenErrors(page);
  if (screenErrors.length) throw new BusinessRuleError(`${TARGET} has no statement of ${account} for ${day}: ${screenErrors.join('; ')}`, { target: TARGET, field: 'account', screenErrors });
  const href = await page.locator('a', { hasText: LINK_TEXT[format] }).first().getAttribute('href', { timeout: 5_000 }).catch(() => null);
  if (!href) return null;
  const what = `the ${LINK_TEXT[format]} statement of ${account} for ${day}`;
  const got = await downloadFile(page, new URL(href, `${trimBaseUrl(baseUrl)}/`).toString(), what, { bytes: maxBytes, setting: 'statements.maxFileMB' });
  const name = got.name ?? `${account}-${day}.${format === 'camt053' ? 'xml' : format === 'pdf' ? 'pdf' : 'sta'}`;
  return { name: name.replace(/[^A-Za-z0-9._-]/g, '_'), bytes: got.bytes };
}
