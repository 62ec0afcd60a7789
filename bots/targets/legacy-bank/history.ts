/** AE02 transaction history: from the account details, following "Next >>" links. */
import type { Page } from 'playwright-core';
import { readTableWithColumns } from './table.js';
import { HISTORY_COLUMNS, TARGET, TEXTS } from './constants.js';
import { openAccount } from './account.js';
import { submit } from './navigation.js';
import { cleanText, parseAmount, parseDate, parseOptionalAmount } from './parse.js';

export interface HistoryEntry {
  /** ISO date "YYYY-MM-DD". */
  date: string;
  description: string;
  /** Canonical decimal strings ("1234.56"); exactly one of debit/credit is set. */
  debit: string | null;
  credit: string | null;
  /** Running balance after this entry. */
  balance: string;
}

export interface ReadHistoryOptions {
  /** Stop after this many pages (default: all). */
  maxPages?: number;
  /** Stop after the page that holds an entry older than this day (ISO): enough to know a day and the balance before it. */
  olderThan?: string;
}

const readTable = (page: Page) => readTableWithColumns(page, HISTORY_COLUMNS);

function toEntries(table: { header: string[]; rows: string[][] }): HistoryEntry[] {
  const col = (name: string) => table.header.indexOf(name);
  const [iDate, iDesc, iDebit, iCredit, iBalance] = HISTORY_COLUMNS.map(col) as [number, number, number, number, number];
  return table.rows.map((cells) => {
    const cell = (i: number) => cells[i] ?? '';
    return {
      date: parseDate(cell(iDate)),
      description: cleanText(cell(iDesc)),
      debit: parseOptionalAmount(cell(iDebit)),
      credit: parseOptionalAmount(cell(iCredit)),
      balance: parseAmount(cell(iBalance)),
    };
  });
}

/**
 * The account's transaction history, in the target's order: NEWEST FIRST (the first entry's balance
 * is the current ledger balance; each balance is the previous (older) balance + credit - debit).
 * Reads up to `maxPages` pages of 25 rows.
 */
export async function readHistory(
  page: Page,
  baseUrl: string,
  accountNumberOrIban: string,
  options: ReadHistoryOptions = {},
): Promise<HistoryEntry[]> {
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  await openAccount(page, baseUrl, accountNumberOrIban);
  await submit(page, () => page.getByRole('link', { name: TEXTS.historyLink, exact: true }).click());
  const entries: HistoryEntry[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const table = await readTable(page);
    if (!table) throw new Error(`${TARGET}: no transaction history table on ${page.url()}`);
    const read = toEntries(table);
    entries.push(...read);
    if (pageNo >= maxPages) break;
    if (options.olderThan && read.some((e) => e.date < options.olderThan!)) break;
    const next = page.getByRole('link', { name: TEXTS.nextPage, exact: true });
    if ((await next.count()) === 0) break;
    await submit(page, () => next.click());
  }
  return entries;
}
