import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { balanceCheck, type BalanceCheckResult } from '../../bots/balance-check/index.js';
import { CHROMIUM_ARGS } from '../../bots/kit/browser.js';
import { Secrets } from '../../config/secrets.js';
import { legacyBankTarget, login } from '../../bots/targets/legacy-bank/index.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { Runtime } from '../../queue/runtime.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { createLogger } from '../../logging/logger.js';
import { LogCapture, testConfig } from '../helpers/runtime.js';
import { inject } from 'vitest';
import { waitFor } from '../helpers/wait.js';

// This file runs its own simulator, so that login counts are its own.
const users = ['bot1', 'bot2'].map((username) => ({ username, password: randomBytes(9).toString('base64url') }));
let bank: LegacyBankHandle;
let rt: Runtime | undefined;
let host: WorkerHost | undefined;
const logs = new LogCapture();

beforeAll(async () => {
  bank = await startLegacyBank({ port: 0, users, inspection: true, customers: 6 });
});
afterEach(async () => {
  await host?.shutdown(2_000);
  await rt?.close();
  rt = host = undefined;
});
afterAll(() => bank.close());

async function start(accounts = users.map((u) => u.username), targetOverrides: Record<string, unknown> = {}, wrongPassword = false) {
  const config = testConfig({
    bots: { 'balance-check': { concurrency: 2, attempts: 2, backoffMs: 100 } },
    targets: { 'legacy-bank': { baseUrl: bank.url, accounts: accounts.map((username) => ({ username })), ...targetOverrides } },
  });
  const env = Object.fromEntries(
    users.map((u) => [Secrets.envName(Secrets.accountPassword('legacy-bank', u.username)), wrongPassword ? `${u.password}-wrong` : u.password]),
  );
  rt = new Runtime(config, Secrets.load(undefined, env), inject('redisUrl'), createLogger({ level: 'debug', destination: logs.stream }),
    new Map([[balanceCheck.name, balanceCheck]]), new Map([[legacyBankTarget.name, legacyBankTarget]]));
  host = new WorkerHost(rt);
  await host.start();
  return rt;
}

/** The job once BullMQ has finished with it (the item index may say done a moment earlier). */
const finishedJob = (r: Runtime, itemId: string) =>
  waitFor(async () => {
    const job = await r.queue('balance-check').getJob(itemId);
    return job?.finishedOn && job;
  }, `job ${itemId} finished`);
const logins = () => Object.fromEntries(Object.entries(bank.state.sessions.userStats(Date.now())).map(([u, s]) => [u, s.logins]));
const settle = (r: Runtime, itemId: string) =>
  waitFor(async () => {
    const s = (await r.items.get(itemId))?.status;
    return (s === 'done' || s === 'exception') && s;
  }, `item ${itemId} outcome`, 30_000);
// The item index says done as the bot returns; BullMQ stores the return value just after.
const result = async (r: Runtime, itemId: string) =>
  (await waitFor(async () => (await r.queue('balance-check').getJob(itemId))?.returnvalue as BalanceCheckResult | null, 'the result')) as BalanceCheckResult;

