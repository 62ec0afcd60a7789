/**
 * A day's reconciliation as a run, on a real Redis: a ledger export against fetched statements; every
 * break an exception with both sides' evidence; the handler's decisions (a match by hand that must add
 * up, a write-off above the four-eyes amount, timing) carried out and audited; the next day's statement
 * closing breaks by itself; the daily balancing, explained or flagged; the report on disk.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditorReferenceFor, Money } from '../../../banking/index.js';
import { reconcileAccount, reconcileBreak, reconcileDay, type ReconcileAccountResult, type ReconcileDayResult } from '../../../bots/reconcile-day/index.js';
import { decideException } from '../../../queue/decisions.js';
import type { ExceptionRecord } from '../../../queue/exceptions-store.js';
import { itemIdFor } from '../../../queue/item-index.js';
import { dispatchFile } from '../../../queue/run-sources.js';
import { WorkerHost } from '../../../queue/worker-host.js';
import { testConfig, testRuntime } from '../../helpers/runtime.js';
import { waitFor } from '../../helpers/wait.js';
import { booksOf, bookTest, creditNotification, keepDayStatement, testAccount } from '../../helpers/statements.js';

const ACCOUNT = '4711000001';
const OTHER = '4711000002';
const rt = testRuntime({
  bots: [reconcileAccount, reconcileBreak, reconcileDay],
  config: testConfig({ reconciliation: { fourEyesAbove: '100.00', dateWindowDays: 2, timingDays: 2, ledgerFiles: { amountLocale: 'plain' } } }),
});
const books = booksOf(rt);
const host = new WorkerHost(rt, ['reconcile-account', 'reconcile-break', 'reconcile-day']);
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-recon-'));
const handler = (name: string) => ({ username: name, roles: ['handler'] });
const approver = (name: string) => ({ username: name, roles: ['approver'] });

// The bank's account, its bookings as the simulator keeps them (minor units, running balance).
const account = testAccount(ACCOUNT, 1_000_000);
const book = (date: string, amount: number, description: string, extra: { endToEndId?: string; counterparty?: string } = {}) => bookTest(account, date, amount, description, extra);
/** The day's statement written and recorded as statement-fetch would. */
const fetchStatement = (date: string) => keepDayStatement(rt, books, account, date);

function ledgerFile(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, rows.map((r) => r.join(';')).join('\n') + '\n');
  return file;
}

async function runDay(file: string): Promise<{ runId: string; result: ReconcileDayResult }> {
  const d = await dispatchFile(rt, 'reconcile-day', file);
  const result = await waitFor(async () => {
    const parent = await rt.items.get(d.runId);
    return parent?.status === 'done' ? ((await rt.queue('reconcile-day').getJob(d.runId))!.returnvalue as ReconcileDayResult) : undefined;
  }, `the reconciliation run ${d.runId}`, 30_000);
  return { runId: d.runId, result };
}

const accountResult = async (day: string, acct = ACCOUNT) => (await rt.queue('reconcile-account').getJob(itemIdFor('reconcile-account', `${acct}@${day}`)))!.returnvalue as ReconcileAccountResult;
const breakException = (breakId: string, acct = ACCOUNT) =>
  waitFor(async () => (await rt.exceptions.list({ itemId: itemIdFor('reconcile-break', `${acct}:${breakId}`), status: 'open', limit: 1 }))[0], `the exception of break ${breakId}`);
const breakItemStatus = async (breakId: string) => (await rt.items.get(itemIdFor('reconcile-break', `${ACCOUNT}:${breakId}`)))?.status;
const resume = async (e: ExceptionRecord, resolution: Record<string, string>, who = handler('hannah')) => {
  const job = (await rt.queue('reconcile-break').getJob(e.itemId))!;
  return decideException(rt, e.id, 'resume', who, { editedInput: { ...(job.data.input as object), resolution }, note: 'decided in the test', via: 'board' });
};

