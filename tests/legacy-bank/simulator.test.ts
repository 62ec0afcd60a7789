/** The simulator in real Chromium: sign-on, frameset, sessions, state tokens, idle timeout, enquiry, history, inspection. */
import { describe, expect, it } from 'vitest';
import { startLegacyBank } from '../../legacy-bank/server.js';
import { useBankAndBrowser, type InspectAccount } from '../helpers/bank-browser.js';
import {
  clickAndWait,
  decimalToCents,
  historyRows,
  loginInBrowser,
  movableClock,
  screenAmountToCents,
  searchAccount,
  text,
  USERS,
} from './helpers.js';

const clock = movableClock();
const user = USERS[0]!;
const env = useBankAndBrowser({
  bank: { users: USERS, inspection: true, now: clock.now, idleTimeoutSec: 600 },
  beforeEach: clock.reset,
});

describe('sign-on', () => {
  it('logs in and shows the frameset with a navigation and a content frame', async () => {
    const response = await loginInBrowser(env.page, env.bank.url, user);
    expect(response?.status()).toBe(200);
    expect(new URL(env.page.url()).pathname).toBe('/main');
    expect(await env.page.$$eval('frameset > frame', (fs) => fs.map((f) => f.getAttribute('name')))).toEqual(['nav', 'content']);
    const nav = env.page.frame({ name: 'nav' })!;
    const content = env.page.frame({ name: 'content' })!;
    expect(await text(nav)).toContain('Account Enquiry');
    expect(await text(nav)).toContain('Logout');
    expect(await text(content)).toContain('ACCOUNT ENQUIRY');
    expect(await text(content)).toContain(`USER: ${user.username.toUpperCase()}`);
    // the nav link opens the enquiry in the content frame
    await nav.click('a[target="content"]');
    await content.waitForSelector('input[name="txtAccount"]');
  });

  it('re-displays the form with a red error for wrong credentials (HTTP 200)', async () => {
    const response = await loginInBrowser(env.page, env.bank.url, { username: user.username, password: 'wrong' });
    expect(response?.status()).toBe(200);
    expect(new URL(env.page.url()).pathname).toBe('/login');
    expect(await text(env.page)).toContain('INVALID USER ID OR PASSWORD');
    expect(await env.page.$eval('font[color="red"]', (e) => e.textContent)).toContain('INVALID USER ID OR PASSWORD');
    expect(await env.page.inputValue('input[name="txtUser"]')).toBe(user.username);
    const unknown = await loginInBrowser(env.page, env.bank.url, { username: 'nobody', password: 'x' });
    expect(unknown?.status()).toBe(200);
    expect(await text(env.page)).toContain('INVALID USER ID OR PASSWORD');
  });

  it('redirects to the sign-on page without a session, and signs off', async () => {
    await env.page.goto(`${env.bank.url}/enquiry`);
    expect(new URL(env.page.url()).pathname).toBe('/login');
    await loginInBrowser(env.page, env.bank.url, USERS[2]!);
    await env.page.goto(`${env.bank.url}/logout`);
    expect(new URL(env.page.url()).pathname).toBe('/login');
    await env.page.goto(`${env.bank.url}/enquiry`);
    expect(new URL(env.page.url()).pathname).toBe('/login');
  });
});

describe('one session per user', () => {
  it('ends the older session with a SESSION TERMINATED page (HTTP 200)', async () => {
    const before = await env.inspect<{ users: Record<string, { logins: number; terminations: number }> }>('/sessions');
    const otherContext = await env.browser.newContext();
    try {
      const other = await otherContext.newPage();
      await loginInBrowser(env.page, env.bank.url, USERS[1]!);
      await loginInBrowser(other, env.bank.url, USERS[1]!);
      const response = await env.page.goto(`${env.bank.url}/enquiry`);
      expect(response?.status()).toBe(200);
      const shown = await text(env.page);
      expect(shown).toContain('SESSION TERMINATED');
      expect(shown).toContain('another login');
      // the newer session works
      const ok = await other.goto(`${env.bank.url}/enquiry`);
      expect(ok?.status()).toBe(200);
      expect(await text(other)).toContain('ACCOUNT ENQUIRY');
      const after = await env.inspect<{ users: Record<string, { active: number; logins: number; terminations: number }>; active: { username: string }[] }>('/sessions');
      const stats = after.users[USERS[1]!.username]!;
      expect(stats.active).toBe(1);
      expect(stats.logins - (before.users[USERS[1]!.username]?.logins ?? 0)).toBe(2);
      expect(stats.terminations - (before.users[USERS[1]!.username]?.terminations ?? 0)).toBe(1);
      expect(after.active.filter((s) => s.username === USERS[1]!.username)).toHaveLength(1);
    } finally {
      await otherContext.close();
    }
  });
});

