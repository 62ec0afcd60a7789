import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFailed } from 'vitest';
import { addDays, classifyError, nextBusinessDay, todayIn } from '../../banking/index.js';
import { paymentBatch, paymentBatchRun, PaymentFileRejected, type RunReport } from '../../bots/payment-batch/index.js';
import { paymentEntry } from '../../bots/payment-entry/index.js';
import { writeSamplePaymentFile } from '../../cli/sample-payment-file.js';
import { runDropFolder } from '../../queue/run-inboxes.js';
import { dispatchFile, FileNotAccepted } from '../../queue/run-sources.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-payfiles-'));
const env = useBankWorker({
  bots: [paymentEntry, paymentBatch],
  customers: 3,
  config: () => ({
    dataDir: path.join(dir, 'data'),
    bots: { 'payment-entry': { concurrency: 2, attempts: 3, backoffMs: 100 } },
    paymentFiles: { inbox: path.join(dir, 'drop', 'inbox'), pollMs: 100 },
  }),
});

const executionDate = () => nextBusinessDay(addDays(todayIn('Europe/Berlin', new Date()), 2));
const postingCounts = () => env.postingCounts();
const reportOf = async (runId: string) => {
  const job = await waitFor(async () => {
    const j = await env.rt.queue('payment-batch').getJob(runId);
    return j?.returnvalue && j;
  }, `the report of ${runId}`, 60_000);
  return JSON.parse(readFileSync(job.returnvalue.report.json, 'utf8')) as RunReport;
};

