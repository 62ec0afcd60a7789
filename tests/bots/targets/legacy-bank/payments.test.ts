/** The payment page objects (enterPayment, findPostings) against the simulator in real Chromium. */
import { describe, expect, it } from 'vitest';
import { BusinessRuleError, classifyError, SessionLost, TargetUnavailable } from '../../../../bots/kit/errors.js';
import {
  enterPayment,
  findAccount,
  findPostings,
  formatScreenAmount,
  formatScreenDate,
  login,
  readHistory,
  TargetServerError,
  type PaymentInput,
} from '../../../../bots/targets/legacy-bank/index.js';
import { useBankAndBrowser } from '../../../helpers/bank-browser.js';

/** A clock the tests move forward (session max age without waiting). */
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
const user = { username: 'bot1', password: 's3cret-1' };
const env = useBankAndBrowser({
  bank: { users: [user], inspection: true, now, customers: 6 },
  resetSettings: true,
  beforeEach: () => {
    offsetMs = 0;
  },
});

interface InspectPosting {
  confirmation: string;
  reference: string;
  amount: string;
  currency: string;
  debitAccount: string;
  executionDate: string;
}

const isoToday = () => {
  const d = now();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
let n = 0;
const newRef = (label: string) => `PO-${label}-${Date.now().toString(36)}-${++n}`;

function payment(reference: string, overrides: Partial<PaymentInput> = {}): PaymentInput {
  const account = env.bank.state.accounts.find((a) => a.currency === 'EUR')!;
  return {
    debitAccount: account.accountNumber,
    beneficiaryName: "Seán O'Brien",
    beneficiaryIban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
    amount: '1234.56',
    currency: 'EUR',
    executionDate: isoToday(),
    reference,
    remittance: 'Invoice 4711',
    ...overrides,
  };
}

const byReference = (reference: string) =>
  env.inspect<{ count: number; postings: InspectPosting[] }>(`/postings/${encodeURIComponent(reference)}`);

describe('formatting for the screen', () => {
  it('formats canonical decimals and ISO dates with string operations', () => {
    expect(formatScreenAmount('1234.56')).toBe('1.234,56');
    expect(formatScreenAmount('1234567.5')).toBe('1.234.567,5');
    expect(formatScreenAmount('0.05')).toBe('0,05');
    expect(formatScreenAmount('100')).toBe('100');
    expect(formatScreenAmount('-1000.00')).toBe('-1.000,00');
    expect(formatScreenAmount('90071992547409931.99')).toBe('90.071.992.547.409.931,99');
    expect(() => formatScreenAmount('1,234.56')).toThrow();
    expect(() => formatScreenAmount('1e3')).toThrow();
    expect(formatScreenDate('2024-03-05')).toBe('05/03/2024');
    expect(() => formatScreenDate('05/03/2024')).toThrow();
  });
});

describe('enterPayment', () => {
  it('posts and returns the confirmation number the inspection API shows; the account is debited', async () => {
    const reference = newRef('OK');
    const input = payment(reference);
    await login(env.page, env.bank.url, user);
    const before = await findAccount(env.page, env.bank.url, input.debitAccount);
    const result = await enterPayment(env.page, env.bank.url, input);
    expect(result).toMatchObject({
      reference,
      amount: '1234.56',
      currency: 'EUR',
      executionDate: input.executionDate,
      debitAccount: input.debitAccount,
      status: 'POSTED',
    });
    expect(result.confirmation).toMatch(/^TX\d{14}$/);
    const inspected = await byReference(reference);
    expect(inspected.count).toBe(1);
    expect(inspected.postings[0]).toMatchObject({ confirmation: result.confirmation, amount: '1234.56', reference });

    const after = await findAccount(env.page, env.bank.url, input.debitAccount);
    const cents = (s: string) => BigInt(s.replace('.', ''));
    expect(cents(after.balance)).toBe(cents(before.balance) - 123_456n);
    const [latest] = await readHistory(env.page, env.bank.url, input.debitAccount, { maxPages: 1 });
    expect(latest).toMatchObject({ debit: '1234.56', credit: null, balance: after.balance });
    expect(latest!.description).toContain(reference);
  });

  it('throws BusinessRuleError with the screen messages, and posts nothing', async () => {
    const reference = newRef('BAD');
    await login(env.page, env.bank.url, user);
    const err = await enterPayment(env.page, env.bank.url, payment(reference, { beneficiaryIban: 'DE88370400440532013000', bic: 'XX', amount: '10.999' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BusinessRuleError);
    expect(classifyError(err)).toBe('business');
    const details = (err as BusinessRuleError).details;
    expect(details).toMatchObject({ target: 'legacy-bank', reference });
    expect(details.screenErrors).toEqual([
      'INVALID BENEFICIARY IBAN: WRONG CHECK DIGITS',
      'INVALID BIC (8 OR 11 CHARACTERS, E.G. NORSDEFFXXX)',
      'AMOUNT HAS MORE THAN 2 DECIMALS FOR EUR',
    ]);
    expect((err as Error).message).toContain('WRONG CHECK DIGITS');
    expect((await byReference(reference)).count).toBe(0);

    const notCanonical = await enterPayment(env.page, env.bank.url, payment(reference, { amount: '1.234,56' })).catch((e: unknown) => e);
    expect(notCanonical).toBeInstanceOf(BusinessRuleError);
    expect((notCanonical as BusinessRuleError).details).toMatchObject({ field: 'amount' });
    const unknownAccount = await enterPayment(env.page, env.bank.url, payment(reference, { debitAccount: '0000000001' })).catch((e: unknown) => e);
    expect((unknownAccount as BusinessRuleError).details.screenErrors).toEqual(['DEBIT ACCOUNT NOT FOUND']);
  });
});

describe('findPostings', () => {
  it('finds 0, 1 and 2 (a duplicate the target accepted) postings of a reference', async () => {
    const reference = newRef('FIND');
    await login(env.page, env.bank.url, user);
    expect(await findPostings(env.page, env.bank.url, reference)).toEqual([]);

    const first = await enterPayment(env.page, env.bank.url, payment(reference, { amount: '0.05' }));
    const one = await findPostings(env.page, env.bank.url, reference);
    expect(one).toEqual([
      {
        confirmation: first.confirmation,
        date: isoToday(),
        debitAccount: first.debitAccount,
        beneficiary: "Seán O'Brien",
        reference,
        amount: '0.05',
        currency: 'EUR',
        status: 'POSTED',
      },
    ]);

    const second = await enterPayment(env.page, env.bank.url, payment(reference, { amount: '1000000' }));
    const two = await findPostings(env.page, env.bank.url, reference);
    expect(two.map((p) => [p.confirmation, p.amount])).toEqual([
      [first.confirmation, '0.05'],
      [second.confirmation, '1000000.00'],
    ]);
    expect((await byReference(reference)).count).toBe(2);
    // a longer reference with the same start is another reference
    expect(await findPostings(env.page, env.bank.url, `${reference}X`)).toEqual([]);
  });

  it('on a page kept on the postings screen, a search is one request; a form gone stale by a new login is opened again', async () => {
    const reference = newRef('TAB');
    await login(env.page, env.bank.url, user);
    const tab = await env.context.newPage();
    const documents: string[] = [];
    tab.on('request', (r) => {
      if (r.resourceType() === 'document') documents.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    expect(await findPostings(tab, env.bank.url, reference)).toEqual([]);
    expect(documents).toEqual(['GET /postings', 'POST /postings']);

    const posted = await enterPayment(env.page, env.bank.url, payment(reference));
    documents.length = 0;
    expect((await findPostings(tab, env.bank.url, reference)).map((p) => p.confirmation)).toEqual([posted.confirmation]);
    expect(documents).toEqual(['POST /postings']);

    // a new login ends the old session: the form on the tab carries a dead state token
    await login(env.page, env.bank.url, user);
    documents.length = 0;
    expect((await findPostings(tab, env.bank.url, reference)).map((p) => p.confirmation)).toEqual([posted.confirmation]);
    expect(documents).toEqual(['POST /postings', 'GET /postings', 'POST /postings']);

    // a session that is really gone is still SessionLost
    await env.context.clearCookies();
    await expect(findPostings(tab, env.bank.url, reference)).rejects.toBeInstanceOf(SessionLost);
    await tab.close();
  });
});

describe('failures', () => {
  it('errorAfterPostRate 1: enterPayment throws TargetServerError, yet findPostings finds the posting', async () => {
    const reference = newRef('AFTER');
    await login(env.page, env.bank.url, user);
    env.bank.state.settings.faults.errorAfterPostRate = 1;
    const err = await enterPayment(env.page, env.bank.url, payment(reference)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetServerError);
    expect(classifyError(err)).toBe('system');
    const found = await findPostings(env.page, env.bank.url, reference);
    expect(found).toHaveLength(1);
    expect(found[0]!.confirmation).toBe((await byReference(reference)).postings[0]!.confirmation);
  });

  it('throws SessionLost when the session passed sessionMaxAgeSec, however active', async () => {
    env.bank.state.settings.faults.sessionMaxAgeSec = 20;
    await login(env.page, env.bank.url, user);
    offsetMs = 15_000;
    expect(await findPostings(env.page, env.bank.url, newRef('ALIVE'))).toEqual([]);
    offsetMs = 21_000;
    const reference = newRef('EXPIRED');
    const err = await enterPayment(env.page, env.bank.url, payment(reference)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionLost);
    expect((err as SessionLost).reason).toMatch(/expired/);
    await expect(findPostings(env.page, env.bank.url, reference)).rejects.toBeInstanceOf(SessionLost);
    // logged in again: works, and nothing was posted
    await login(env.page, env.bank.url, user);
    expect(await findPostings(env.page, env.bank.url, reference)).toEqual([]);
  });

  it('throws TargetUnavailable in maintenance', async () => {
    await login(env.page, env.bank.url, user);
    env.bank.state.settings.maintenance.now = true;
    await expect(enterPayment(env.page, env.bank.url, payment(newRef('EOD')))).rejects.toBeInstanceOf(TargetUnavailable);
    await expect(findPostings(env.page, env.bank.url, 'X')).rejects.toBeInstanceOf(TargetUnavailable);
  });
});
