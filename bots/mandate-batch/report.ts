import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runExceptions, runOutcomeCounts, type RunItemOutcome } from '../kit/index.js';
import type { MandateEntryInput, MandateEntryResult } from '../mandate-entry/index.js';
import type { MandateBatchInput } from './plan.js';

export interface MandateRunReport {
  runId: string;
  file: string;
  sha256: string;
  generatedAt: string;
  counts: { items: number; entered: number; alreadyEntered: number; amended: number; alreadyAmended: number; exceptions: number; rejected: number; pending: number };
  /** Every exception with its reason and where the mandate came from (file, row or page; the crop for a scan). */
  exceptions: { businessKey: string; umr?: string; source?: string; row?: number; page?: number; crops?: string[]; type: string; status: string; reason: string; exceptionId: string }[];
  items: { businessKey: string; umr?: string; source?: string; row?: number; page?: number; status: string; outcome?: string; corrections?: number }[];
}

const inputOf = (o: RunItemOutcome) => o.input as MandateEntryInput | undefined;

/** What a mandate run did: counts by outcome, every exception with its reason and source. */
export function buildMandateReport(runId: string, batch: MandateBatchInput, outcomes: RunItemOutcome[], now = new Date()): MandateRunReport {
  const results = outcomes.filter((o) => o.status === 'done').map((o) => o.result as MandateEntryResult);
  const count = (outcome: MandateEntryResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  // The file a mandate came from (for scans, the scan inside its ZIP or folder), its row or page.
  const where = (o: RunItemOutcome) => {
    const i = inputOf(o);
    return { umr: i?.mandate?.umr || undefined, source: i?.source?.file, row: i?.source?.row, page: i?.source?.page };
  };
  const cropsOf = (o: RunItemOutcome) => {
    const crops = (inputOf(o)?.readingProblems ?? []).flatMap((p) => (p.crop ? [p.crop] : []));
    return crops.length ? { crops } : {};
  };
  const order = (a: { source?: string; row?: number; page?: number }, b: { source?: string; row?: number; page?: number }) =>
    (a.source ?? '').localeCompare(b.source ?? '') || (a.row ?? a.page ?? 0) - (b.row ?? b.page ?? 0);
  const c = runOutcomeCounts(outcomes);
  return {
    runId,
    file: batch.file,
    sha256: batch.sha256,
    generatedAt: now.toISOString(),
    counts: {
      items: c.items,
      entered: count('entered'),
      alreadyEntered: count('already-entered'),
      amended: count('amended'),
      alreadyAmended: count('already-amended'),
      exceptions: c.exceptions,
      rejected: c.rejected,
      pending: c.pending,
    },
    exceptions: runExceptions(outcomes, (o) => ({ ...where(o), ...cropsOf(o) })).sort(order),
    items: outcomes
      .map((o) => {
        const r = o.status === 'done' ? (o.result as MandateEntryResult) : undefined;
        return { businessKey: o.businessKey, ...where(o), status: o.status, outcome: r?.outcome, corrections: r?.corrections?.length };
      })
      .sort(order),
  };
}

/** Writes the report as JSON and XLSX under `<dataDir>/reports/`. */
export async function writeMandateReport(dataDir: string, report: MandateRunReport): Promise<{ json: string; xlsx: string }> {
  const dir = path.join(dataDir, 'reports');
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, `${report.runId}.json`);
  const xlsx = path.join(dir, `${report.runId}.xlsx`);
  await writeFile(json, JSON.stringify(report, null, 2));
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Summary').addRows([
    ['Run', report.runId],
    ['File', report.file],
    ['SHA-256', report.sha256],
    ['Generated', report.generatedAt],
    [],
    ['Outcome', 'Mandates'],
    ...Object.entries(report.counts).map(([k, v]) => [k, v]),
  ]);
  const exc = wb.addWorksheet('Exceptions');
  exc.addRow(['Source', 'Row', 'Page', 'UMR', 'Type', 'Status', 'Reason', 'Crops of the form', 'Exception id']);
  for (const e of report.exceptions) exc.addRow([e.source ?? '', e.row ?? '', e.page ?? '', e.umr ?? '', e.type, e.status, e.reason, (e.crops ?? []).join('\n'), e.exceptionId]);
  const items = wb.addWorksheet('Mandates');
  items.addRow(['Source', 'Row', 'Page', 'UMR', 'Status', 'Outcome', 'Corrections']);
  for (const i of report.items) items.addRow([i.source ?? '', i.row ?? '', i.page ?? '', i.umr ?? '', i.status, i.outcome ?? '', i.corrections ?? '']);
  await wb.xlsx.writeFile(xlsx);
  return { json, xlsx };
}
