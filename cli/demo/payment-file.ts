import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { addDays, nextBusinessDay, todayIn } from '../../banking/index.js';
import type { RunReport } from '../../bots/payment-batch/index.js';
import { dispatchFile } from '../../queue/run-sources.js';
import type { Runtime } from '../../queue/runtime.js';
import { followRun } from '../run-progress.js';
import { writeSamplePaymentFile } from '../sample-payment-file.js';
import { printTable } from './print-table.js';

/**
 * Demo step 2: a payment instruction file of 50 payments, three of them invalid, one a duplicate
 * and one to a beneficiary on the sanctions list, entered on TX01 as one run (each payment screened
 * first); prints the run's report. True when the report says what the file holds: all but 5
 * posted, 5 exceptions (the sanctions hit a compliance hold, waiting for two people).
 */
export async function demoPaymentFile(rt: Runtime, debitAccount: string, count = 50): Promise<boolean> {
  const dir = path.resolve(rt.config.dataDir, 'demo');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const file = path.join(dir, `payments-${stamp}.xlsx`);
  const executionDate = nextBusinessDay(addDays(todayIn(rt.config.banking.timeZone, new Date()), 1), { holidays: rt.config.banking.holidays });
  const sample = await writeSamplePaymentFile(file, { count, invalid: 3, duplicates: 1, sanctioned: 1, debitAccount, executionDate, prefix: `D${stamp.slice(-8)}` });
  process.stdout.write(
    `\nPayment file: ${path.relative(process.cwd(), file)} (${count} payments; rows ${sample.invalidRows.join(', ')} invalid, row ${sample.duplicateRows.join(', ')} a duplicate, row ${sample.sanctionedRows.join(', ')} to a sanctioned beneficiary)\n`,
  );
  const run = await dispatchFile(rt, 'payment-batch', file);
  await followRun(rt, run.runId, process.stdout);
  const job = await rt.queue('payment-batch').getJob(run.runId);
  const paths = (job?.returnvalue as { report: { json: string; xlsx: string } }).report;
  const report = JSON.parse(readFileSync(paths.json, 'utf8')) as RunReport;
  process.stdout.write(`\nRun report ${report.runId} (${path.relative(process.cwd(), paths.xlsx)}):\n`);
  printTable(Object.entries(report.counts).map(([outcome, n]) => ({ outcome, items: String(n) })));
  printTable(report.totals.map((t) => ({ currency: t.currency, payments: String(t.count), total: t.amount })));
  printTable(report.exceptions.map((e) => ({ row: String(e.row ?? ''), type: e.type, reason: e.reason.slice(0, 110) })));
  const held = sample.invalidRows.length + sample.duplicateRows.length + sample.sanctionedRows.length;
  return report.counts.posted + report.counts.alreadyPosted === count - held && report.counts.exceptions === held;
}
