/** Maintenance windows and injected faults, in real Chromium, on one server whose live settings each test changes. */
import { describe, expect, it } from 'vitest';
import { startLegacyBank } from '../../legacy-bank/server.js';
import { useBankAndBrowser } from '../helpers/bank-browser.js';
import { loginInBrowser, movableClock, searchAccount, text, USERS } from './helpers.js';

const clock = movableClock();
const user = USERS[0]!;
const MAINTENANCE = 'SYSTEM UNAVAILABLE - END OF DAY PROCESSING';
const env = useBankAndBrowser({
  bank: { users: USERS, inspection: true, now: clock.now, customers: 5 },
  resetSettings: true,
  beforeEach: clock.reset,
});

describe('maintenance', () => {
  it('with now: true, every page (sign-on included) says END OF DAY PROCESSING with HTTP 200', async () => {
    await loginInBrowser(env.page, env.bank.url, user);
    await searchAccount(env.page, env.bank.url, env.bank.state.accounts[0]!.accountNumber);
    const historyHref = await env.page.getAttribute('a:text-is("Transaction History")', 'href');
    const formToken = await env.page.inputValue('input[name="__VIEWSTATE"]');
    env.bank.state.settings.maintenance.now = true;

    for (const path of ['/', '/login', '/main', '/nav', '/enquiry', historyHref!, '/logout', '/no-such-page']) {
      const response = await env.page.goto(`${env.bank.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await text(env.page), path).toContain(MAINTENANCE);
    }
    // a POST too (the form still on a page from before the window)
    const post = await env.page.evaluate(
      async ([url, token]) => {
        const r = await fetch(url!, { method: 'POST', body: new URLSearchParams({ __VIEWSTATE: token!, txtAccount: '1' }) });
        return { status: r.status, body: await r.text() };
      },
      [`${env.bank.url}/enquiry`, formToken],
    );
    expect(post.status).toBe(200);
    expect(post.body).toContain(MAINTENANCE);
    // the inspection API stays up (it is the tests' oracle)
    expect((await fetch(`${env.bank.url}/_inspect/health`)).status).toBe(200);

    env.bank.state.settings.maintenance.now = false;
    const after = await env.page.goto(`${env.bank.url}/login`);
    expect(await text(env.page)).toContain('SIGN ON');
    expect(after?.status()).toBe(200);
  });

  it('follows configured windows in local time and says when to come back', async () => {
    const now = clock.now();
    const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const start = new Date(now.getTime() - 60_000);
    const end = new Date(now.getTime() + 30 * 60_000);
    env.bank.state.settings.maintenance.windows = [`${hhmm(start)}-${hhmm(end)}`];
    await env.page.goto(`${env.bank.url}/login`);
    expect(await text(env.page)).toContain(MAINTENANCE);
    expect(await text(env.page)).toContain(`Please try again after ${hhmm(end)}.`);
    clock.advance(31 * 60_000);
    await env.page.goto(`${env.bank.url}/login`);
    expect(await text(env.page)).toContain('SIGN ON');
  });
});

describe('faults', () => {
  /** Loads the sign-on page once to warm up, applies `faults`, then expects the next load to take at least `minMs` and succeed. */
  async function expectDelayedLoad(faults: Partial<typeof env.bank.state.settings.faults>, minMs: number) {
    await env.page.goto(`${env.bank.url}/login`); // warm
    Object.assign(env.bank.state.settings.faults, faults);
    const t0 = Date.now();
    const response = await env.page.goto(`${env.bank.url}/login`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(minMs);
    expect(response?.status()).toBe(200);
  }

  it('adds latencyMs to every response', async () => {
    await expectDelayedLoad({ latencyMs: 300 }, 300);
  });

  it('with errorRate 1, answers HTTP 500 Internal Server Error, before any effect', async () => {
    env.bank.state.settings.faults.errorRate = 1;
    const logins = env.bank.state.sessions.userStats(Date.now())[USERS[2]!.username]?.logins ?? 0;
    const response = await env.page.goto(`${env.bank.url}/login`);
    expect(response?.status()).toBe(500);
    expect(await text(env.page)).toContain('Internal Server Error');
    // a POST that fails has no effect
    const res = await fetch(`${env.bank.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ txtUser: USERS[2]!.username, txtPassword: USERS[2]!.password }),
    });
    expect(res.status).toBe(500);
    expect(env.bank.state.sessions.userStats(Date.now())[USERS[2]!.username]?.logins ?? 0).toBe(logins);
  });

  it('with slowRate 1, delays responses by slowMs', async () => {
    await expectDelayedLoad({ slowRate: 1, slowMs: 400 }, 400);
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
