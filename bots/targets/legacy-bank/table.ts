import type { Page } from 'playwright-core';

export interface ScreenTable {
  header: string[];
  rows: string[][];
}

/**
 * The legacy screens' tables have no ids or classes: a table is found by its header row,
 * the first whose cells include every one of `columns`. Header and rows as cell texts.
 */
export async function readTableWithColumns(page: Page, columns: readonly string[]): Promise<ScreenTable | null> {
  return page.evaluate((wanted) => {
    const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();
    for (const table of Array.from(document.querySelectorAll('table'))) {
      const rows = Array.from(table.rows);
      const header = rows[0] ? Array.from(rows[0].cells).map((c) => norm(c.innerText)) : [];
      if (wanted.every((col) => header.includes(col))) {
        return { header, rows: rows.slice(1).map((r) => Array.from(r.cells).map((c) => c.innerText)) };
      }
    }
    return null;
  }, [...columns]);
}
