/** The payment screens in real Chromium: TX01 entry, validation, the confirm() dialog, postings search, payment faults. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatDate, localIsoDate } from '../../legacy-bank/format.js';
import { useBankAndBrowser, type InspectAccount } from '../helpers/bank-browser.js';
import { clickAndWait, decimalToCents, historyRows, loginInBrowser, movableClock, screenAmountToCents, searchAccount, text, USERS } from './helpers.js';

const clock = movableClock();
const user = USERS[0]!;
const env = useBankAndBrowser({
  bank: { users: USERS, inspection: true, now: clock.now, customers: 8 },
  resetSettings: true,
  beforeEach: clock.reset,
});

const GOOD_IBAN = 'DE89 3704 0044 0532 0130 00';
const BAD_CHECK_DIGITS_IBAN = 'DE88 3704 0044 0532 0130 00';

interface InspectPosting {
  confirmation: string;
  reference: string;
  amount: string;
  currency: string;
  debitAccount: string;
  executionDate: string;
  beneficiaryName: string;
  beneficiaryIban: string;
  status: string;
}
interface InspectPostings {
  postings: InspectPosting[];
  countByReference: Record<string, number>;
}

const today = () => formatDate(localIsoDate(clock.now()));
const eurAccount = () => env.bank.state.accounts.find((a) => a.currency === 'EUR')!;
let refNo = 0;
const newRef = (label: string) => `E2E/${label}/${Date.now().toString(36)}-${++refNo}`;

type Fields = Partial<Record<'txtDebitAccount' | 'txtBeneficiaryName' | 'txtBeneficiaryIban' | 'txtBic' | 'txtAmount' | 'txtCurrency' | 'txtExecutionDate' | 'txtReference' | 'txtRemittance', string>>;

function validFields(reference: string, overrides: Fields = {}): Fields {
  const a = eurAccount();
  return {
    txtDebitAccount: a.iban,
    txtBeneficiaryName: "Zoë O'Brien & Söhne <GmbH>",
    txtBeneficiaryIban: GOOD_IBAN,
    txtBic: 'COBADEFFXXX',
    txtAmount: '1.234,56',
    txtCurrency: 'EUR',
    txtExecutionDate: today(),
    txtReference: reference,
    txtRemittance: 'Invoice 4711 & 4712 <urgent>',
    ...overrides,
  };
}

async function openEntry(page: Page): Promise<void> {
  await loginInBrowser(page, env.bank.url, user);
  await page.goto(`${env.bank.url}/tx01`);
}

/** Fills TX01 and clicks Continue; returns the HTTP status. */
async function enter(page: Page, fields: Fields): Promise<number | undefined> {
  for (const [name, value] of Object.entries(fields)) await page.fill(`input[name="${name}"]`, value ?? '');
  const response = await clickAndWait(page, 'input[name="btnSubmit"]');
  return response?.status();
}

/** Clicks Confirm, answering the confirm() dialog; returns the dialog's message and the response status. */
async function confirm(page: Page, accept: boolean): Promise<{ message: string; status?: number }> {
  const dialog = page.waitForEvent('dialog').then(async (d) => {
    const message = d.message();
    expect(d.type()).toBe('confirm');
    await (accept ? d.accept() : d.dismiss());
    return message;
  });
  if (!accept) {
    await page.click('input[name="btnConfirm"]');
    return { message: await dialog };
  }
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('input[name="btnConfirm"]')]);
  return { message: await dialog, status: response?.status() };
}

