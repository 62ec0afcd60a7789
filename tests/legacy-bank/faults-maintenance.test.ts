/** Maintenance windows and injected faults, in real Chromium, on one server whose live settings each test changes. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../bots/kit/browser.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';
import { loginInBrowser, movableClock, searchAccount, text, USERS } from './helpers.js';

let browser: Browser;
let bank: LegacyBankHandle;
let context: BrowserContext;
let page: Page;
const clock = movableClock();
const user = USERS[0]!;
const MAINTENANCE = 'SYSTEM UNAVAILABLE - END OF DAY PROCESSING';

function resetSettings() {
  bank.state.settings.maintenance = { now: false, windows: [] };
  bank.state.settings.faults = { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0 };
}

beforeAll(async () => {
  [browser, bank] = await Promise.all([
    launchBrowser(),
    startLegacyBank({ port: 0, users: USERS, inspection: true, now: clock.now, customers: 5 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await bank?.close();
});
beforeEach(async () => {
  clock.reset();
  resetSettings();
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  resetSettings();
  await context.close();
});

describe('maintenance', () => {
  it('with now: true, every page (sign-on included) says END OF DAY PROCESSING with HTTP 200', async () => {
    await loginInBrowser(page, bank.url, user);
    await searchAccount(page, bank.url, bank.state.accounts[0]!.accountNumber);
    const historyHref = await page.getAttribute('a:text-is("Transaction History")', 'href');
    const formToken = await page.inputValue('input[name="__VIEWSTATE"]');
    bank.state.settings.maintenance.now = true;

    for (const path of ['/', '/login', '/main', '/nav', '/enquiry', historyHref!, '/logout', '/no-such-page']) {
      const response = await page.goto(`${bank.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await text(page), path).toContain(MAINTENANCE);
    }
    // a POST too (the form still on a page from before the window)
    const post = await page.evaluate(
      async ([url, token]) => {
        const r = await fetch(url!, { method: 'POST', body: new URLSearchParams({ __VIEWSTATE: token!, txtAccount: '1' }) });
        return { status: r.status, body: await r.text() };
      },
      [`${bank.url}/enquiry`, formToken],
    );
    expect(post.status).toBe(200);
    expect(post.body).toContain(MAINTENANCE);
    // the inspection API stays up (it is the tests' oracle)
    expect((await fetch(`${bank.url}/_inspect/health`)).status).toBe(200);

    bank.state.settings.maintenance.now = false;
    const after = await page.goto(`${bank.url}/login`);
    expect(await text(page)).toContain('SIGN ON');
    expect(after?.status()).toBe(200);
  });

  it('follows configured windows in local time and says when to come back', async () => {
    const now = clock.now();
    const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const start = new Date(now.getTime() - 60_000);
    const end = new Date(now.getTime() + 30 * 60_000);
    bank.state.settings.maintenance.windows = [`${hhmm(start)}-${hhmm(end)}`];
    await page.goto(`${bank.url}/login`);
    expect(await text(page)).toContain(MAINTENANCE);
    expect(await text(page)).toContain(`Please try again after ${hhmm(end)}.`);
    clock.advance(31 * 60_000);
    await page.goto(`${bank.url}/login`);
    expect(await text(page)).toContain('SIGN ON');
  });
});

describe('faults', () => {
  it('adds latencyMs to every response', async () => {
    await page.goto(`${bank.url}/login`); // warm
    bank.state.settings.faults.latencyMs = 300;
    const t0 = Date.now();
    const response = await page.goto(`${bank.url}/login`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(response?.status()).toBe(200);
  });

  it('with errorRate 1, answers HTTP 500 Internal Server Error, before any effect', async () => {
    bank.state.settings.faults.errorRate = 1;
    const logins = bank.state.sessions.userStats(Date.now())[USERS[2]!.username]?.logins ?? 0;
    const response = await page.goto(`${bank.url}/login`);
    expect(response?.status()).toBe(500);
    expect(await text(page)).toContain('Internal Server Error');
    // a POST that fails has no effect
    const res = await fetch(`${bank.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ txtUser: USERS[2]!.username, txtPassword: USERS[2]!.password }),
    });
    expect(res.status).toBe(500);
    expect(bank.state.sessions.userStats(Date.now())[USERS[2]!.username]?.logins ?? 0).toBe(logins);
  });

  it('with slowRate 1, delays responses by slowMs', async () => {
    await page.goto(`${bank.url}/login`);
    bank.state.settings.faults.slowRate = 1;
    bank.state.settings.faults.slowMs = 400;
    const t0 = Date.now();
    const response = await page.goto(`${bank.url}/login`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(response?.status()).toBe(200);
  });

  it('draws partial error rates from the seeded PRNG (same seed, same sequence)', async () => {
    const run = async () => {
      const b = await startLegacyBank({ port: 0, customers: 1, seed: 99, faults: { errorRate: 0.5 } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push((await fetch(`${b.url}/login`)).status);
        return statuses;
      } finally {
        await b.close();
      }
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
