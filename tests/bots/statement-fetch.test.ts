/**
 * statement-fetch against the simulator's statements screen (ST01): a day's statement fetched as
 * camt.053 or MT940, kept and read, its balances recorded; the same account and day is one item; a
 * statement that does not open where the previous one closed is a gap in the sequence: an exception.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statementFetch, type StatementFetchResult } from '../../bots/statement-fetch/index.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { itemStatus } from '../helpers/payment-entry.js';
import { waitFor } from '../helpers/wait.js';

const env = useBankWorker({ bots: [statementFetch] });
const cents = (minor: number) => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

async function fetchDay(account: string, date: string, format?: 'camt053' | 'mt940') {
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
});