describe('state tokens (__VIEWSTATE)', () => {
  it('rejects a replayed token with the expired page (HTTP 200)', async () => {
    await loginInBrowser(env.page, env.bank.url, user);
    await env.page.goto(`${env.bank.url}/enquiry`);
    const oldToken = await env.page.inputValue('input[name="__VIEWSTATE"]');
    const accounts = await env.inspect<InspectAccount[]>('/accounts');
    await env.page.fill('input[name="txtAccount"]', accounts[0]!.accountNumber);
    const first = await clickAndWait(env.page, 'input[name="btnSearch"]');
    expect(first?.status()).toBe(200);
    expect(await text(env.page)).toContain(accounts[0]!.holder);
    // a fresh form, but post the token that was already used
    await env.page.goto(`${env.bank.url}/enquiry`);
    await env.page.$eval('input[name="__VIEWSTATE"]', (e, v) => ((e as HTMLInputElement).value = v), oldToken);
    await env.page.fill('input[name="txtAccount"]', accounts[0]!.accountNumber);
    const replay = await clickAndWait(env.page, 'input[name="btnSearch"]');
    expect(replay?.status()).toBe(200);
    expect(await text(env.page)).toContain('YOUR SESSION HAS EXPIRED');
  });

  it('rejects a missing token with the expired page (HTTP 200)', async () => {
    await loginInBrowser(env.page, env.bank.url, user);
    await env.page.goto(`${env.bank.url}/enquiry`);
    await env.page.$eval('input[name="__VIEWSTATE"]', (e) => e.remove());
    await env.page.fill('input[name="txtAccount"]', '0000000000');
    const response = await clickAndWait(env.page, 'input[name="btnSearch"]');
    expect(response?.status()).toBe(200);
    expect(await text(env.page)).toContain('YOUR SESSION HAS EXPIRED');
  });

  it('rejects a token from a previous session of the same user, and a stale sign-on form', async () => {
    await loginInBrowser(env.page, env.bank.url, user);
    await env.page.goto(`${env.bank.url}/enquiry`);
    const token = await env.page.inputValue('input[name="__VIEWSTATE"]');
    await loginInBrowser(env.page, env.bank.url, user); // new session in the same context
    await env.page.goto(`${env.bank.url}/enquiry`);
    await env.page.$eval('input[name="__VIEWSTATE"]', (e, v) => ((e as HTMLInputElement).value = v), token);
    await env.page.fill('input[name="txtAccount"]', '0000000000');
    const response = await clickAndWait(env.page, 'input[name="btnSearch"]');
    expect(response?.status()).toBe(200);
    expect(await text(env.page)).toContain('YOUR SESSION HAS EXPIRED');

    await env.page.goto(`${env.bank.url}/login`);
    await env.page.$eval('input[name="__VIEWSTATE"]', (e) => ((e as HTMLInputElement).value = 'forged'));
    await env.page.fill('input[name="txtUser"]', user.username);
    await env.page.fill('input[name="txtPassword"]', user.password);
    const login = await clickAndWait(env.page, 'input[name="btnLogin"]');
    expect(login?.status()).toBe(200);
    expect(await text(env.page)).toContain('YOUR SESSION HAS EXPIRED');
  });

  it('does not allow deep links into the history without a token', async () => {
    await loginInBrowser(env.page, env.bank.url, user);
    const response = await env.page.goto(`${env.bank.url}/history?page=2`);
    expect(response?.status()).toBe(200);
    expect(await text(env.page)).toContain('YOUR SESSION HAS EXPIRED');
  });
});

