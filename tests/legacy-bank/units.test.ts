/** The simulator's building blocks without a browser: IBANs, formats, PRNG, seed data, windows, options, sessions. */
import { describe, expect, it } from 'vitest';
import { parseLegacyBankArgs } from '../../legacy-bank/cli.js';
import { formatAmount, formatDate, toDecimalString } from '../../legacy-bank/format.js';
import { formatIbanPrint, germanIban, isValidIban, mod97 } from '../../legacy-bank/iban.js';
import { maintenanceStatus } from '../../legacy-bank/maintenance.js';
import { DEFAULT_LEGACY_BANK_OPTIONS, parseLegacyBankOptions } from '../../legacy-bank/options.js';
import { createPrng } from '../../legacy-bank/prng.js';
import { generateSeedData } from '../../legacy-bank/seed.js';
import { SessionStore } from '../../legacy-bank/sessions.js';
import { AnonymousTokens, consumeToken, issueToken, MAX_TOKENS_PER_SESSION } from '../../legacy-bank/state-token.js';

describe('iban', () => {
  it('validates known IBANs with mod-97', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE00370400440532013000')).toBe(false);
    expect(mod97('3214282912345698765432161182')).toBe(1);
  });
  it('builds German IBANs from bank code and account number', () => {
    expect(germanIban('37040044', '0532013000')).toBe('DE89370400440532013000');
    expect(formatIbanPrint('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(() => germanIban('1234', '0532013000')).toThrow();
  });
});

describe('format', () => {
  it('formats cents as screen amounts and decimal strings', () => {
    expect(formatAmount(123456)).toBe('1.234,56');
    expect(formatAmount(-123456)).toBe('-1.234,56');
    expect(formatAmount(5)).toBe('0,05');
    expect(formatAmount(0)).toBe('0,00');
    expect(formatAmount(123456789012)).toBe('1.234.567.890,12');
    expect(toDecimalString(-5)).toBe('-0.05');
    expect(toDecimalString(123456)).toBe('1234.56');
    expect(() => formatAmount(1.5)).toThrow();
    expect(formatDate('2024-03-05')).toBe('05/03/2024');
  });
});

describe('prng', () => {
  it('is deterministic per seed and label', () => {
    const a = createPrng(7);
    const b = createPrng(7);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(createPrng(8).next()).not.toBe(seqA[0]);
    expect(createPrng(7).fork('x').next()).toBe(createPrng(7).fork('x').next());
    const r = createPrng(1);
    for (let i = 0; i < 1000; i++) {
      const v = r.int(3, 5);
      expect(v >= 3 && v <= 5).toBe(true);
      expect(r.chance(1)).toBe(true);
      expect(r.chance(0)).toBe(false);
    }
  });
});

describe('seed data', () => {
  const opts = { seed: 42, customers: 40, historyMonths: 6, businessDate: '2024-06-28' };
  const data = generateSeedData(opts);

  it('is identical for the same seed, different for another', () => {
    expect(generateSeedData(opts)).toEqual(data);
    const other = generateSeedData({ ...opts, seed: 43 });
    expect(other.accounts.map((a) => a.accountNumber)).not.toEqual(data.accounts.map((a) => a.accountNumber));
  });

  it('has the configured number of customers, unique 10-digit accounts and valid DE IBANs', () => {
    expect(data.customers).toHaveLength(40);
    expect(data.accounts.length).toBeGreaterThanOrEqual(40);
    const numbers = new Set(data.accounts.map((a) => a.accountNumber));
    expect(numbers.size).toBe(data.accounts.length);
    for (const a of data.accounts) {
      expect(a.accountNumber).toMatch(/^\d{10}$/);
      expect(a.iban).toMatch(/^DE\d{20}$/);
      expect(a.iban.endsWith(a.accountNumber)).toBe(true);
      expect(isValidIban(a.iban), a.iban).toBe(true);
    }
    expect(data.accounts.filter((a) => a.currency === 'EUR').length / data.accounts.length).toBeGreaterThan(0.7);
    expect(generateSeedData({ ...opts, customers: 5 }).customers).toHaveLength(5);
  });

  it('keeps money in integer cents with consistent running balances over the history window', () => {
    for (const a of data.accounts) {
      expect(a.transactions.length).toBeGreaterThan(20);
      let balance = a.openingBalance;
      for (const t of a.transactions) {
        expect(Number.isSafeInteger(t.amount)).toBe(true);
        expect(t.amount).not.toBe(0);
        balance += t.amount;
        expect(t.balanceAfter).toBe(balance);
        expect(t.date >= '2023-12-29' && t.date <= '2024-06-28').toBe(true);
      }
      expect(a.balance).toBe(balance);
      const dates = a.transactions.map((t) => t.date);
      expect([...dates].sort()).toEqual(dates);
    }
    expect(data.accounts.some((a) => a.balance < 0)).toBe(true);
    expect(data.accounts.some((a) => a.balance >= 100_000)).toBe(true);
  });

  it('grows with historyMonths', () => {
    const longer = generateSeedData({ ...opts, historyMonths: 12 });
    expect(longer.accounts[0]!.transactions.length).toBeGreaterThan(data.accounts[0]!.transactions.length);
  });
});

describe('maintenance windows', () => {
  const at = (h: number, m: number) => new Date(2024, 5, 3, h, m);
  it('matches windows in local time, end exclusive, wrapping midnight', () => {
    const w = { now: false, windows: ['23:30-00:30', '12:00-12:15'] };
    expect(maintenanceStatus(w, at(23, 45))).toEqual({ active: true, until: '00:30' });
    expect(maintenanceStatus(w, at(0, 10)).active).toBe(true);
    expect(maintenanceStatus(w, at(0, 30)).active).toBe(false);
    expect(maintenanceStatus(w, at(12, 14)).active).toBe(true);
    expect(maintenanceStatus(w, at(12, 15)).active).toBe(false);
    expect(maintenanceStatus({ now: true, windows: [] }, at(9, 0))).toEqual({ active: true });
  });
});

describe('options', () => {
  it('fills defaults and validates', () => {
    expect(DEFAULT_LEGACY_BANK_OPTIONS).toMatchObject({
      host: '127.0.0.1',
      users: [],
      seed: 42,
      customers: 40,
      historyMonths: 6,
      idleTimeoutSec: 600,
      inspection: false,
      maintenance: { now: false, windows: [] },
      faults: { latencyMs: 0, errorRate: 0, slowRate: 0 },
    });
    expect(parseLegacyBankOptions({ faults: { errorRate: 1 } }).faults).toMatchObject({ errorRate: 1, latencyMs: 0 });
    expect(() => parseLegacyBankOptions({ faults: { errorRate: 2 } })).toThrow();
    expect(() => parseLegacyBankOptions({ maintenance: { windows: ['25:00-01:00'] } })).toThrow();
  });
  it('parses command-line flags', () => {
    expect(parseLegacyBankArgs(['--port', '4010', '--user', 'bot1:a:b', '--inspection', '--error-rate=0.5'], {})).toEqual({
      port: 4010,
      users: [{ username: 'bot1', password: 'a:b' }],
      inspection: true,
      faults: { errorRate: 0.5 },
    });
    expect(parseLegacyBankArgs([], { LEGACY_BANK_USERS: 'x:1,y:2' }).users).toHaveLength(2);
    expect(() => parseLegacyBankArgs(['--bogus'], {})).toThrow(/unknown/);
  });
});

describe('sessions and state tokens', () => {
  it('allows one session per user, expires idle ones, and keeps tokens single-use and per session', () => {
    const store = new SessionStore(() => 1000);
    const { session: s1 } = store.login('u', 0);
    const t1 = issueToken(s1, 0, { screen: 'A' });
    const { session: s2, replaced } = store.login('u', 10);
    expect(replaced?.id).toBe(s1.id);
    expect(store.lookup(s1.id, 20)).toEqual({ kind: 'ended', reason: 'terminated', username: 'u' });
    expect(consumeToken(s2, t1)).toBeNull(); // token of a previous session
    const t2 = issueToken(s2, 20, { screen: 'A' });
    expect(consumeToken(s2, t2)).toEqual({ screen: 'A' });
    expect(consumeToken(s2, t2)).toBeNull(); // used
    expect(store.lookup(s2.id, 500).kind).toBe('active');
    expect(store.lookup(s2.id, 1600)).toEqual({ kind: 'ended', reason: 'expired', username: 'u' });
    expect(store.userStats(1600).u).toEqual({ active: 0, logins: 2, terminations: 1, expirations: 1 });
    const { session: s3 } = store.login('u', 2000);
    const first = issueToken(s3, 2000);
    for (let i = 0; i < MAX_TOKENS_PER_SESSION; i++) issueToken(s3, 2000);
    expect(consumeToken(s3, first)).toBeNull(); // dropped from the finite cache
    const anon = new AnonymousTokens(() => 1000);
    const a = anon.issue(0);
    expect(anon.consume(a, 2000)).toBe(false);
    expect(anon.consume(anon.issue(0), 10)).toBe(true);
  });
});
