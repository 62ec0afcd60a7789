/** The payment rules, the posting book, the new fault options and flags: no browser. */
import { describe, expect, it } from 'vitest';
import { parseLegacyBankArgs } from '../../legacy-bank/cli.js';
import { FaultInjector } from '../../legacy-bank/faults.js';
import { parseLegacyBankOptions } from '../../legacy-bank/options.js';
import { MESSAGES, parseScreenAmount, parseScreenDate, validatePayment, type PaymentForm } from '../../legacy-bank/payment-rules.js';
import { PostingBook, postingJson } from '../../legacy-bank/postings.js';
import { createBankState } from '../../legacy-bank/server.js';
import { SessionStore } from '../../legacy-bank/sessions.js';

describe('parseScreenAmount', () => {
  it.each([
    ['1.234,56', 123_456n],
    ['1234,56', 123_456n],
    ['1234', 123_400n],
    ['0,5', 50n],
    ['0,05', 5n],
    [' 12.345.678,90 ', 1_234_567_890n],
    ['999.999.999.999,99', 99_999_999_999_999n],
  ])('%s → %s minor units', (text, minor) => {
    expect(parseScreenAmount(text, 2)).toEqual({ ok: true, minor });
  });

  it.each([
    ['1,234.56', 'format'],
    ['12.34', 'format'],
    ['1.2345,00', 'format'],
    ['abc', 'format'],
    ['', 'format'],
    ['1e3', 'format'],
    ['1,234', 'decimals'],
    ['0,00', 'not-positive'],
    ['-1,00', 'not-positive'],
    ['1.000.000.000.000,00', 'too-large'],
  ])('%s → %s', (text, reason) => {
    expect(parseScreenAmount(text, 2)).toEqual({ ok: false, reason });
  });

  it('knows currencies without decimals', () => {
    expect(parseScreenAmount('1.000', 0)).toEqual({ ok: true, minor: 1000n });
    expect(parseScreenAmount('1.000,5', 0)).toEqual({ ok: false, reason: 'decimals' });
  });
});

describe('parseScreenDate', () => {
  it('accepts real dd/mm/yyyy dates only', () => {
    expect(parseScreenDate('29/02/2024')).toBe('2024-02-29');
    expect(parseScreenDate('29/02/2023')).toBeNull();
    expect(parseScreenDate('2024-02-01')).toBeNull();
    expect(parseScreenDate('1/2/2024')).toBeNull();
    expect(parseScreenDate('31/04/2024')).toBeNull();
  });
});

describe('validatePayment and the posting book', () => {
  const state = createBankState({ customers: 5, businessDate: '2024-06-28' });
  const account = state.accounts.find((a) => a.currency === 'EUR')!;
  const form: PaymentForm = {
    debitAccount: account.iban.toLowerCase().replace(/(.{4})/g, '$1 '),
    beneficiaryName: ' Anna Müller ',
    beneficiaryIban: 'de89 3704 0044 0532 0130 00',
    bic: 'cobadeff',
    amount: '1.234,56',
    currency: 'eur',
    executionDate: '01/07/2024',
    reference: ' INV-2024/0042 ',
    remittance: '',
  };
  const ctx = { findAccount: (r: string) => state.findAccount(r), today: '2024-07-01' };

  it('normalises a valid form into an order', () => {
    const result = validatePayment(form, ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.order).toEqual({
      debitAccount: account.accountNumber,
      beneficiaryName: 'Anna Müller',
      beneficiaryIban: 'DE89370400440532013000',
      bic: 'COBADEFF',
      amount: 123_456,
      currency: 'EUR',
      executionDate: '2024-07-01',
      reference: 'INV-2024/0042',
      remittance: '',
    });
  });

  it('reports every mandatory field at once', () => {
    const empty = Object.fromEntries(Object.keys(form).map((k) => [k, ''])) as unknown as PaymentForm;
    const result = validatePayment(empty, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      ['DEBIT ACCOUNT', 'BENEFICIARY NAME', 'BENEFICIARY IBAN', 'CURRENCY', 'AMOUNT', 'EXECUTION DATE', 'REFERENCE'].map(MESSAGES.mandatory),
    );
  });

  it('posts: debits the account, books a history entry with the reference, numbers confirmations uniquely', () => {
    const result = validatePayment(form, ctx);
    if (!result.ok) throw new Error('expected a valid form');
    const book = new PostingBook();
    const balance = account.balance;
    const count = account.transactions.length;
    const now = new Date(2024, 6, 1, 10, 0);
    const p1 = book.post(account, result.order, { now, username: 'bot1' });
    const p2 = book.post(account, result.order, { now, username: 'bot1' });
    expect(p1.confirmation).toBe('TX20240701000001');
    expect(p2.confirmation).toBe('TX20240701000002');
    expect(account.balance).toBe(balance - 2 * 123_456);
    expect(account.transactions).toHaveLength(count + 2);
    const last = account.transactions.at(-1)!;
    expect(last).toMatchObject({ date: '2024-07-01', amount: -123_456, balanceAfter: account.balance, seq: count + 2 });
    expect(last.description).toContain('INV-2024/0042');
    expect(book.countByReference()).toEqual({ 'INV-2024/0042': 2 });
    expect(book.byReference(' INV-2024/0042')).toHaveLength(2);
    expect(book.byReference('inv-2024/0042')).toHaveLength(0);
    expect(postingJson(p1)).toMatchObject({ amount: '1234.56', reference: 'INV-2024/0042', debitAccount: account.accountNumber, status: 'POSTED' });
  });
});

describe('payment fault options', () => {
  it('default to off, and come from flags', () => {
    const options = parseLegacyBankOptions({});
    expect(options.faults.errorAfterPostRate ?? 0).toBe(0);
    expect(options.faults.sessionMaxAgeSec ?? 0).toBe(0);
    expect(parseLegacyBankArgs(['--error-after-post-rate', '0.5', '--session-max-age=20'], {}).faults).toEqual({ errorAfterPostRate: 0.5, sessionMaxAgeSec: 20 });
    expect(() => parseLegacyBankOptions({ faults: { errorAfterPostRate: 2 } })).toThrow();
  });

  it('errorAfterPost fires at rate 1, never at 0 or when absent', () => {
    const f = new FaultInjector(1);
    const base = { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0 };
    expect(f.errorAfterPost(base)).toBe(false);
    expect(f.errorAfterPost({ ...base, errorAfterPostRate: 0 })).toBe(false);
    expect(f.errorAfterPost({ ...base, errorAfterPostRate: 1 })).toBe(true);
  });

  it('a session ends at its maximum age however active, and not before', () => {
    let maxAgeMs = 20_000;
    const store = new SessionStore(() => 600_000, () => maxAgeMs);
    const { session } = store.login('bot1', 0);
    expect(store.lookup(session.id, 10_000).kind).toBe('active');
    expect(store.lookup(session.id, 20_000).kind).toBe('active');
    expect(store.lookup(session.id, 20_001)).toEqual({ kind: 'ended', reason: 'expired', username: 'bot1' });
    maxAgeMs = 0;
    const second = store.login('bot1', 30_000).session;
    expect(store.lookup(second.id, 500_000).kind).toBe('active');
  });
});
