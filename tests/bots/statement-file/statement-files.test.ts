/**
 * Statements that arrive as files take the path fetched ones take: a PDF statement and a camt.053 of
 * the next day kept and recorded in one sequence; a camt.054 notification kept as a report; a file
 * that is no statement, or a statement that does not add up, refused whole; a gap an exception.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeIBAN } from 'ibantools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileService, type ReconcileStores } from '../../../bots/reconcile/index.js';
import { statementFile, statementFiles } from '../../../bots/statement-file/index.js';
import { camt053, dayStatement } from '../../../legacy-bank/statement-files.js';
import { statementPdf } from '../../../legacy-bank/statement-pdf.js';
import type { Account } from '../../../legacy-bank/seed.js';
import { ownKeys } from '../../../queue/keys.js';
import { dispatchFile } from '../../../queue/run-sources.js';
import { WorkerHost } from '../../../queue/worker-host.js';
import { testConfig, testRuntime } from '../../helpers/runtime.js';
import { reconcileAccount, reconcileBreak, reconcileDay, type ReconcileAccountResult } from '../../../bots/reconcile-day/index.js';
import { itemIdFor } from '../../../queue/item-index.js';
import { doneResult } from '../../../queue/item-result.js';
import { waitFor } from '../../helpers/wait.js';

const rt = testRuntime({ bots: [statementFile, statementFiles, reconcileAccount, reconcileBreak, reconcileDay], config: testConfig({ reconciliation: { ledgerFiles: { amountLocale: 'plain' } } }) });
const books: ReconcileStores = reconcileService.make({ config: rt.config, redis: rt.redis, keyPrefix: ownKeys(rt.prefix), secrets: rt.secrets, log: rt.log });
const host = new WorkerHost(rt, ['statement-file', 'statement-files', 'reconcile-account', 'reconcile-break', 'reconcile-day']);
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-stmt-files-'));
beforeAll(() => host.start());
afterAll(async () => {
  await host.shutdown(1_000);
  await rt.close();
});

const account: Account = { accountNumber: '0815000042', iban: composeIBAN({ countryCode: 'DE', bban: '100200300815000042' })!, customerId: 'C1', holder: 'Hafen Logistik GmbH', currency: 'EUR', balance: 0, openingBalance: 250_000, overdraftLimit: 0, opened: '2026-01-01', transactions: [] };
function book(date: string, amount: number, description: string) {
  const balanceAfter = (account.transactions.at(-1)?.balanceAfter ?? account.openingBalance) + amount;
  account.transactions.push({ seq: account.transactions.length + 1, date, description, amount, balanceAfter, endToEndId: `E-${account.transactions.length + 1}`, counterparty: 'Reederei Nord' });
}
const write = (name: string, body: string | Buffer) => {
  const f = path.join(dir, name);
  writeFileSync(f, body);
  return f;
};
async function outcome(file: string) {
  const d = await dispatchFile(rt, 'statement-files', file);
  return waitFor(async () => {
    const item = await rt.items.get(d.items[0]!.itemId);
    if (item?.status === 'done') {
      const done = await doneResult(rt, 'statement-file', item.itemId);
      return done && { result: done.result as { kind: string; entries: number; opening?: string; closing?: string } };
    }
    if (item?.status === 'exception') return { exception: (await rt.exceptions.list({ itemId: item.itemId }))[0]!.reason };
    return undefined;
  }, `the statement of ${path.basename(file)}`);
}

describe('statement files', () => {
  it('keeps a PDF and the next day\'s camt.053 in one sequence, a camt.054 as a report, and refuses what is no statement or does not add up', async () => {
    for (let i = 0; i < 60; i++) book('2027-02-01', (i % 2 ? 1 : -1) * (1_000 + i * 37), `PAYMENT ${i}`); // two PDF pages
    book('2027-02-02', -12_345, 'SUPPLIER');
    const pdf = await outcome(write('statement-0201.pdf', await statementPdf(dayStatement(account, '2027-02-01'))));
    expect(pdf.result).toMatchObject({ kind: 'statement', entries: 60, opening: '2500.00' });
    const camt = await outcome(write('statement-0202.xml', camt053(dayStatement(account, '2027-02-02'))));
    expect(camt.result).toMatchObject({ kind: 'statement', entries: 1, opening: pdf.result!.closing });
    // The PDF prints the account's number, the camt.053 its IBAN (and so its number): one sequence, whichever a ledger names.
    expect((await books.statements.get('0815000042', '2027-02-01'))?.entries).toBe(60);
    expect((await books.statements.get('0815000042', '2027-02-02'))?.closing).toBe(camt.result!.closing);
    expect((await books.statements.get(account.iban, '2027-02-02'))?.closing).toBe(camt.result!.closing);

    // The PDF day reconciled from its kept file: every entry against the books by amount and date (a PDF carries no references).
    const books0201 = write('ledger-2027-02-01.csv', ['Entry id;Account;Value date;Amount', ...account.transactions.filter((t) => t.date === '2027-02-01').map((t, i) => `B${i};0815000042;2027-02-01;${(t.amount / 100).toFixed(2)}`)].join('\n') + '\n');
    const run = await dispatchFile(rt, 'reconcile-day', books0201);
    await waitFor(async () => (await rt.items.get(run.runId))?.status === 'done', 'the PDF day reconciled');
    const r = (await rt.queue('reconcile-account').getJob(itemIdFor('reconcile-account', '0815000042@2027-02-01')))!.returnvalue as ReconcileAccountResult;
    expect(r).toMatchObject({ matches: { total: 60, byRule: { 'amount-date-name': 60 } }, breaks: { opened: 0 }, balancing: { flagged: false, closing: pdf.result!.closing } });

    const camt054 = write(
      'notification.xml',
      `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>NTF-1</MsgId><CreDtTm>2027-02-03T10:00:00</CreDtTm></GrpHdr>` +
        `<Ntfctn><Id>NTF-1-1</Id><CreDtTm>2027-02-03T10:00:00</CreDtTm><Acct><Id><IBAN>${account.iban}</IBAN></Id></Acct>` +
        `<Ntry><Amt Ccy="EUR">150.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2027-02-03</Dt></BookgDt><ValDt><Dt>2027-02-03</Dt></ValDt><BkTxCd/><NtryDtls><TxDtls><Refs><EndToEndId>INV-77</EndToEndId></Refs><RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>` +
        `</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`,
    );
    expect((await outcome(camt054)).result).toMatchObject({ kind: 'report', entries: 1 });
    expect(await books.statements.reports(account.iban, '2027-02-03')).toEqual([expect.objectContaining({ kind: 'camt.054', entries: 1 })]);

    await expect(dispatchFile(rt, 'statement-files', write('ledger.csv', 'Date;Amount\n2027-02-01;10.00\n'))).rejects.toThrow(/the file is a text file \(CSV\)/);
    const broken = camt053(dayStatement(account, '2027-02-02')).replace(/<Amt Ccy="EUR">123\.45<\/Amt>/, '<Amt Ccy="EUR">123.46</Amt>');
    await expect(dispatchFile(rt, 'statement-files', write('broken.xml', broken))).rejects.toThrow(/does not add up|out of balance|balance/i);

    // A statement that does not open where the last one closed: a gap, an exception.
    // (the statement of 2027-02-03, with a booking, never arrived).
    book('2027-02-03', -500, 'MISSED');
    book('2027-02-04', -1_000, 'LATE');
    const gap = await outcome(write('statement-0204.xml', camt053(dayStatement(account, '2027-02-04'))));
    expect(gap.exception).toMatch(/gap in the statement sequence of DE\d{2}100200300815000042: the statement of 2027-02-04 opens with 2382.65 EUR, the one of 2027-02-02 closed with 2387.65 EUR/);
  });
});
