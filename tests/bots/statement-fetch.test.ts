/**
 * statement-fetch against the simulator's statements screen (ST01): a day's statement fetched as
 * camt.053 or MT940, kept and read, its balances recorded; the same account and day is one item; a
 * statement that does not open where the previous one closed is a gap in the sequence: an exception.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statementFetch, type StatementFetchResult } from '../../bots/statement-fetch/index.js';
import { readKeptStatement } from '../../bots/statement-file/index.js';
import { booksOf } from '../helpers/statements.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { itemStatus } from '../helpers/payment-entry.js';
import { waitFor } from '../helpers/wait.js';

const env = useBankWorker({ bots: [statementFetch] });
const cents = (minor: number) => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

async function fetchDay(account: string, date: string, format?: 'camt053' | 'mt940' | 'pdf' | 'history') {
  const d = await dispatchItem(env.rt, 'statement-fetch', { account, date, ...(format ? { format } : {}) }, { runId: 'stmt-test' });
  const status = await itemStatus(env.rt, d.itemId, 'done', 'exception');
  if (status === 'exception') return { d, exception: (await env.rt.exceptions.list({ itemId: d.itemId }))[0]!.reason };
  return { d, result: await waitFor(async () => (await env.rt.queue('statement-fetch').getJob(d.itemId))?.returnvalue as StatementFetchResult | null, 'the result') };
}

describe('statement-fetch', () => {
  it('fetches a day as camt.053 and the next as MT940, each read and checked; the same day again is the same item; a gap is an exception', async () => {
    const account = env.bank.state.accounts[0]!;
    const days = [...new Set(account.transactions.map((t) => t.date))].sort();
    const [d1, d2] = days.slice(-2) as [string, string];
    const first = await fetchDay(account.accountNumber, d1, 'camt053');
    const onD1 = account.transactions.filter((t) => t.date === d1);
    expect(first.result).toMatchObject({ date: d1, format: 'camt053', entries: onD1.length, closing: cents(onD1.at(-1)!.balanceAfter) });
    expect(existsSync(first.result!.file)).toBe(true);
    expect((await dispatchItem(env.rt, 'statement-fetch', { account: account.accountNumber, date: d1, format: 'camt053' }, { runId: 'stmt-test' })).created).toBe(false);

    const second = await fetchDay(account.accountNumber, d2, 'mt940');
    expect(second.result).toMatchObject({ date: d2, format: 'mt940', opening: first.result!.closing });

    // The bank books on the last day after its statement was fetched: the next statement opens elsewhere.
    account.balance -= 1_000;
    account.transactions.push({ seq: account.transactions.length + 1, date: d2, description: 'LATE BOOKING', amount: -1_000, balanceAfter: account.balance });
    const next = new Date(Date.parse(`${d2}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const gap = await fetchDay(account.accountNumber, next);
    expect(gap.exception).toMatch(new RegExp(`gap in the statement sequence of ${account.accountNumber}: the statement of ${next} opens with .* the one of ${d2} closed with ${second.result!.closing}`));
  });

  it('reads a PDF statement, then the next day from the history screens (every page back to the day), one sequence; with no file offered it reads the history', async () => {
    const account = env.bank.state.accounts[1]!;
    const days = [...new Set(account.transactions.map((t) => t.date))].sort();
    const [d1, d2] = days.slice(-2) as [string, string];
    const onD1 = account.transactions.filter((t) => t.date === d1);
    const pdf = await fetchDay(account.accountNumber, d1, 'pdf');
    expect(pdf.result).toMatchObject({ date: d1, format: 'pdf', entries: onD1.length, closing: cents(onD1.at(-1)!.balanceAfter) });
    expect(pdf.result!.file).toMatch(/\.pdf$/);
    const onD2 = account.transactions.filter((t) => t.date === d2);
    const screens = await fetchDay(account.accountNumber, d2, 'history');
    expect(screens.result).toMatchObject({ date: d2, format: 'history', entries: onD2.length, opening: pdf.result!.closing, closing: cents(onD2.at(-1)!.balanceAfter) });
    // Both read again from what was kept, as the reconciliation reads them.
    const kept = booksOf(env.rt).statements;
    expect((await readKeptStatement((await kept.get(account.accountNumber, d1))!)).entries).toHaveLength(onD1.length);
    const again = await readKeptStatement((await kept.get(account.accountNumber, d2))!);
    expect([again.format, again.entries.length, again.closing.amount.toString()]).toEqual(['screen', onD2.length, screens.result!.closing]);

    // The bank stops offering files (as for an account type without downloads): the history screens are read instead.
    (env.bank.state.options as { statementFiles: string[] }).statementFiles = [];
    const other = env.bank.state.accounts[2]!;
    const last = [...new Set(other.transactions.map((t) => t.date))].sort().at(-1)!;
    const fallback = await fetchDay(other.accountNumber, last, 'camt053');
    const onLast = other.transactions.filter((t) => t.date === last);
    expect(fallback.result).toMatchObject({ date: last, format: 'history', entries: onLast.length, closing: cents(onLast.at(-1)!.balanceAfter) });
    expect(fallback.result!.file).toMatch(/history\.json$/);
  });

  it('fetches a month\'s statement (account@2026-11 style periods) as its own sequence, the months checked against each other', async () => {
    const account = env.bank.state.accounts[3]!;
    const months = [...new Set(account.transactions.map((t) => t.date.slice(0, 7)))].sort();
    const [m1, m2] = months.slice(-3, -1) as [string, string];
    const inM1 = account.transactions.filter((t) => t.date.startsWith(m1));
    const first = await fetchDay(account.accountNumber, m1, 'camt053');
    expect(first.result).toMatchObject({ date: m1, entries: inM1.length, closing: cents(inM1.at(-1)!.balanceAfter) });
    const second = await fetchDay(account.accountNumber, m2, 'mt940');
    expect(second.result).toMatchObject({ date: m2, opening: first.result!.closing, entries: account.transactions.filter((t) => t.date.startsWith(m2)).length });
    // A day of the second month is a day's statement, in the days' sequence (no day before it was fetched: no gap).
    const day = account.transactions.filter((t) => t.date.startsWith(m2)).at(-1)!.date;
    expect((await fetchDay(account.accountNumber, day, 'camt053')).result).toMatchObject({ date: day });
  });
});