describe('balance-check bot against the simulator, in real Chromium', () => {
  it('reads every balance through leased sessions that log in once and are reused across items', async () => {
    const r = await start();
    const before = logins();
    const asOf = new Date().toISOString();
    const accounts = bank.state.accounts.slice(0, 8);
    const items = await Promise.all(accounts.map((a) => dispatchItem(r, 'balance-check', { account: a.iban, asOf }, { runId: 'bc-1' })));
    for (const [i, a] of accounts.entries()) {
      expect(await settle(r, items[i]!.itemId)).toBe('done');
      const read = await result(r, items[i]!.itemId);
      const expected = (await (await fetch(`${bank.url}/_inspect/accounts/${a.iban}`)).json()) as { balance: string };
      expect(read.balance).toBe(expected.balance);
      expect(read.iban.replace(/\s/g, '')).toBe(a.iban);
    }
    const after = logins();
    const newLogins = users.map((u) => (after[u.username] ?? 0) - (before[u.username] ?? 0));
    // Two accounts, eight items: each account logged in at most once.
    expect(newLogins.every((n) => n <= 1)).toBe(true);
    expect(newLogins.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    // Every line an item writes, the session's own included, carries the item's identity.
    const itemLines = logs.records.filter((l) => l.runId === 'bc-1' || l.msg === 'logged in');
    expect(itemLines.some((l) => l.msg === 'logged in')).toBe(true);
    for (const l of itemLines) expect(l).toMatchObject({ runId: 'bc-1', itemId: expect.any(String), bot: 'balance-check', businessKey: expect.any(String) });
    // No password and no full IBAN in any log line.
    for (const u of users) expect(logs.text).not.toContain(u.password);
    for (const a of accounts) expect(logs.text).not.toContain(a.iban);
  });

  it('logs in again when the target has ended the session (another login with the same account)', async () => {
    const r = await start(['bot2']);
    const asOf = new Date().toISOString();
    const [a, b] = bank.state.accounts;
    const first = await dispatchItem(r, 'balance-check', { account: a!.iban, asOf }, { runId: 'bc-2' });
    expect(await settle(r, first.itemId)).toBe('done');
    const before = logins().bot2 ?? 0;
    // Someone else logs in as bot2: our session is terminated by the one-session rule.
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await login(page, bank.url, users[1]!);
    } finally {
      await browser.close();
    }
    const second = await dispatchItem(r, 'balance-check', { account: b!.iban, asOf }, { runId: 'bc-2' });
    expect(await settle(r, second.itemId)).toBe('done');
    expect((await result(r, second.itemId)).balance).toBeTruthy();
    // Theirs, then ours again.
    expect((logins().bot2 ?? 0) - before).toBe(2);
    expect((await finishedJob(r, second.itemId)).attemptsMade).toBe(1);
    expect(logs.text).toMatch(/session lost; logging in again/);
  });

  it('during the maintenance window the item waits (TargetUnavailable) and completes when the system is back', async () => {
    const r = await start(['bot1'], { unavailableDelayMs: 200, breaker: { failureThreshold: 50, coolDownMs: 500 } });
    bank.state.settings.maintenance.now = true;
    try {
      const a = bank.state.accounts[2]!;
      const item = await dispatchItem(r, 'balance-check', { account: a.iban, asOf: new Date().toISOString() }, { runId: 'bc-3' });
      await waitFor(async () => (await r.items.get(item.itemId))?.status === 'waiting-target', 'item waiting for the target');
      expect((await r.breaker.state('legacy-bank')).failures).toBeGreaterThanOrEqual(1);
      bank.state.settings.maintenance.now = false;
      expect(await settle(r, item.itemId)).toBe('done');
      expect((await finishedJob(r, item.itemId)).attemptsMade).toBe(1);
      expect(await r.exceptions.list({ runId: 'bc-3' })).toEqual([]);
    } finally {
      bank.state.settings.maintenance.now = false;
    }
  });

  it('an unknown account is a business exception, not retried, with a screenshot as evidence', async () => {
    const r = await start(['bot1']);
    const item = await dispatchItem(r, 'balance-check', { account: '9999999999', asOf: new Date().toISOString() }, { runId: 'bc-4' });
    expect(await settle(r, item.itemId)).toBe('exception');
    const [exc] = await r.exceptions.list({ runId: 'bc-4' });
    expect(exc).toMatchObject({ type: 'business', attempt: 1 });
    expect(exc!.reason).toMatch(/9999/);
    expect(exc!.reason).not.toContain('9999999999');
    expect(exc!.evidence.map((e) => e.name)).toContain('failure.png');
  });

  it('a rejected bot-account password is not retried (lock-out risk): an exception says which account to fix', async () => {
    const r = await start(['bot1'], {}, true);
    const item = await dispatchItem(r, 'balance-check', { account: bank.state.accounts[0]!.iban, asOf: new Date().toISOString() }, { runId: 'bc-5' });
    expect(await settle(r, item.itemId)).toBe('exception');
    const [exc] = await r.exceptions.list({ runId: 'bc-5' });
    expect(exc).toMatchObject({ type: 'system', attempt: 1 });
    expect(exc!.error.name).toBe('LoginRejected');
    expect(exc!.error.whatNext).toMatch(/bot1.*secrets/);
    expect((await finishedJob(r, item.itemId)).attemptsMade).toBe(1);
    expect(logs.text).not.toContain(`${users[0]!.password}-wrong`);
  });
});
