import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Money } from '../../banking/index.js';
import { runExceptions, runOutcomeCounts, type RunItemOutcome } from '../kit/index.js';
import type { PaymentEntryInput, PaymentEntryResult } from '../payment-entry/index.js';
import type { PaymentBatchInput } from './plan.js';

export interface RunReport {
  runId: string;
  file: string;
  sha256: string;
  generatedAt: string;
  counts: { items: number; posted: number; alreadyPosted: number; exceptions: number; rejected: number; pending: number };
  /** Payments on the target (posted by this run, or found already posted), by currency. */
  totals: { currency: string; count: number; amount: string }[];
  exceptions: { businessKey: string; row?: number; type: string; status: string; reason: string; exceptionId: string }[];
  items: { businessKey: string; row?: number; status: string; outcome?: string; confirmation?: string; amount?: string; currency?: string }[];
}

/** What a run did: counts by outcome, totals by currency, every exception with its reason and source row. */
export function buildReport(runId: string, batch: PaymentBatchInput, outcomes: RunItemOutcome[], now = new Date()): RunReport {
  const rowOf = (o: RunItemOutcome) => (o.input as PaymentEntryInput | undefined)?.source?.row;
  const done = outcomes.filter((o) => o.status === 'done').map((o) => ({ o, r: o.result as PaymentEntryResult }));
  const byCurrency = new Map<string, Money[]>();
  for (const { r } of done) byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), Money.of(r.amount, r.currency)]);
  const exceptions = runExceptions(outcomes, (o) => ({ row: rowOf(o) }));
  const c = runOutcomeCounts(outcomes);
  const sorted = [...outcomes].sort((a, b) => (rowOf(a) ?? 0) - (rowOf(b) ?? 0));
  return {
    runId,
    file: batch.file,
    sha256: batch.sha256,
    generatedAt: now.toISOString(),
    counts: {
      items: c.items,
      posted: done.filter(({ r }) => r.outcome === 'posted').length,
      alreadyPosted: done.filter(({ r }) => r.outcome === 'already-posted').length,
      exceptions: c.exceptions,
      rejected: c.rejected,
      pending: c.pending,
    },
    totals: [...byCurrency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, list]) => ({ currency, count: list.length, amount: Money.sum(list, currency).toString() })),
    exceptions: exceptions.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
    items: sorted.map((o) => {
      const r = o.status === 'done' ? (o.result as PaymentEntryResult) : undefined;
      return { businessKey: o.businessKey, row: rowOf(o), status: o.status, outcome: r?.outcome, confirmation: r?.confirmation, amount: r?.amount, currency: r?.currency };
    }),
  };
}

/** Writes the report as JSON and XLSX under `<dataDir>/reports/`; returns the two paths. */
export async function writeReport(dataDir: string, report: RunReport): Promise<{ json: string; xlsx: string }> {
  const dir = path.join(dataDir, 'reports');
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, `${report.runId}.json`);
  const xlsx = path.join(dir, `${report.runId}.xlsx`);
  await writeFile(json, JSON.stringify(report, null, 2));
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet('Summary');
  summary.addRows([
    ['Run', report.runId],
    ['File', report.file],
    ['SHA-256', report.sha256],
    ['Generated', report.generatedAt],
    [],
    ['Outcome', 'Items'],
    ...Object.entries(report.counts).map(([k, v]) => [k, v]),
    [],
    ['Currency', 'Payments', 'Amount'],
    ...report.totals.map((t) => [t.currency, t.count, t.amount]),
  ]);
  const exc = wb.addWorksheet('Exceptions');
  exc.addRow(['Row', 'Business key', 'Type', 'Status', 'Reason', 'Exception id']);
  for (const e of report.exceptions) exc.addRow([e.row ?? '', e.businessKey, e.type, e.status, e.reason, e.exceptionId]);
  const items = wb.addWorksheet('Items');
  items.addRow(['Row', 'Business key', 'Status', 'Outcome', 'Confirmation', 'Amount', 'Currency']);
  for (const i of report.items) items.addRow([i.row ?? '', i.businessKey, i.status, i.outcome ?? '', i.confirmation ?? '', i.amount ?? '', i.currency ?? '']);
  await wb.xlsx.writeFile(xlsx);
  return { json, xlsx };
}
