/** AE01 account enquiry. */
import type { Page } from 'playwright-core';
import { BusinessRuleError } from '../../kit/index.js';
import { DETAIL_LABELS, PATHS, SELECTORS, TARGET, TEXTS } from './constants.js';
import { clickElement, fillForm } from './form.js';
import { navigate, submit, trimBaseUrl } from './navigation.js';
import { cleanText, compactIban, maskAccountRef, parseAmount } from './parse.js';

export interface AccountDetails {
  /** 10 digits, leading zeros kept. */
  accountNumber: string;
  /** Without spaces. */
  iban: string;
  holder: string;
  currency: string;
  /** Ledger balance as a canonical decimal string, e.g. "-1234.56". */
  balance: string;
}

/**
 * Searches an account and leaves the page on its details (used by readHistory too).
 * Unknown account → BusinessRuleError (the reference masked to its last 4 digits).
 */
export async function openAccount(page: Page, baseUrl: string, accountNumberOrIban: string): Promise<void> {
  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.enquiry}`);
  await fillForm(page, { [SELECTORS.accountInput]: accountNumberOrIban });
  await submit(page, () => clickElement(page, SELECTORS.searchButton));
  const text = cleanText(await page.evaluate(() => document.body?.innerText ?? '')).toUpperCase();
  if (text.includes(TEXTS.accountNotFound)) {
    const masked = maskAccountRef(accountNumberOrIban);
    throw new BusinessRuleError(`Account ${masked} not found in ${TARGET}`, { target: TARGET, account: masked });
  }
}

/** Reads the label → value pairs of the details table (label cell followed by its value cell). */
async function readDetails(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const row of Array.from(document.querySelectorAll('tr'))) {
      const cells = Array.from(row.cells);
      if (cells.length !== 2) continue;
      const label = (cells[0]?.innerText ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
      if (label.endsWith(':')) out[label] = cells[1]?.innerText ?? '';
    }
    return out;
  });
}

export async function findAccount(page: Page, baseUrl: string, accountNumberOrIban: string): Promise<AccountDetails> {
  await openAccount(page, baseUrl, accountNumberOrIban);
  const details = await readDetails(page);
  const get = (label: string): string => {
    const v = details[label];
    if (v === undefined) throw new Error(`${TARGET}: "${label}" not found on the account details page (${page.url()})`);
    return cleanText(v);
  };
  return {
    accountNumber: get(DETAIL_LABELS.accountNumber),
    iban: compactIban(get(DETAIL_LABELS.iban)),
    holder: get(DETAIL_LABELS.holder),
    currency: get(DETAIL_LABELS.currency),
    balance: parseAmount(get(DETAIL_LABELS.balance)),
  };
}