async function redLines(page: Page): Promise<string[]> {
  return page.$$eval('font[color="red"]', (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
}

/** The value cell of a label cell ("Confirmation No.:"). */
async function detail(page: Page, label: string): Promise<string> {
  return page.evaluate((l) => {
    for (const row of Array.from(document.querySelectorAll('tr'))) {
      if (row.cells.length === 2 && row.cells[0]!.innerText.trim() === l) return row.cells[1]!.innerText.trim();
    }
    return '';
  }, label);
}

/** Posts a valid payment through the browser; returns its confirmation number. */
async function post(page: Page, reference: string, overrides: Fields = {}): Promise<string> {
  await page.goto(`${env.bank.url}/tx01`);
  expect(await enter(page, validFields(reference, overrides))).toBe(200);
  const { status } = await confirm(page, true);
  expect(status).toBe(200);
  return detail(page, 'Confirmation No.:');
}

describe('TX01 payment entry', () => {
  it('is in the menu and shows the form with a __VIEWSTATE', async () => {
    await loginInBrowser(env.page, env.bank.url, user);
    const nav = env.page.frame({ name: 'nav' })!;
    expect(await text(nav)).toContain('Payment Entry');
    expect(await text(nav)).toContain('Postings by Reference');
    await nav.click('a:text-is("Payment Entry")');
    const content = env.page.frame({ name: 'content' })!;
    await content.waitForSelector('input[name="txtReference"]');
    expect(await text(content)).toContain('PAYMENT ENTRY');
    expect(await content.inputValue('input[name="__VIEWSTATE"]')).toMatch(/^\/wEPDw/);
  });

  it('shows every validation error in red at the top of the re-displayed form, keeping the values', async () => {
    await openEntry(env.page);
    const bad: Fields = {
      txtDebitAccount: '9999999999',
      txtBeneficiaryName: '',
      txtBeneficiaryIban: BAD_CHECK_DIGITS_IBAN,
      txtBic: 'COBA-DE',
      txtAmount: '1.234,567',
      txtCurrency: 'EUR',
      txtExecutionDate: '2024-01-31',
      txtReference: 'R'.repeat(36),
      txtRemittance: 'x'.repeat(141),
    };
    expect(await enter(env.page, bad)).toBe(200);
    expect(await redLines(env.page)).toEqual([
      'DEBIT ACCOUNT NOT FOUND',
      'BENEFICIARY NAME IS MANDATORY',
      'INVALID BENEFICIARY IBAN: WRONG CHECK DIGITS',
      'INVALID BIC (8 OR 11 CHARACTERS, E.G. NORSDEFFXXX)',
      'AMOUNT HAS MORE THAN 2 DECIMALS FOR EUR',
      'INVALID EXECUTION DATE (FORMAT DD/MM/YYYY)',
      'REFERENCE IS TOO LONG (MAX 35 CHARACTERS)',
      'REMITTANCE INFORMATION IS TOO LONG (MAX 140 CHARACTERS)',
    ]);
    // at the top: every red line comes before the form
    expect(
      await env.page.evaluate(() => {
        const form = document.querySelector('form')!;
        return Array.from(document.querySelectorAll('font[color="red"]')).every((f) => f.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
      }),
    ).toBe(true);
    for (const [name, value] of Object.entries(bad)) expect(await env.page.inputValue(`input[name="${name}"]`), name).toBe(value);
    expect(await env.page.$('input[name="btnConfirm"]')).toBeNull();
  });

  it('rejects bad amounts, currencies and dates one by one', async () => {
    await openEntry(env.page);
    const yesterday = formatDate(localIsoDate(new Date(clock.now().getTime() - 86_400_000)));
    const cases: [Fields, string][] = [
      [{ txtAmount: 'abc' }, 'INVALID AMOUNT (FORMAT 1.234,56)'],
      [{ txtAmount: '1,234.56' }, 'INVALID AMOUNT (FORMAT 1.234,56)'],
      [{ txtAmount: '0,00' }, 'AMOUNT MUST BE GREATER THAN ZERO'],
      [{ txtAmount: '-5,00' }, 'AMOUNT MUST BE GREATER THAN ZERO'],
      [{ txtAmount: '1.000.000.000.000,00' }, 'AMOUNT EXCEEDS THE MAXIMUM OF 999.999.999.999,99'],
      [{ txtCurrency: 'USD' }, 'CURRENCY USD NOT ALLOWED FOR THIS ACCOUNT (ALLOWED: EUR)'],
      [{ txtCurrency: 'E1' }, 'INVALID CURRENCY CODE'],
      [{ txtExecutionDate: yesterday }, 'EXECUTION DATE IS IN THE PAST'],
      [{ txtExecutionDate: '31/02/2099' }, 'INVALID EXECUTION DATE (FORMAT DD/MM/YYYY)'],
      [{ txtBeneficiaryIban: 'NOT AN IBAN' }, 'INVALID BENEFICIARY IBAN: NOT AN IBAN'],
      [{ txtReference: '' }, 'REFERENCE IS MANDATORY'],
      [{ txtReference: 'REF#1' }, "REFERENCE CONTAINS INVALID CHARACTERS (ALLOWED: A-Z a-z 0-9 / - ? : ( ) . , ' + SPACE)"],
    ];
    for (const [override, message] of cases) {
      expect(await enter(env.page, validFields('R-VALIDATION', override))).toBe(200);
      expect(await redLines(env.page), JSON.stringify(override)).toEqual([message]);
    }
    const all = await env.inspect<InspectPostings>('/postings');
    expect(all.countByReference['R-VALIDATION']).toBeUndefined();
  });

  it('confirm(): dismiss posts nothing; accept posts, shows a confirmation number, and debits the account', async () => {
    const account = eurAccount();
    const before = await env.inspect<InspectAccount>(`/accounts/${account.accountNumber}`);
    const reference = newRef('DIALOG');
    await openEntry(env.page);
    expect(await enter(env.page, validFields(reference, { txtDebitAccount: account.accountNumber, txtAmount: '1234,5' }))).toBe(200);
    expect(await text(env.page)).toContain('PLEASE CONFIRM THE PAYMENT');
    expect(await detail(env.page, 'Amount:')).toBe('1.234,50');
    expect(await detail(env.page, 'Beneficiary IBAN:')).toBe(GOOD_IBAN);
    expect(await detail(env.page, 'Beneficiary Name:')).toBe("Zoë O'Brien & Söhne <GmbH>");
    expect(await env.page.getAttribute('input[name="btnConfirm"]', 'onclick')).toBe("return confirm('Post this payment?')");

    const dismissed = await confirm(env.page, false);
    expect(dismissed.message).toBe('Post this payment?');
    expect(await text(env.page)).toContain('PLEASE CONFIRM THE PAYMENT');
    expect((await env.inspect<{ count: number }>(`/postings/${encodeURIComponent(reference)}`)).count).toBe(0);

    const accepted = await confirm(env.page, true);
    expect(accepted.status).toBe(200);
    expect(await text(env.page)).toContain('PAYMENT POSTED');
    const confirmation = await detail(env.page, 'Confirmation No.:');
    const ymd = localIsoDate(clock.now()).replace(/-/g, '');
    expect(confirmation).toMatch(new RegExp(`^TX${ymd}\\d{6}$`));

    const byRef = await env.inspect<{ count: number; postings: InspectPosting[] }>(`/postings/${encodeURIComponent(reference)}`);
    expect(byRef.count).toBe(1);
    expect(byRef.postings[0]).toMatchObject({
      confirmation,
      reference,
      amount: '1234.50',
      currency: 'EUR',
      debitAccount: account.accountNumber,
      beneficiaryIban: GOOD_IBAN.replace(/ /g, ''),
      executionDate: localIsoDate(clock.now()),
      status: 'POSTED',
    });
    const after = await env.inspect<InspectAccount>(`/accounts/${account.accountNumber}`);
    expect(decimalToCents(after.balance)).toBe(decimalToCents(before.balance) - 123_450n);
    expect(after.transactionCount).toBe(before.transactionCount + 1);

    // the history shows it first (newest first), with the reference in the description
    await searchAccount(env.page, env.bank.url, account.accountNumber);
    await clickAndWait(env.page, 'a:text-is("Transaction History")');
    const [first] = await historyRows(env.page);
    expect(first![1]).toContain(reference);
    expect(first![2]).toBe('1.234,50');
    expect(screenAmountToCents(first![4]!)).toBe(decimalToCents(after.balance));
  });

  it('Cancel goes back to the form with the values and posts nothing; a confirm page cannot be submitted twice', async () => {
    const reference = newRef('CANCEL');
    await openEntry(env.page);
    await enter(env.page, validFields(reference));
    await clickAndWait(env.page, 'input[name="btnCancel"]');
    expect(await text(env.page)).toContain('PAYMENT NOT POSTED');
    expect(await env.page.inputValue('input[name="txtReference"]')).toBe(reference);
    expect(await env.page.inputValue('input[name="txtAmount"]')).toBe('1.234,56');

    // the same confirmation page state token used twice: the second is a stale page
    await enter(env.page, {});
    const token = await env.page.inputValue('input[name="__VIEWSTATE"]');
    const statuses = await env.page.evaluate(
      async ([url, t]) => {
        const out: string[] = [];
        for (let i = 0; i < 2; i++) {
          const r = await fetch(url!, { method: 'POST', body: new URLSearchParams({ __VIEWSTATE: t!, btnConfirm: 'Confirm' }) });
          out.push(`${r.status} ${(await r.text()).includes('PAYMENT POSTED') ? 'POSTED' : 'NOT POSTED'}`);
        }
        return out;
      },
      [`${env.bank.url}/tx01/confirm`, token],
    );
    expect(statuses).toEqual(['200 POSTED', '200 NOT POSTED']);
    expect((await env.inspect<{ count: number }>(`/postings/${encodeURIComponent(reference)}`)).count).toBe(1);
  });

  it('accepts a duplicate reference without complaint, with a new confirmation number', async () => {
    const reference = newRef('DUP');
    await loginInBrowser(env.page, env.bank.url, user);
    const first = await post(env.page, reference);
    const second = await post(env.page, reference);
    expect(second).not.toBe(first);
    const all = await env.inspect<InspectPostings>('/postings');
    expect(all.countByReference[reference]).toBe(2);
    expect(all.postings.filter((p) => p.reference === reference).map((p) => p.confirmation)).toEqual([first, second]);
    expect(new Set(all.postings.map((p) => p.confirmation)).size).toBe(all.postings.length);
  });
});

describe('postings by reference', () => {
  /** Searches on /postings; returns the table rows (header first) or [] and the page text. */
  async function search(page: Page, reference: string): Promise<{ rows: string[][]; body: string }> {
    await page.goto(`${env.bank.url}/postings`);
    await page.fill('input[name="txtReference"]', reference);
    await clickAndWait(page, 'input[name="btnSearch"]');
    const rows = await page.evaluate(() => {
      for (const t of Array.from(document.querySelectorAll('table'))) {
        const rows = Array.from(t.rows);
        if (rows[0]?.cells[0]?.innerText.trim() === 'Confirmation No.') return rows.map((r) => Array.from(r.cells).map((c) => c.innerText.trim()));
      }
      return [];
    });
    return { rows, body: await text(page) };
  }

  it('lists the postings of a reference (no ids or classes on the table), or NO POSTINGS FOUND', async () => {
    const reference = newRef('SEARCH');
    const account = eurAccount();
    await loginInBrowser(env.page, env.bank.url, user);
    const none = await search(env.page, reference);
    expect(none.rows).toEqual([]);
    expect(none.body).toContain('NO POSTINGS FOUND');

    const c1 = await post(env.page, reference, { txtAmount: '10,00', txtDebitAccount: account.accountNumber });
    const c2 = await post(env.page, reference, { txtAmount: '1.000.000,01', txtDebitAccount: account.accountNumber });
    await post(env.page, `${reference}-OTHER`);
    const found = await search(env.page, reference);
    expect(found.rows).toEqual([
      ['Confirmation No.', 'Date', 'Debit Account', 'Beneficiary', 'Reference', 'Amount', 'Currency', 'Status'],
      [c1, today(), account.accountNumber, "Zoë O'Brien & Söhne <GmbH>", reference, '10,00', 'EUR', 'POSTED'],
      [c2, today(), account.accountNumber, "Zoë O'Brien & Söhne <GmbH>", reference, '1.000.000,01', 'EUR', 'POSTED'],
    ]);
    expect(await env.page.$$eval('table *, table', (els) => els.filter((e) => e.id || e.className).length)).toBe(0);
    // exact and case-sensitive
    expect((await search(env.page, reference.toLowerCase())).body).toContain('NO POSTINGS FOUND');
    expect((await search(env.page, '   ')).body).toContain('PLEASE ENTER A REFERENCE');
  });
});

describe('payment faults', () => {
  it('errorAfterPostRate 1: the confirm step answers HTTP 500, but the posting exists', async () => {
    const reference = newRef('ERR-AFTER');
    await openEntry(env.page);
    await enter(env.page, validFields(reference));
    env.bank.state.settings.faults.errorAfterPostRate = 1;
    const { status } = await confirm(env.page, true);
    expect(status).toBe(500);
    expect(await text(env.page)).toContain('Internal Server Error');
    const byRef = await env.inspect<{ count: number }>(`/postings/${encodeURIComponent(reference)}`);
    expect(byRef.count).toBe(1);
    // other screens are not affected: the search shows it
    await env.page.goto(`${env.bank.url}/postings`);
    await env.page.fill('input[name="txtReference"]', reference);
    await clickAndWait(env.page, 'input[name="btnSearch"]');
    expect(await text(env.page)).toContain('1 POSTING(S) FOUND');
  });

  it('errorRate 1: the confirm step answers HTTP 500 before any effect', async () => {
    const reference = newRef('ERR-BEFORE');
    await openEntry(env.page);
    await enter(env.page, validFields(reference));
    env.bank.state.settings.faults.errorRate = 1;
    const { status } = await confirm(env.page, true);
    expect(status).toBe(500);
    expect((await env.inspect<{ count: number }>(`/postings/${encodeURIComponent(reference)}`)).count).toBe(0);
  });

  it('sessionMaxAgeSec: the session expires that long after login however active it is', async () => {
    env.bank.state.settings.faults.sessionMaxAgeSec = 20;
    const statsBefore = await env.inspect<{ users: Record<string, { expirations: number }> }>('/sessions');
    await openEntry(env.page);
    clock.advance(10_000);
    await env.page.goto(`${env.bank.url}/tx01`);
    expect(await text(env.page)).toContain('PAYMENT ENTRY');
    // 15 s of clock after login (real seconds pass too on a busy machine: keep a margin below 20).
    clock.advance(5_000);
    await enter(env.page, validFields(newRef('MAXAGE')));
    expect(await text(env.page)).toContain('PLEASE CONFIRM THE PAYMENT');
    clock.advance(6_000); // over 21 s after login, 6 s after the last request
    const { status } = await confirm(env.page, true);
    expect(status).toBe(200);
    expect(await text(env.page)).toContain('YOUR SESSION HAS EXPIRED');
    const statsAfter = await env.inspect<{ users: Record<string, { expirations: number }> }>('/sessions');
    expect(statsAfter.users[user.username]!.expirations).toBe((statsBefore.users[user.username]?.expirations ?? 0) + 1);
    // a new login gets a new 20 s
    await openEntry(env.page);
    expect(await text(env.page)).toContain('PAYMENT ENTRY');
  });
});