describe('a payment file, end to end', () => {
  it('enters every valid payment once, makes exceptions of invalid and duplicate rows, and writes the report', async () => {
    const file = path.join(dir, 'payments-a.xlsx');
    const sample = await writeSamplePaymentFile(file, { count: 14, invalid: 3, duplicates: 1, debitAccount: env.bank.state.accounts[0]!.accountNumber, executionDate: executionDate(), prefix: 'A' });
    const run = await dispatchFile(env.rt, 'payment-batch', file);
    expect(run.created).toBe(true);
    expect(run.items).toHaveLength(14);
    const report = await reportOf(run.runId);
    expect(report.counts).toMatchObject({ items: 14, posted: 10, alreadyPosted: 0, exceptions: 4, pending: 0 });
    expect(report.totals).toEqual([{ currency: 'EUR', count: 10, amount: `${sample.validCents / 100n}.${String(sample.validCents % 100n).padStart(2, '0')}` }]);
    expect(report.exceptions.map((e) => e.row).sort()).toEqual([...sample.invalidRows, ...sample.duplicateRows].sort());
    expect(report.exceptions.find((e) => e.row === sample.duplicateRows[0])!.reason).toMatch(/repeats the reference of row \d+/);
    const counts = await postingCounts();
    for (const ref of new Set(sample.references)) if (counts[ref] !== undefined) expect(counts[ref], ref).toBe(1);
    expect(Object.keys(counts).filter((r) => r.startsWith('A-'))).toHaveLength(10);
    expect(existsSync(report.runId ? path.join(env.rt.config.dataDir, 'reports', `${run.runId}.xlsx`) : '')).toBe(true);

    // The same file again: the same run, nothing new.
    const again = await dispatchFile(env.rt, 'payment-batch', file);
    expect(again).toMatchObject({ runId: run.runId, created: false });
    expect(Object.keys(await postingCounts()).filter((r) => r.startsWith('A-'))).toHaveLength(10);
  });

  it('refuses a file whose totals row does not match its payments, and one that is not a spreadsheet', async () => {
    const file = path.join(dir, 'tampered.csv');
    writeFileSync(file, 'Reference;Beneficiary;IBAN;Amount;Currency;Execution date\nT-1;Jane;DE89370400440532013000;10,00;EUR;01.12.2026\nTotal;;;99,00;;\n');
    await expect(dispatchFile(env.rt, 'payment-batch', file)).rejects.toThrow(/says 99.* add up to 10/);
    const garbage = path.join(dir, 'garbage.xlsx');
    writeFileSync(garbage, randomBytes(4096));
    const err = await dispatchFile(env.rt, 'payment-batch', garbage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileNotAccepted);
    expect((err as FileNotAccepted).message).toContain('garbage.xlsx');
    expect((err as FileNotAccepted).reason).toMatch(/the file is binary data; the run "payment-batch" \(Payment instruction file\) takes payment instruction files/);
    // A damaged workbook is still the sheet reader's to explain.
    const truncated = path.join(dir, 'truncated.xlsx');
    writeFileSync(truncated, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from('[Content_Types].xml'), randomBytes(200)]));
    expect(await dispatchFile(env.rt, 'payment-batch', truncated).catch((e: unknown) => e)).toBeInstanceOf(PaymentFileRejected);
  });

  it('a bank statement given to the payment run is refused with what it is and which runs exist, before any item', async () => {
    const camt = path.join(dir, 'statement.xml');
    writeFileSync(camt, '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr></BkToCstmrStmt></Document>\n');
    const err = (await dispatchFile(env.rt, 'payment-batch', camt).catch((e: unknown) => e)) as FileNotAccepted;
    expect(err).toBeInstanceOf(FileNotAccepted);
    expect(err.reason).toBe('the file is a camt.053 bank statement (ISO 20022 XML); the run "payment-batch" (Payment instruction file) takes payment instruction files: Excel workbooks (.xlsx) or CSV text, one payment per row');
    expect(err.whatNext).toMatch(/Runs: payment-batch \(payment instruction files/);
    const mt940 = path.join(dir, 'statement.sta');
    writeFileSync(mt940, ':20:REF\n:25:DE89370400440532013000\n:28C:1\n:60F:C240101EUR10,00\n:62F:C240102EUR10,00\n-\n');
    expect(((await dispatchFile(env.rt, 'payment-batch', mt940).catch((e: unknown) => e)) as FileNotAccepted).reason).toMatch(/^the file is an MT940 bank statement \(SWIFT\)/);
    expect(classifyError(err)).toBe('business');
  });

  it('the drop folder archives a processed file, and rejects the same content under another name and an unreadable file, with reasons', async () => {
    const folder = runDropFolder(env.rt, paymentBatchRun)!;
    await folder.start();
    try {
      const file = path.join(dir, 'payments-b.xlsx');
      await writeSamplePaymentFile(file, { count: 3, debitAccount: env.bank.state.accounts[1]!.accountNumber, executionDate: executionDate(), prefix: 'B' });
      copyFileSync(file, path.join(folder.dirs.inbox, 'b.xlsx'));
      await waitFor(() => readdirSync(folder.dirs.archive).includes('b.xlsx'), 'archived', 20_000);
      copyFileSync(file, path.join(folder.dirs.inbox, 'b-again.xlsx'));
      writeFileSync(path.join(folder.dirs.inbox, 'broken.xlsx'), 'PK\u0003\u0004 not really a zip');
      await waitFor(() => ['b-again.xlsx', 'broken.xlsx'].every((n) => readdirSync(folder.dirs.rejected).includes(n)), 'rejected', 20_000);
      expect(readFileSync(path.join(folder.dirs.rejected, 'b-again.xlsx.reason.txt'), 'utf8')).toMatch(/same content was already received as b\.xlsx/);
      expect(readFileSync(path.join(folder.dirs.rejected, 'broken.xlsx.reason.txt'), 'utf8')).toMatch(/What to do:/);
      expect(readdirSync(folder.dirs.inbox)).toEqual([]);
      // The attempt counter beside a file is removed just after the file is moved out: wait for that step.
      await waitFor(() => readdirSync(folder.dirs.processing).length === 0, 'processing/ emptied', 5_000).catch(() => undefined);
      expect(readdirSync(folder.dirs.processing)).toEqual([]);
    } finally {
      await folder.stop();
    }
  });

  it('a file that took its worker down twice (left in processing/, counted) is rejected at the next start with that reason; one that took it down once is tried again', { timeout: 60_000 }, async () => {
    const folder = runDropFolder(env.rt, paymentBatchRun)!;
    const { processing, rejected, archive } = folder.dirs;
    // What the drop folder logged, beside a failure: why a file was not archived.
    onTestFailed(() => console.log(env.logs.lines.filter((l) => l.includes('drop-folder')).slice(-10).join('\n')));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(processing, { recursive: true });
    const crasher = path.join(processing, 'crasher.xlsx');
    writeFileSync(crasher, 'PK whatever took the worker down');
    writeFileSync(path.join(processing, '.crasher.xlsx.attempts'), '2');
    const once = path.join(dir, 'payments-c.xlsx');
    await writeSamplePaymentFile(once, { count: 2, debitAccount: env.bank.state.accounts[1]!.accountNumber, executionDate: executionDate(), prefix: 'CR1' });
    copyFileSync(once, path.join(processing, 'c.xlsx'));
    writeFileSync(path.join(processing, '.c.xlsx.attempts'), '1');
    await folder.start();
    try {
      expect(readdirSync(rejected)).toContain('crasher.xlsx');
      expect(readFileSync(path.join(rejected, 'crasher.xlsx.reason.txt'), 'utf8')).toMatch(/reading this file stopped the worker 2 times/);
      // Taken up at once; should its dispatch fail for a reason not its own, the watcher tries it again 30 s later.
      await waitFor(() => readdirSync(archive).includes('c.xlsx'), 'c.xlsx archived', 45_000);
      // No attempt counter is left behind.
      expect(readdirSync(processing)).toEqual([]);
    } finally {
      await folder.stop();
    }
  });
});