beforeAll(() => host.start());
afterAll(async () => {
  await host.shutdown(1_000);
  await rt.close();
});

describe('a day reconciled as a run', () => {
  let day1: ReconcileDayResult;
  it('matches what agrees, puts every break in the inbox with both sides, and balances the account', async () => {
    // Day 1 at the bank: a payment by reference, a debit with a fee taken off (within tolerance), a bank charge the books lack,
    // a debit to a name the books hold under another date far away, a large credit nobody expected.
    book('2027-01-05', -120_000, 'SEPA CREDIT TRANSFER', { endToEndId: 'PAY-1', counterparty: 'Kühne Logistik' });
    book('2027-01-05', -100_250, 'SEPA CREDIT TRANSFER', { endToEndId: 'PAY-2', counterparty: 'Bauer Metall' });
    book('2027-01-05', -1_250, 'ACCOUNT FEE 12/2026');
    book('2027-01-05', -3_500, 'CARD SETTLEMENT', { counterparty: 'Bernd Brandauer' });
    book('2027-01-05', 45_000, 'SEPA CREDIT TRANSFER', { counterparty: 'Unbekannt AG' });
    await fetchStatement('2027-01-05');
    const file = ledgerFile('ledger-2027-01-05.csv', [
      ['Entry id', 'Account', 'Value date', 'Amount', 'Counterparty', 'End-to-end id'],
      ['L1', ACCOUNT, '2027-01-05', '-1200.00', 'Kühne Logistik', 'PAY-1'],
      ['L2', ACCOUNT, '2027-01-05', '-1000.00', 'Bauer Metall', 'PAY-2'],
      ['L3', ACCOUNT, '2027-01-05', '250.00', 'Clara Castellano', 'INC-3'],
      ['L4', ACCOUNT, '2026-12-14', '-35.00', 'B. Brandauer (card)', ''],
      ['L5', ACCOUNT, '2027-01-05', '-80.00', 'Dieter Dobrowolski', 'PAY-5'],
      ['L6', OTHER, '2027-01-05', '10.00', 'Someone', 'X-1'],
    ]);
    ({ result: day1 } = await runDay(file));
    const r = await accountResult('2027-01-05');
    expect(r.matches.byRule).toEqual({ reference: 1, 'fee-difference': 1 });
    expect(r.breaks.opened).toBe(6);
    const classes = (await books.breaks.openBreaks(ACCOUNT)).map((b) => [b.id, b.class]).sort();
    expect(classes).toEqual([
      ['bank:2027-01-05.xml#1.3', 'missing-in-ledger'],
      ['bank:2027-01-05.xml#1.4', 'missing-in-ledger'],
      ['bank:2027-01-05.xml#1.5', 'missing-in-ledger'],
      ['ledger:L3', 'timing'],
      ['ledger:L4', 'missing-at-bank'],
      ['ledger:L5', 'timing'],
    ]);
    // Every break is an exception, with the statement entry (its file and entry) and the lines it could match.
    const fee = await breakException('bank:2027-01-05.xml#1.3');
    expect(fee.reason).toMatch(/missing-in-ledger/);
    const input = (await rt.queue('reconcile-break').getJob(fee.itemId))!.data.input as { line: { source: { file: string; at: number } }; candidates: { id: string }[] };
    expect(input.line.source).toEqual({ file: '2027-01-05.xml', at: 3, where: 'BkToCstmrStmt/Stmt[1]/Ntry[3]' });
    expect(input.candidates.map((c) => c.id)).toContain('ledger:L4');
    // Bank 10,000.00 → 8,200.00; books 10,000.00 − 2,065.00 = 7,935.00. The difference, 265.00, explained: open at the bank
    // −12.50 −35.00 +450.00, open in the books +250.00 −35.00 −80.00, the fee difference −2.50.
    expect(r.balancing).toMatchObject({ closing: '8200.00', ledgerBalance: '7935.00', difference: '265.00', explained: '265.00', unexplained: '0.00', flagged: false, openBreaks: 6, accepted: '-2.50' });
    // The other account has no statement: not reconciled, and said so.
    const other = (await rt.exceptions.list({ itemId: itemIdFor('reconcile-account', `${OTHER}@2027-01-05`), limit: 1 }))[0]!;
    expect(other.reason).toMatch(/no statement of 4711000002 for 2027-01-05/);
    expect(day1.totals).toMatchObject({ accounts: 2, reconciled: 1, flagged: 0, matches: 2, opened: 6 });
    for (const f of Object.values(day1.report)) expect(existsSync(f)).toBe(true);
  });

  it('carries out a handler\'s decisions: a match by hand must add up, a large write-off needs a second person, timing is looked at again', async () => {
    // A match whose amounts do not add up is refused, naming the field.
    const card = await breakException('bank:2027-01-05.xml#1.4');
    await resume(card, { action: 'match', lines: 'ledger:L5' });
    const refused = await breakException('bank:2027-01-05.xml#1.4');
    expect(refused.reason).toMatch(/do not add up: bank -35.00, books -80.00/);
    // The right line: both close, and the other line's own exception closes with it.
    await resume(refused, { action: 'match', lines: 'ledger:L4', note: 'card settlement booked late in the books' });
    await waitFor(async () => (await breakItemStatus('bank:2027-01-05.xml#1.4')) === 'done', 'the manual match');
    await waitFor(async () => (await breakItemStatus('ledger:L4')) === 'done', 'the matched ledger line\'s item closing');
    expect(await books.breaks.closedReason(ACCOUNT, 'ledger:L4')).toMatch(/^matched by hand on 2027-01-05 with bank:2027-01-05.xml#1.4 .* ledger:L4 .*card settlement booked late/);

    // 450.00 written off: above 100.00, so a four-eyes hold; one person recommends, another approves.
    const credit = await breakException('bank:2027-01-05.xml#1.5');
    await resume(credit, { action: 'write-off', note: 'customer refund, booked by treasury' });
    const hold = await waitFor(async () => (await rt.exceptions.list({ itemId: credit.itemId, status: 'open', limit: 1 }))[0]?.type === 'compliance' && (await rt.exceptions.list({ itemId: credit.itemId, status: 'open', limit: 1 }))[0], 'the four-eyes hold');
    expect(hold.reason).toMatch(/write-off of 450.00 EUR is above 100.00: a second person approves it/);
    await decideException(rt, hold.id, 'recommend', handler('hannah'), { note: 'refund confirmed' });
    await expect(decideException(rt, hold.id, 'approve', approver('hannah'))).rejects.toThrow();
    await decideException(rt, hold.id, 'approve', approver('otto'), { note: 'agreed' });
    await waitFor(async () => (await breakItemStatus('bank:2027-01-05.xml#1.5')) === 'done', 'the approved write-off');

    // The fee: small, accepted by one handler.
    await resume(await breakException('bank:2027-01-05.xml#1.3'), { action: 'fee' });
    await waitFor(async () => (await breakItemStatus('bank:2027-01-05.xml#1.3')) === 'done', 'the fee accepted');
    // A late credit marked as timing: looked at again on the next business day.
    await resume(await breakException('ledger:L5'), { action: 'timing' });
    await waitFor(async () => (await breakItemStatus('ledger:L5')) === 'done', 'timing marked');
    expect(await books.breaks.dueForRecheck(ACCOUNT, '2027-01-06')).toEqual([{ id: 'ledger:L5', recheckOn: '2027-01-06' }]);
    expect((await books.balancing.acceptedTotal(ACCOUNT, 'EUR')).toString()).toBe('435.00'); // −2.50 fee difference, +450.00 written off, −12.50 fee
    // Each decision audited, the system's own (a line closed by a match) among them.
    const decisions = (await rt.audit.list({ action: 'decision', pageSize: 100 })).entries;
    expect(decisions.filter((a) => a.actor === 'hannah').length).toBeGreaterThanOrEqual(5);
    expect(decisions.some((a) => a.actor === 'system' && (a.target ?? '').startsWith('exception:'))).toBe(true);
  });

  it('the next day: a late line closes its break by itself (its exception too), a re-check comes back, and a books balance that does not fit is flagged', async () => {
    book('2027-01-06', 25_000, 'SEPA CREDIT TRANSFER', { endToEndId: 'INC-3', counterparty: 'Clara Castellano' });
    book('2027-01-06', -5_000, 'STANDING ORDER', { endToEndId: 'SO-7', counterparty: 'Stadtwerke' });
    // A payment our bot entered for 2027-01-08, booked by the bank today: taken today, never again on its own day.
    await books.expected.expect(ACCOUNT, { id: 'payment:PAY-9', amount: Money.of('-99.00', 'EUR'), date: '2027-01-08', counterparty: 'Fjord Shipping', references: { endToEndId: 'PAY-9' } });
    book('2027-01-06', -9_900, 'SEPA CREDIT TRANSFER', { endToEndId: 'PAY-9', counterparty: 'Fjord Shipping' });
    await fetchStatement('2027-01-06');
    // The export now gives the books' running balance: 7,935.00 − 50.00 − 99.00, and 10.00 the bank, the open breaks and
    // the accepted differences do not explain (bank 8,301.00; open in the books −80.00; accepted 435.00).
    const file = ledgerFile('ledger-2027-01-06.csv', [
      ['Entry id', 'Account', 'Value date', 'Amount', 'Counterparty', 'End-to-end id', 'Balance'],
      ['L7', ACCOUNT, '2027-01-06', '-50.00', 'Stadtwerke', 'SO-7', '7796.00'],
    ]);
    const { result } = await runDay(file);
    const r = await accountResult('2027-01-06');
    expect(r.breaks.closed).toEqual([{ id: 'ledger:L3', reason: 'matched on 2027-01-06 by rule reference (reference INC-3)' }]);
    expect(r.lines.ownOutcomes).toBe(1);
    expect(r.breaks.opened).toBe(0);
    expect(await books.expected.ofDay(ACCOUNT, '2027-01-08')).toEqual([]);
    await waitFor(async () => (await breakItemStatus('ledger:L3')) === 'done', 'the late credit\'s break closing itself');
    const closedBy = (await rt.queue('reconcile-break').getJob(itemIdFor('reconcile-break', `${ACCOUNT}:ledger:L3`)))!.returnvalue as { reason: string };
    expect(closedBy.reason).toBe('closed itself: matched on 2027-01-06 by rule reference (reference INC-3)');
    // The timing mark's day has come: a new item for the same break.
    await waitFor(async () => (await rt.exceptions.list({ itemId: itemIdFor('reconcile-break', `${ACCOUNT}:ledger:L5@2027-01-06`), status: 'open', limit: 1 }))[0], 'the re-check of ledger:L5');
    expect(r.balancing).toMatchObject({ ledgerBalanceFrom: 'ledger file', flagged: true, unexplained: '-10.00' });
    // Escalated: it stays in front of people, marked high, with the note.
    const recheck = await waitFor(async () => (await rt.exceptions.list({ itemId: itemIdFor('reconcile-break', `${ACCOUNT}:ledger:L5@2027-01-06`), status: 'open', limit: 1 }))[0], 'the re-check');
    await resume(recheck, { action: 'escalate', note: 'the customer disputes it: treasury to call' });
    const escalated = await waitFor(async () => {
      const open = (await rt.exceptions.list({ itemId: recheck.itemId, status: 'open', limit: 1 }))[0];
      return open && open.id !== recheck.id && open;
    }, 'the escalation');
    expect(escalated).toMatchObject({ severity: 'high', reason: expect.stringMatching(/escalated: the customer disputes it: treasury to call/) });
    expect(result.totals.flagged).toBe(1);
  });
});

describe('incoming payments without a statement', () => {
  it('reconciles the day\'s camt.054 against a receivables file: paid in full or in parts matched, partial, over- and unreferenced payments breaks; no balancing', async () => {
    const iban = 'DE02120300000000202051';
    const rf = (n: number) => creditorReferenceFor(`INV2027${n}`);
    const camt = path.join(dir, 'camt054-2027-01-08.xml');
    writeFileSync(
      camt,
      creditNotification(iban, [
        { amount: '1200.00', name: 'Anna Achterberg', text: `Rechnung ${rf(1)}` },
        { amount: '100.00', name: 'Bernd Brandauer', text: `Teil 1 ${rf(2)}` },
        { amount: '200.00', name: 'Bernd Brandauer', text: `Teil 2 ${rf(2)}` },
        { amount: '350.00', name: 'Clara Castellano', text: `Anzahlung ${rf(3)}` },
        { amount: '42.00', name: 'Unbekannt GmbH', text: 'Zahlung' },
      ]),
    );
    await books.statements.recordReport(iban, { date: '2027-01-08', kind: 'camt.054', file: camt, sha256: 'test', index: 0, entries: 5 });
    const file = ledgerFile('receivables-2027-01-08.csv', [
      ['Invoice number', 'Account', 'RF reference', 'Amount', 'Due date', 'Customer'],
      ['INV-1', iban, rf(1), '1200.00', '2027-01-05', 'Anna Achterberg'],
      ['INV-2', iban, rf(2), '300.00', '2027-01-06', 'Bernd Brandauer'],
      ['INV-3', iban, rf(3), '500.00', '2027-01-06', 'Clara Castellano'],
    ]);
    const { result } = await runDay(file);
    const r = await accountResult('2027-01-08', iban);
    expect(r.statement).toMatchObject({ notificationsOnly: true, entries: 5 });
    expect(r.balancing).toBeUndefined();
    expect(r.matches.byRule).toEqual({ reference: 1, grouped: 1 });
    expect((await books.breaks.openBreaks(iban)).map((b) => `${b.id.replace(/camt054-2027-01-08\.xml#1\./, '')} ${b.class}`).sort()).toEqual(['bank:4 amount-difference', 'bank:5 missing-in-ledger', 'ledger:INV-3 amount-difference']);
    expect((await breakException('bank:camt054-2027-01-08.xml#1.4', iban)).reason).toMatch(/amount-difference, 350.00 EUR on 2027-01-08, Clara Castellano .* 150\.00 EUR less than expected \(a partial payment\?\)/);
    expect(result.totals).toMatchObject({ accounts: 1, reconciled: 1, flagged: 0 });
  });
});

describe('a ledger export that cannot be reconciled', () => {
  it('is refused whole, naming the row and what to do: a row that cannot be read, a row with no account', async () => {
    const bad = ledgerFile('ledger-2027-02-01.csv', [
      ['Entry id', 'Account', 'Value date', 'Amount'],
      ['B1', ACCOUNT, '2027-02-01', '10.00'],
      ['B2', ACCOUNT, '2027-02-01', 'ten euros'],
    ]);
    await expect(dispatchFile(rt, 'reconcile-day', bad)).rejects.toThrow(/1 row\(s\) cannot be read \(row 3: /);
    const noAccount = ledgerFile('ledger-2027-02-02.csv', [
      ['Entry id', 'Value date', 'Amount'],
      ['C1', '2027-02-02', '10.00'],
    ]);
    await expect(dispatchFile(rt, 'reconcile-day', noAccount)).rejects.toThrow(/row 2 names no bank account, and the configuration does not name exactly one/);
  });
});
