/** The legacy-bank page objects against the simulator in real Chromium. */
import { beforeAll, describe, expect, it } from 'vitest';
import { BusinessRuleError, classifyError, SessionLost, TargetUnavailable } from '../../../../bots/kit/errors.js';
import {
  findAccount,
  isLoggedIn,
  legacyBankTarget,
  login,
  LoginRejected,
  logout,
  navigate,
  readHistory,
  TargetServerError,
} from '../../../../bots/targets/legacy-bank/index.js';
import { downloadFile } from '../../../../bots/targets/legacy-bank/download.js';
import { startLegacyBank } from '../../../../legacy-bank/server.js';
import { useBankAndBrowser, type InspectAccount } from '../../../helpers/bank-browser.js';

const USERS = [
  { username: 'bot1', password: 's3cret-1' },
  { username: 'bot2', password: 's3cret-2' },
];
const user = USERS[0]!;

const env = useBankAndBrowser({ bank: { users: USERS, inspection: true }, resetSettings: true });
let accounts: InspectAccount[];

/** Canonical decimal string → cents (test-side). */
const cents = (s: string) => {
  const neg = s.startsWith('-');
  const [u, m] = s.replace('-', '').split('.');
  return (neg ? -1n : 1n) * (BigInt(u!) * 100n + BigInt(m!));
};

beforeAll(async () => {
  accounts = (await (await fetch(`${env.bank.url}/_inspect/accounts`)).json()) as InspectAccount[];
});

describe('login', () => {
  it('logs in to the frameset; isLoggedIn and logout', async () => {
    expect(await isLoggedIn(env.page, env.bank.url)).toBe(false);
    await login(env.page, `${env.bank.url}/`, user);
    expect(env.page.frame({ name: 'content' })).not.toBeNull();
    expect(await isLoggedIn(env.page)).toBe(true);
    await logout(env.page, env.bank.url);
    expect(await isLoggedIn(env.page, env.bank.url)).toBe(false);
    expect(legacyBankTarget.name).toBe('legacy-bank');
  });

  it('throws LoginRejected for a wrong password, without the password in the message', async () => {
    const err = await login(env.page, env.bank.url, { username: user.username, password: 'wrong-pw' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginRejected);
    expect(err).toBeInstanceOf(Error);
    expect((err as LoginRejected).whatNext).toMatch(/password.*secrets/);
    expect((err as Error).message).not.toContain('wrong-pw');
  });
});

describe('findAccount', () => {
  it('reads the details; the balance equals the inspection API balance', async () => {
    await login(env.page, env.bank.url, user);
    const sample = [accounts[0]!, accounts.find((a) => a.balance.startsWith('-'))!, accounts.find((a) => a.accountNumber.startsWith('0'))!, accounts.find((a) => cents(a.balance) > 100_000_000n)!].filter(Boolean);
    expect(sample.length).toBeGreaterThanOrEqual(3);
    for (const a of sample) {
      const details = await findAccount(env.page, env.bank.url, a.accountNumber);
      expect(details).toEqual({ accountNumber: a.accountNumber, iban: a.iban, holder: a.holder, currency: a.currency, balance: a.balance });
    }
    const byIban = await findAccount(env.page, env.bank.url, accounts[1]!.iban);
    expect(byIban.accountNumber).toBe(accounts[1]!.accountNumber);
  });

  it('throws BusinessRuleError for an unknown account, masked to the last 4 digits', async () => {
    await login(env.page, env.bank.url, user);
    const err = await findAccount(env.page, env.bank.url, 'DE02100200309999999999').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BusinessRuleError);
    expect(classifyError(err)).toBe('business');
    expect((err as Error).message).toContain('9999');
    expect((err as Error).message).not.toContain('1002003099');
    expect((err as BusinessRuleError).details).toMatchObject({ target: 'legacy-bank', account: 'DE****************9999' });
  });
});

describe('readHistory', () => {
  it('follows Next >> through every page; rows and running balance are consistent', async () => {
    const a = accounts.find((x) => x.transactionCount > 50)!;
    const full = (await (await fetch(`${env.bank.url}/_inspect/accounts/${a.accountNumber}`)).json()) as {
      transactions: { date: string; description: string; amount: string; balanceAfter: string }[];
    };
    await login(env.page, env.bank.url, user);
    const entries = await readHistory(env.page, env.bank.url, a.iban);
    expect(entries).toHaveLength(a.transactionCount);
    expect(entries[0]!.balance).toBe(a.balance);
    const expected = [...full.transactions].reverse();
    entries.forEach((e, i) => {
      const t = expected[i]!;
      expect(e.date).toBe(t.date);
      expect(e.description).toBe(t.description);
      expect(e.balance).toBe(t.balanceAfter);
      expect(e.debit === null ? null : `-${e.debit}`).toBe(t.amount.startsWith('-') ? t.amount : null);
      expect(e.credit).toBe(t.amount.startsWith('-') ? null : t.amount);
      const older = entries[i + 1];
      if (older) {
        expect(cents(e.balance)).toBe(cents(older.balance) + cents(e.credit ?? '0.00') - cents(e.debit ?? '0.00'));
      }
    });
    const two = await readHistory(env.page, env.bank.url, a.accountNumber, { maxPages: 2 });
    expect(two).toEqual(entries.slice(0, 50));
  });
});

