/**
 * A reconciliation on the board: a break's exception page shows both sides' evidence (the statement
 * entry with its file and place, the open lines that could match it, their text escaped) and the
 * decision's fields; the decision made there is carried out; the day's run page links a page per
 * account with its balancing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcileAccount, reconcileBreak, reconcileDay } from '../../../../bots/reconcile-day/index.js';
import { itemIdFor } from '../../../../queue/item-index.js';
import { dispatchFile } from '../../../../queue/run-sources.js';
import { booksOf, bookTest, keepDayStatement, testAccount } from '../../../helpers/statements.js';
import { waitFor } from '../../../helpers/wait.js';
import { usePagesBoard } from './fixture.js';

const board = usePagesBoard({
  bots: [reconcileAccount, reconcileBreak, reconcileDay],
  workerBots: ['reconcile-account', 'reconcile-break', 'reconcile-day'],
  config: { reconciliation: { ledgerFiles: { amountLocale: 'plain' } } },
});
const DAY = '2027-04-06';
const account = testAccount('4711000777', 500_000);

describe('a reconciliation on the board', () => {
  it('shows a break with both sides and the decision; carries out a match made there; the run page links a page per account', async () => {
    bookTest(account, DAY, -4_200, 'CARD SETTLEMENT <b>APRIL</b>', { counterparty: 'Karten <script>alert(1)</script> Nord' });
    bookTest(account, DAY, 10_000, 'SEPA CREDIT TRANSFER', { endToEndId: 'INV-1', counterparty: 'Hanse Import' });
    await keepDayStatement(board.rt, booksOf(board.rt), account, DAY);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rpa-board-recon-')), `ledger-${DAY}.csv`);
    writeFileSync(file, ['Entry id;Account;Value date;Amount;Counterparty;End-to-end id', `L1;${account.accountNumber};${DAY};100.00;Hanse Import;INV-1`, `L2;${account.accountNumber};2027-03-01;-42.00;Kartenservice;`].join('\n') + '\n');
    const run = await dispatchFile(board.rt, 'reconcile-day', file);
    await waitFor(async () => (await board.rt.items.get(run.runId))?.status === 'done', 'the day reconciled');

    const breakId = `bank:${DAY}.xml#1.1`;
    const itemId = itemIdFor('reconcile-break', `${account.accountNumber}:${breakId}`);
    const exc = await waitFor(async () => (await board.rt.exceptions.list({ itemId, status: 'open', limit: 1 }))[0], 'the break in the inbox');
    const page = await board.get(`/exceptions/${exc.id}`, 'handler');
    expect(page.status).toBe(200);
    expect(page.text).toContain('This statement entry');
    expect(page.text).toContain(`${DAY}.xml BkToCstmrStmt/Stmt[1]/Ntry[1]`);
    expect(page.text).toContain('Open lines of this account that could match it');
    expect(page.text).toContain('ledger:L2');
    expect(page.text).toContain('Karten &lt;script&gt;alert(1)&lt;/script&gt; Nord');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toMatch(/name="in\.resolution\.action"/);
    expect(page.text).toContain('Lines to match with (ids)');

    // The handler matches it with the card line of the books (booked a month earlier there): both close.
    const decided = await board.post(`/exceptions/${exc.id}/resume`, 'handler', { 'in.resolution.action': 'match', 'in.resolution.lines': 'ledger:L2', 'in.resolution.note': 'card settlement of March' });
    expect(decided.status).toBe(303);
    await waitFor(async () => (await board.rt.items.get(itemId))?.status === 'done', 'the match carried out');
    await waitFor(async () => (await board.rt.items.get(itemIdFor('reconcile-break', `${account.accountNumber}:ledger:L2`)))?.status === 'done', 'the other line closed with it');

    const runPage = await board.get(`/runs/${run.runId}`, 'viewer');
    expect(runPage.text).toContain('Daily balancing');
    const link = `/runs/${run.runId}/pages/account-${account.accountNumber}`;
    expect(runPage.text).toContain(`href="${link}"`);
    const accountPage = await board.get(link, 'viewer');
    expect(accountPage.status).toBe(200);
    expect(accountPage.text).toMatch(/Bank: opening 5000.00 EUR, closing 5058.00 EUR/);
    expect(accountPage.text).toContain('Open breaks by class');
    expect((await board.get(`/runs/${run.runId}/pages/account-0000`, 'viewer')).status).toBe(404);
  });
});