describe('idle timeout', () => {
  it('shows YOUR SESSION HAS EXPIRED (HTTP 200) after the idle time, not before', async () => {
    await loginInBrowser(env.page, env.bank.url, user);
    clock.advance(590_000);
    expect(await text(env.page.frame({ name: 'content' })!)).toContain('ACCOUNT ENQUIRY');
    const stillOk = await env.page.goto(`${env.bank.url}/enquiry`);
    expect(stillOk?.status()).toBe(200);
    expect(await text(env.page)).toContain('ACCOUNT ENQUIRY'); // the request reset the idle timer
    clock.advance(601_000);
    const response = await env.page.goto(`${env.bank.url}/enquiry`);
    expect(response?.status()).toBe(200);
    expect(await text(env.page)).toContain('YOUR SESSION HAS EXPIRED');
  });
});

describe('account enquiry', () => {
  it('shows the details by account number or IBAN, and a red error for unknown accounts', async () => {
    const accounts = await env.inspect<InspectAccount[]>('/accounts');
    const a = accounts.find((x) => x.balance.replace('-', '').length >= 7) ?? accounts[0]!;
    await loginInBrowser(env.page, env.bank.url, user);
    await searchAccount(env.page, env.bank.url, a.accountNumber);
    const details = await text(env.page);
    expect(details).toContain(a.holder);
    expect(details).toContain(a.currency);
    expect(details).toContain(a.iban.replace(/(.{4})(?=.)/g, '$1 '));
    const shown = await env.page.$eval('td', () => {
      for (const td of Array.from(document.querySelectorAll('td'))) {
        if (td.innerText.trim() === 'Ledger Balance:') return (td.nextElementSibling as HTMLElement).innerText;
      }
      return '';
    });
    expect(shown).toMatch(/^-?\d{1,3}(\.\d{3})*,\d{2}$/);
    expect(screenAmountToCents(shown)).toBe(decimalToCents(a.balance));
    expect(details).toMatch(/Date Opened:\s*\d{2}\/\d{2}\/\d{4}/);

    await searchAccount(env.page, env.bank.url, a.iban.replace(/(.{4})(?=.)/g, '$1 ').toLowerCase());
    expect(await text(env.page)).toContain(a.holder);

    const missing = await searchAccount(env.page, env.bank.url, '9999999999');
    expect(missing?.status()).toBe(200);
    expect(await env.page.$eval('font[color="red"]', (e) => e.textContent)).toContain('ACCOUNT NOT FOUND');
    expect(await env.page.$('input[name="txtAccount"]')).not.toBeNull();
  });

  it('escapes data (descriptions with < and &)', async () => {
    const accounts = await env.inspect<InspectAccount[]>('/accounts');
    let found: { account: InspectAccount; index: number } | undefined;
    for (const account of accounts) {
      const full = await env.inspect<{ transactions: { description: string }[] }>(`/accounts/${account.accountNumber}`);
      const index = [...full.transactions].reverse().findIndex((t) => t.description.includes('<KAMPS>'));
      if (index >= 0 && index < 25) {
        found = { account, index };
        break;
      }
    }
    expect(found).toBeDefined();
    await loginInBrowser(env.page, env.bank.url, user);
    await searchAccount(env.page, env.bank.url, found!.account.accountNumber);
    await clickAndWait(env.page, 'a:text-is("Transaction History")');
    const rows = await historyRows(env.page);
    expect(rows[found!.index]![1]).toContain('BAECKEREI <KAMPS>');
    expect(await env.page.content()).toContain('BAECKEREI &lt;KAMPS&gt;');
  });
});

