/** Helpers for the simulator's browser tests. */
import type { Frame, Page, Response } from 'playwright-core';

export const USERS = [
  { username: 'bot1', password: 'pw-one-Ä&<x>' },
  { username: 'bot2', password: 'pw-two' },
  { username: 'bot3', password: 'pw-three' },
];

/** A clock the tests can move forward. */
export function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
    reset() {
      offsetMs = 0;
    },
  };
}

export async function text(target: Page | Frame): Promise<string> {
  return target.evaluate(() => document.body?.innerText ?? '');
}

/** Clicks something that navigates and returns the final response of the navigation. */
export async function clickAndWait(page: Page, selector: string): Promise<Response | null> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return response;
}

export async function loginInBrowser(page: Page, baseUrl: string, user: { username: string; password: string }): Promise<Response | null> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="txtUser"]', user.username);
  await page.fill('input[name="txtPassword"]', user.password);
  return clickAndWait(page, 'input[name="btnLogin"]');
}

/** Searches an account on the enquiry screen (top-level) and returns the response. */
export async function searchAccount(page: Page, baseUrl: string, ref: string): Promise<Response | null> {
  await page.goto(`${baseUrl}/enquiry`);
  await page.fill('input[name="txtAccount"]', ref);
  return clickAndWait(page, 'input[name="btnSearch"]');
}

/** Cell texts of the history table (the one whose first row starts with "Date"), header excluded. */
export async function historyRows(page: Page): Promise<string[][]> {
  return page.evaluate(() => {
    for (const t of Array.from(document.querySelectorAll('table'))) {
      const rows = Array.from(t.rows);
      if (rows[0]?.cells[0]?.innerText.trim() === 'Date') {
        return rows.slice(1).map((r) => Array.from(r.cells).map((c) => c.innerText));
      }
    }
    return [];
  });
}

/** "1.234,56" → cents as a bigint (test-side parser, independent of the page objects). */
export function screenAmountToCents(s: string): bigint {
  const t = s.replace(/[\s\u00a0]/g, '');
  if (t === '') return 0n;
  const neg = t.startsWith('-');
  const digits = t.replace(/[-.,]/g, '');
  return (neg ? -1n : 1n) * BigInt(digits);
}

export function decimalToCents(s: string): bigint {
  const neg = s.startsWith('-');
  const [u, m = ''] = s.replace('-', '').split('.');
  return (neg ? -1n : 1n) * (BigInt(u ?? '0') * 100n + BigInt(m.padEnd(2, '0')));
}
