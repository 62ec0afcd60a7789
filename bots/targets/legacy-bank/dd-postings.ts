/**
 * DD03 direct-debit postings by day: what the bank booked on debtors' accounts, read for the control
 * of automated movements (dd-control).
 */
import type { Page } from 'playwright-core';
import { BusinessRuleError } from '../../kit/index.js';
import { DD_POSTING_COLUMNS, PATHS, SELECTORS, TARGET, TEXTS } from './constants.js';
import { clickElement, fillForm } from './form.js';
import { navigate, submit, trimBaseUrl } from './navigation.js';
import { cleanText, formatScreenDate, parseAmount, parseDate } from './parse.js';
import { readScreenErrors } from './payment.js';
import { readTableWithColumns } from './table.js';

export interface DirectDebitPostingRow {
  /** `DDP-000001`. */
  reference: string;
  /** ISO. */
  bookedOn: string;
  umr: string;
  creditorId: string;
  endToEndId: string;
  debtorIban: string;
  debtorName: string;
  /** "20.10", EUR. */
  amount: string;
}

/** The direct debits booked on `day` (ISO), in booking order; [] for "NO POSTINGS FOUND". */
export async function findDirectDebitPostings(page: Page, baseUrl: string, day: string): Promise<DirectDebitPostingRow[]> {
  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.ddPostings}`);
  await fillForm(page, { [SELECTORS.ddPostingDate]: formatScreenDate(day) });
  await submit(page, () => clickElement(page, SELECTORS.searchButton));
  const table = await readTableWithColumns(page, DD_POSTING_COLUMNS);
  if (!table) {
    const text = cleanText(await page.evaluate(() => document.body?.innerText ?? '')).toUpperCase();
    if (text.includes(TEXTS.noPostings)) return [];
    const screenErrors = await readScreenErrors(page);
    if (screenErrors.length) throw new BusinessRuleError(`${TARGET} refused the postings search for ${day}: ${screenErrors.join('; ')}`, { target: TARGET, day, screenErrors });
    throw new Error(`${TARGET}: neither a postings table nor "${TEXTS.noPostings}" on ${page.url()}`);
  }
  const col = (name: (typeof DD_POSTING_COLUMNS)[number]) => table.header.indexOf(name);
  return table.rows.map((cells) => {
    const cell = (name: (typeof DD_POSTING_COLUMNS)[number]) => cleanText(cells[col(name)] ?? '');
    return {
      reference: cell('Posting No.'),
      bookedOn: parseDate(cell('Booked')),
      umr: cell('Mandate Ref'),
      creditorId: cell('Creditor Id'),
      endToEndId: cell('End-to-end Id'),
      debtorIban: cell('Debtor Account').replace(/\s+/g, ''),
      debtorName: cell('Debtor'),
      amount: parseAmount(cell('Amount')),
    };
  });
}
