import { identifyFile } from '../../extractors/input/index.js';
import { defineRun } from '../kit/index.js';
import { planMandateSheet } from './plan.js';
import { planMandateScans } from './scan-plan.js';

/** Sheets: workbooks and CSV text (an empty or damaged one is explained by the sheet reader). */
const SHEETS = new Set(['spreadsheet', 'text', 'empty']);
/** Scans: a PDF or an image file, a form a page. */
const SCANS = new Set(['pdf', 'image']);

/**
 * Mandates as one run: a sheet (a CRM's export, Excel or CSV) with a mandate a row, or a file of
 * scanned forms (PDF, TIFF, PNG, JPEG) with a form a page; a mandate-entry item each, and the
 * run's report.
 */
export const mandateBatchRun = defineRun({
  name: 'mandate-batch',
  title: 'Mandates (sheet or scanned forms)',
  takes: 'SEPA mandates: a sheet (Excel .xlsx or CSV, one mandate per row) or scanned mandate forms (PDF, TIFF, PNG or JPEG, one form per page)',
  extensions: ['.xlsx', '.csv', '.txt', '.pdf', '.tif', '.tiff', '.png', '.jpg', '.jpeg'],
  accepts: async (file) => {
    const what = await identifyFile(file);
    return SHEETS.has(what.kind) || SCANS.has(what.kind) ? { accepted: true } : { accepted: false, fileIs: what.label };
  },
  inbox: (config) => {
    const m = config.mandateFiles;
    return { dir: m.inbox, watch: m.watch, pollMs: m.pollMs, maxCrashes: m.maxCrashes };
  },
  plan: async (file, config) => (SCANS.has((await identifyFile(file)).kind) ? planMandateScans(file, config) : planMandateSheet(file, config)),
});
