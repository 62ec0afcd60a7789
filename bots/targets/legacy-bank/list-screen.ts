/**
 * A list screen's answer, as every search and list screen of this system gives it: a table found by
 * its header (each row as its cells by column name, whitespace collapsed), or its "none found" text
 * (no rows), or red validation lines (the target's refusal: BusinessRuleError with its message); any
 * other page is a changed screen (a system error, retried).
 */
import type { Page } from 'playwright-core';
import { BusinessRuleError } from '../../kit/index.js';
import { TARGET } from './constants.js';
import { cleanText } from './parse.js';
import { readScreenErrors } from './payment.js';
import { readTableWithColumns } from './table.js';

export async function readListScreen<const C extends readonly string[]>(
  page: Page,
  list: { columns: C; none: string; what: string; details?: Record<string, unknown> },
): Promise<Record<C[number], string>[]> {
  const table = await readTableWithColumns(page, list.columns);
  if (!table) {
    const text = cleanText(await page.evaluate(() => document.body?.innerText ?? '')).toUpperCase();
    if (text.includes(list.none)) return [];
    const screenErrors = await readScreenErrors(page);
    if (screenErrors.length) throw new BusinessRuleError(`${TARGET} refused the ${list.what}: ${screenErrors.join('; ')}`, { target: TARGET, ...list.details, screenErrors });
    throw new Error(`${TARGET}: neither a ${list.what} table nor "${list.none}" on ${page.url()}`);
  }
  const index = list.columns.map((c) => table.header.indexOf(c));
  return table.rows.map((cells) => Object.fromEntries(list.columns.map((c, i) => [c, cleanText(cells[index[i]!] ?? '')])) as Record<C[number], string>);
}
