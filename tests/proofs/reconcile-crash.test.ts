/**
 * Proof, a day's reconciliation under crashes: several accounts' statements against one ledger export,
 * reconciled once by an in-process worker (the reference) and once by a worker PROCESS that is SIGKILLed
 * - right after an account's breaks were recorded, before its break items were added (the worst moment:
 *   the breaks are in the book, the items that put them in front of people are not), and
 * - while the break items are being opened as exceptions,
 * and restarted each time.
 *
 * Requirement: the killed run ends with the same matches, breaks and balancing per account as the
 * reference; every break has exactly one item and at most one open exception; the book holds each
 * break once. PROOF_RECON_LINES sets the bank lines per account (default 150).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { reconcileAccount, reconcileBreak, reconcileDay, type ReconcileAccountResult, type ReconcileDayResult } from '../../bots/reconcile-day/index.js';
import type { ReconcileStores } from '../../bots/reconcile/index.js';
import type { Account } from '../../legacy-bank/seed.js';
import { itemIdFor } from '../../queue/item-index.js';
import { dispatchFile } from '../../queue/run-sources.js';
import type { Runtime } from '../../queue/runtime.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';
import { booksOf, keepDayStatement } from '../helpers/statements.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/reconcile-worker.ts', import.meta.url));
const LINES = Number(process.env.PROOF_RECON_LINES ?? 150);
const ACCOUNTS = 6;
const DAY = '2027-03-02';
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-proof-recon-'));
const NAMES = ['Kühne Logistik GmbH', 'Bauer Metallbau KG', 'Stadtwerke Musterstadt', 'Clara Castellano', 'Dieter Dobrowolski', 'Émile Estève SARL', 'Nordwind Handels GmbH', 'Fjord Shipping AS'];

/** One account's day at the bank and in the books: most lines agree; some are missing on either side, differ, repeat or carry no reference. */
function accountDay(k: number) {
  const accountNumber = `47110000${String(k).padStart(2, '0')}`;
  const account: Account = { accountNumber, iban: `DE0210010010${accountNumber}`, customerId: `C${k}`, holder: `Kunde ${k}`, currency: 'EUR', balance: 0, openingBalance: 5_000_000 + k, overdraftLimit: 0, opened: '2026-01-01', transactions: [] };
  const ledger: string[][] = [];
  let balance = account.openingBalance;
  for (let i = 1; i <= LINES; i++) {
    const cents = (((i * 7919 + k * 104_729) % 400_000) + 500) * (i % 3 === 0 ? 1 : -1);
    const e2e = `A${k}-${i}`;
    const name = NAMES[(i + k) % NAMES.length]!;
    balance += cents;
    account.transactions.push({ seq: i, date: DAY, description: `SEPA ${name}`, amount: cents, balanceAfter: balance, endToEndId: e2e, counterparty: name });
    const decimal = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
    if (i % 10 === 0) continue; // missing in the books
    const amount = i % 13 === 0 ? cents - 2_000 : cents; // 20.00 off: an amount difference
    const ref = i % 17 === 0 ? '' : e2e; // no reference: matched by amount, date and name
    ledger.push([`L${k}-${i}`, accountNumber, DAY, decimal(amount), name, ref]);
    if (i % 29 === 0) ledger.push([`L${k}-${i}-again`, accountNumber, DAY, decimal(amount), name, ref]); // booked twice in the books
  }
  for (let j = 1; j <= 4; j++) ledger.push([`L${k}-late-${j}`, accountNumber, DAY, `${100 + j}.00`, NAMES[j]!, `LATE-${k}-${j}`]); // not at the bank yet
  return { account, ledger };
}
const days = Array.from({ length: ACCOUNTS }, (_, k) => accountDay(k + 1));
const ledgerFile = path.join(dir, `ledger-${DAY}.csv`);
writeFileSync(ledgerFile, [['Entry id', 'Account', 'Value date', 'Amount', 'Counterparty', 'End-to-end id'], ...days.flatMap((d) => d.ledger)].map((r) => r.join(';')).join('\n') + '\n');

/** The day's statements kept and recorded for one runtime, as statement-fetch would. */
async function seedStatements(rt: Runtime): Promise<ReconcileStores> {
  const books = booksOf(rt);
  for (const { account } of days) await keepDayStatement(rt, books, account, DAY);
  return books;
}

const config = () => testConfig({ reconciliation: { ledgerFiles: { amountLocale: 'plain' } }, worker: { lockDurationMs: 2_000, stalledIntervalMs: 1_000 }, bots: { 'reconcile-account': { attempts: 5, backoffMs: 200 }, 'reconcile-break': { attempts: 5, backoffMs: 200 } } });
const reference = testRuntime({ bots: [reconcileAccount, reconcileBreak, reconcileDay], config: config() });
const crashed = testRuntime({ bots: [reconcileAccount, reconcileBreak, reconcileDay], config: config() });
const workers: WorkerProcess[] = [];
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await reference.close();
  await crashed.close();
});