describe('failures', () => {
  it('throws SessionLost after another login of the same user', async () => {
    await login(env.page, env.bank.url, user);
    const other = await env.browser.newContext();
    try {
      await login(await other.newPage(), env.bank.url, user);
      const err = await findAccount(env.page, env.bank.url, accounts[0]!.accountNumber).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SessionLost);
      expect((err as SessionLost).reason).toMatch(/another login/);
      expect(await isLoggedIn(env.page, env.bank.url)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('takes a failure page where a file was asked for as what it is, never as the file', async () => {
    const statement = (format: string) => `${env.bank.url}/statements/file?account=${accounts[0]!.accountNumber}&date=2026-11-30&format=${format}`;
    const limit = { bytes: 1_000_000, setting: 'statements.maxFileMB' };
    await login(env.page, env.bank.url, user);
    const file = await downloadFile(env.page, statement('camt053'), 'the statement', limit);
    expect(file.bytes.toString('utf8')).toContain('<BkToCstmrStmt>');
    expect(file.name).toBe(`${accounts[0]!.accountNumber}-2026-11-30.xml`);
    // Another login of the same user between the screen and the download: the bank answers its SESSION TERMINATED page (HTTP 200).
    const other = await env.browser.newContext();
    try {
      await login(await other.newPage(), env.bank.url, user);
      const err = await downloadFile(env.page, statement('camt053'), 'the statement', limit).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SessionLost);
      expect((err as SessionLost).reason).toMatch(/another login/);
    } finally {
      await other.close();
    }
    // No session at all: sent to the sign-on page.
    await env.page.context().clearCookies();
    const none = await downloadFile(env.page, statement('mt940'), 'the statement', limit).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(SessionLost);
    expect((none as SessionLost).reason).toMatch(/sign-on page/);
    // Maintenance: the target is unavailable, the item waits.
    await login(env.page, env.bank.url, USERS[1]!);
    env.bank.state.settings.maintenance.now = true;
    const closed = await downloadFile(env.page, statement('camt053'), 'the statement', limit).catch((e: unknown) => e);
    env.bank.state.settings.maintenance.now = false;
    expect(closed).toBeInstanceOf(TargetUnavailable);
    // Too big: refused, naming the setting.
    const big = await downloadFile(env.page, statement('camt053'), 'the statement', { bytes: 100, setting: 'statements.maxFileMB' }).catch((e: unknown) => e);
    expect(big).toBeInstanceOf(BusinessRuleError);
    expect((big as Error).message).toMatch(/more than the 100 allowed \(statements\.maxFileMB\)/);
  });

  it('throws SessionLost when not logged in', async () => {
    const err = await findAccount(env.page, env.bank.url, accounts[0]!.accountNumber).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionLost);
  });

  it('throws TargetUnavailable in the maintenance window (login and later steps)', async () => {
    await login(env.page, env.bank.url, USERS[1]!);
    env.bank.state.settings.maintenance.now = true;
    const err = await findAccount(env.page, env.bank.url, accounts[0]!.accountNumber).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetUnavailable);
    expect((err as TargetUnavailable).reason).toBe('maintenance window: END OF DAY PROCESSING');
    expect(classifyError(err)).toBe('unavailable');
    await expect(login(env.page, env.bank.url, USERS[1]!)).rejects.toBeInstanceOf(TargetUnavailable);
    await expect(isLoggedIn(env.page, env.bank.url)).rejects.toBeInstanceOf(TargetUnavailable);
  });

  it('gives a retry-after for a configured window', async () => {
    const now = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    const end = new Date(now.getTime() + 20 * 60_000);
    env.bank.state.settings.maintenance.windows = [`${p(new Date(now.getTime() - 60_000).getHours())}:${p(new Date(now.getTime() - 60_000).getMinutes())}-${p(end.getHours())}:${p(end.getMinutes())}`];
    const err = await login(env.page, env.bank.url, user).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetUnavailable);
    const retry = (err as TargetUnavailable).retryAfterMs!;
    expect(retry).toBeGreaterThan(18 * 60_000);
    expect(retry).toBeLessThanOrEqual(20 * 60_000);
  });

  it('throws TargetServerError on HTTP 500 (a system error)', async () => {
    await login(env.page, env.bank.url, user);
    env.bank.state.settings.faults.errorRate = 1;
    const err = await findAccount(env.page, env.bank.url, accounts[0]!.accountNumber).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetServerError);
    expect((err as TargetServerError).status).toBe(500);
    expect(classifyError(err)).toBe('system');
  });

  it('throws TargetUnavailable when the target does not answer (connection refused)', async () => {
    const gone = await startLegacyBank({ port: 0, customers: 1 });
    await gone.close();
    const err = await login(env.page, gone.url, user).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetUnavailable);
    expect((err as TargetUnavailable).reason).toMatch(/ERR_CONNECTION_REFUSED/);
    await expect(navigate(env.page, `${gone.url}/enquiry`)).rejects.toBeInstanceOf(TargetUnavailable);
    await expect(isLoggedIn(env.page, gone.url)).rejects.toBeInstanceOf(TargetUnavailable);
  });
});