describe('transaction history', () => {
  it('pages 25 rows at a time, newest first, with a running balance consistent with the account balance', async () => {
    const accounts = await env.inspect<InspectAccount[]>('/accounts');
    const a = accounts.find((x) => x.transactionCount > 60)!;
    await loginInBrowser(env.page, env.bank.url, user);
    await searchAccount(env.page, env.bank.url, a.accountNumber);
    const first = await clickAndWait(env.page, 'a:text-is("Transaction History")');
    expect(first?.status()).toBe(200);
    // no ids or classes on the table
    expect(await env.page.$$eval('table *[id], table *[class], table[id], table[class]', (els) => els.length)).toBe(0);
    const pages: string[][][] = [await historyRows(env.page)];
    expect(pages[0]).toHaveLength(25);
    expect(await env.page.$('a:text-is("<< Prev")')).toBeNull();
    const expectedPages = Math.ceil(a.transactionCount / 25);
    expect(await text(env.page)).toContain(`Page 1 of ${expectedPages}`);
    while (await env.page.$('a:text-is("Next >>")')) {
      const r = await clickAndWait(env.page, 'a:text-is("Next >>")');
      expect(r?.status()).toBe(200);
      pages.push(await historyRows(env.page));
    }
    expect(pages).toHaveLength(expectedPages);
    expect(pages.at(-1)!.length).toBe(a.transactionCount - 25 * (expectedPages - 1));
    // Prev goes back one page
    await clickAndWait(env.page, 'a:text-is("<< Prev")');
    expect(await historyRows(env.page)).toEqual(pages.at(-2));

    const rows = pages.flat();
    expect(rows).toHaveLength(a.transactionCount);
    expect(screenAmountToCents(rows[0]![4]!)).toBe(decimalToCents(a.balance));
    let previousDate = '9999-99-99';
    for (let i = 0; i < rows.length; i++) {
      const [date, , debit, credit, balance] = rows[i]!;
      expect(date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      const iso = date!.split('/').reverse().join('-');
      expect(iso <= previousDate).toBe(true);
      previousDate = iso;
      expect(debit!.trim() === '' || credit!.trim() === '').toBe(true);
      for (const amount of [debit!, credit!, balance!]) {
        if (amount.trim()) expect(amount.trim()).toMatch(/^-?\d{1,3}(\.\d{3})*,\d{2}$/);
      }
      const next = rows[i + 1];
      if (next) {
        // balance = older balance + credit - debit
        expect(screenAmountToCents(balance!)).toBe(
          screenAmountToCents(next[4]!) + screenAmountToCents(credit!) - screenAmountToCents(debit!),
        );
      }
    }
  });
});

describe('inspection API', () => {
  it('serves health, accounts and sessions as JSON when on', async () => {
    const health = await env.inspect<{ status: string; accounts: number }>('/health');
    expect(health.status).toBe('ok');
    const accounts = await env.inspect<InspectAccount[]>('/accounts');
    expect(accounts).toHaveLength(health.accounts);
    for (const a of accounts) expect(a.balance).toMatch(/^-?\d+\.\d{2}$/);
    const sessions = await env.inspect<{ users: object; active: unknown[] }>('/sessions');
    expect(sessions).toHaveProperty('users');
    expect((await fetch(`${env.bank.url}/_inspect/accounts/0000000001`)).status).toBe(404);
  });

  it('is 404 when off, and the same seed gives the same bank', async () => {
    const off = await startLegacyBank({ port: 0, now: clock.now });
    try {
      const response = await env.page.goto(`${off.url}/_inspect/accounts`);
      expect(response?.status()).toBe(404);
      expect((await fetch(`${off.url}/_inspect/health`)).status).toBe(404);
      expect(off.state.accounts.map((a) => [a.accountNumber, a.iban, a.holder, a.balance])).toEqual(
        env.bank.state.accounts.map((a) => [a.accountNumber, a.iban, a.holder, a.balance]),
      );
    } finally {
      await off.close();
    }
    const other = await startLegacyBank({ port: 0, seed: 7, customers: 3, inspection: true });
    try {
      const accounts = (await (await fetch(`${other.url}/_inspect/accounts`)).json()) as InspectAccount[];
      expect(new Set(accounts.map((a) => a.holder)).size).toBeLessThanOrEqual(3);
      expect(accounts.map((a) => a.accountNumber)).not.toEqual(env.bank.state.accounts.slice(0, accounts.length).map((a) => a.accountNumber));
    } finally {
      await other.close();
    }
  });
});