async function finished(rt: Runtime, runId: string, timeoutMs: number): Promise<ReconcileDayResult> {
  return waitFor(async () => ((await rt.items.get(runId))?.status === 'done' ? ((await rt.queue('reconcile-day').getJob(runId))!.returnvalue as ReconcileDayResult) : undefined), `run ${runId}`, timeoutMs, 200);
}

/** What a run ended with, per account: matches by rule, the open breaks, the balancing; and the break items. */
async function outcome(rt: Runtime, books: ReconcileStores) {
  const accounts = [];
  for (const { account } of days) {
    const r = (await rt.queue('reconcile-account').getJob(itemIdFor('reconcile-account', `${account.accountNumber}@${DAY}`)))!.returnvalue as ReconcileAccountResult;
    const open = (await books.breaks.openBreaks(account.accountNumber)).map((b) => `${b.id} ${b.class}`).sort();
    accounts.push({ account: account.accountNumber, matches: r.matches, open, balancing: r.balancing });
  }
  const items = (await rt.runIndex.listByRun((await rt.items.get(itemIdFor('reconcile-account', `${days[0]!.account.accountNumber}@${DAY}`)))!.runId)).filter((i) => i.bot === 'reconcile-break');
  return { accounts, breakItems: items.map((i) => i.businessKey).sort() };
}

describe('proof: a day\'s reconciliation with a worker killed at the worst moments', () => {
  it('ends with the same matches, breaks and balancing as a run nobody killed, and no break twice', { timeout: 240_000 }, async () => {
    const started = Date.now();
    // The reference: an in-process worker nobody kills.
    const refBooks = await seedStatements(reference);
    const host = new WorkerHost(reference, ['reconcile-account', 'reconcile-break', 'reconcile-day']);
    await host.start();
    const refRun = await dispatchFile(reference, 'reconcile-day', ledgerFile);
    const refResult = await finished(reference, refRun.runId, 120_000);
    await host.shutdown(2_000);
    const expected = await outcome(reference, refBooks);

    // The same day, by worker processes: killed after the 2nd account's breaks were recorded, then while breaks open as exceptions.
    const books = await seedStatements(crashed);
    const start = (env: NodeJS.ProcessEnv = {}) => {
      const w = startWorkerProcess(FIXTURE, { config: crashed.config, env, logFile: path.join(dir, `worker-${workers.length + 1}.log`) });
      workers.push(w);
      return w;
    };
    const kills: string[] = [];
    let w = start({ RPA_TEST_KILL_AFTER_APPLY: '2' });
    await w.ready;
    const run = await dispatchFile(crashed, 'reconcile-day', ledgerFile);
    await w.exited;
    expect(w.child.signalCode).toBe('SIGKILL');
    kills.push('after the 2nd account\'s breaks were recorded, before its break items');
    w = start();
    await w.ready;
    const total = refResult.totals.opened;
    await waitFor(async () => (await crashed.exceptions.list({ runId: run.runId, status: 'open', limit: 1_000 })).filter((e) => e.bot === 'reconcile-break').length >= Math.floor(total / 3), 'a third of the breaks in the inbox', 60_000, 20);
    w.child.kill('SIGKILL');
    await w.exited;
    kills.push('while the break items opened as exceptions');
    w = start();
    await w.ready;
    const result = await finished(crashed, run.runId, 120_000);
    w.child.kill('SIGTERM');
    await w.exited;

    const got = await outcome(crashed, books);
    expect(got.accounts).toEqual(expected.accounts);
    expect(result.totals).toEqual(refResult.totals);
    // One item per break, and each break in the book once.
    expect(got.breakItems).toEqual(expected.breakItems);
    expect(new Set(got.breakItems).size).toBe(got.breakItems.length);
    expect(got.breakItems).toHaveLength(total);
    const exceptions = (await crashed.exceptions.list({ runId: run.runId, limit: 5_000 })).filter((e) => e.bot === 'reconcile-break');
    const openPerItem = new Map<string, number>();
    for (const e of exceptions) if (e.status === 'open') openPerItem.set(e.itemId, (openPerItem.get(e.itemId) ?? 0) + 1);
    expect([...openPerItem.values()].every((n) => n === 1)).toBe(true);
    expect(openPerItem.size).toBe(total);
    // Breaks of several classes, so the comparison says something.
    const classes = new Set(expected.accounts.flatMap((a) => a.open.map((o) => o.split(' ')[1])));
    expect([...classes].sort()).toEqual(['amount-difference', 'duplicate', 'missing-in-ledger', 'timing']);
    console.log(JSON.stringify({ proof: 'reconcile-crash', accounts: ACCOUNTS, bankLines: ACCOUNTS * LINES, breaks: total, matches: refResult.totals.matches, kills, seconds: Math.round((Date.now() - started) / 1000) }));
  });
});
