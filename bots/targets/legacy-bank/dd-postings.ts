/**
 * DD03 direct-debit postings by day: what the bank booked on debtors' accounts, read for the control
 * of automated movements (dd-control).
 */
import type { Page } from 'playwright-core';
import { DD_POSTING_COLUMNS, PATHS, SELECTORS, TEXTS } from './constants.js';
import { clickElement, fillForm } from './form.js';
import { navigate, submit, trimBaseUrl } from './navigation.js';
import { formatScreenDate, parseAmount, parseDate } from './parse.js';
import { readListScreen } from './list-screen.js';

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
  const rows = await readListScreen(page, { columns: DD_POSTING_COLUMNS, none: TEXTS.noPostings, what: `postings search for ${day}`, details: { day } });
  return rows.map((r) => ({
    reference: r['Posting No.'],
    bookedOn: parseDate(r.Booked),
    umr: r['Mandate Ref'],
    creditorId: r['Creditor Id'],
    endToEndId: r['End-to-end Id'],
    debtorIban: r['Debtor Account'].replace(/\s+/g, ''),
    debtorName: r.Debtor,
    amount: parseAmount(r.Amount),
  }));
}
