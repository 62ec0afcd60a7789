/** PQ01 postings by reference: the check step of postOnce for this target. */
import type { Page } from 'playwright-core';
import { readTableWithColumns } from './table.js';
import { BusinessRuleError, SessionLost } from '../../kit/index.js';
import { PATHS, POSTING_COLUMNS, SELECTORS, TARGET, TEXTS } from './constants.js';
import { clickElement, fillForm, hasElement } from './form.js';
import { navigate, submit, trimBaseUrl } from './navigation.js';
import { readScreenErrors } from './payment.js';
import { cleanText, parseAmount, parseDate } from './parse.js';

export interface Posting {
  confirmation: string;
  /** Execution date, "YYYY-MM-DD". */
  date: string;
  /** 10-digit account number. */
  debitAccount: string;
  beneficiary: string;
  reference: string;
  /** Canonical decimal string, "1234.56". */
  amount: string;
  currency: string;
  /** As the target says it, e.g. "POSTED". */
  status: string;
}

const readTable = (page: Page) => readTableWithColumns(page, POSTING_COLUMNS);

async function openSearchForm(page: Page, baseUrl: string): Promise<void> {
  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.postings}`);
}

async function search(page: Page, reference: string): Promise<void> {
  await fillForm(page, { [SELECTORS.postingsReference]: reference });
  await submit(page, () => clickElement(page, SELECTORS.searchButton));
}

/** The page shows PQ01 with its search form: the screen itself, or a result page (which offers the form again). */
async function onSearchForm(page: Page): Promise<boolean> {
  const url = page.url();
  return /^https?:/.test(url) && new URL(url).pathname === PATHS.postings && (await hasElement(page, SELECTORS.postingsReference));
}

/**
 * The postings the target holds under exactly this reference (0, 1, or more: the target accepts
 * duplicates), oldest first. Rows whose reference is not exactly the one asked for are left out.
 * An empty reference → BusinessRuleError (the screen's message in `details.screenErrors`).
 *
 * When the page already shows PQ01 (a page kept on this screen, e.g. a session's search tab), the
 * search is typed into the form on it: one request instead of two. That form's state token may have
 * gone stale meanwhile (a new login, or the server's page-state cache moved on): the target then shows
 * "session expired" while the session lives, so the search is made once more from a freshly opened
 * screen, whose guard tells a really lost session apart.
 */
export async function findPostings(page: Page, baseUrl: string, reference: string): Promise<Posting[]> {
  if (await onSearchForm(page)) {
    try {
      await search(page, reference);
    } catch (err) {
      if (!(err instanceof SessionLost)) throw err;
      await openSearchForm(page, baseUrl);
      await search(page, reference);
    }
  } else {
    await openSearchForm(page, baseUrl);
    await search(page, reference);
  }

  const table = await readTable(page);
  if (!table) {
    const text = cleanText(await page.evaluate(() => document.body?.innerText ?? '')).toUpperCase();
    if (text.includes(TEXTS.noPostings)) return [];
    const screenErrors = await readScreenErrors(page);
    if (screenErrors.length > 0) {
      throw new BusinessRuleError(`${TARGET} refused the postings search: ${screenErrors.join('; ')}`, { target: TARGET, reference, screenErrors });
    }
    throw new Error(`${TARGET}: neither a postings table nor "${TEXTS.noPostings}" on ${page.url()}`);
  }
  const col = (name: (typeof POSTING_COLUMNS)[number]) => table.header.indexOf(name);
  const wanted = cleanText(reference); // as the screen shows it: trimmed, inner whitespace collapsed
  return table.rows
    .map((cells) => {
      const cell = (name: (typeof POSTING_COLUMNS)[number]) => cleanText(cells[col(name)] ?? '');
      return {
        confirmation: cell('Confirmation No.'),
        date: parseDate(cell('Date')),
        debitAccount: cell('Debit Account'),
        beneficiary: cell('Beneficiary'),
        reference: cell('Reference'),
        amount: parseAmount(cell('Amount')),
        currency: cell('Currency'),
        status: cell('Status'),
      };
    })
    .filter((p) => p.reference === wanted);
}
